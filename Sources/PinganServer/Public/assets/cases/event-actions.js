// The workflow buttons of an event: only those in allowedActions, each opening a small form with
// the fields that step needs, posted to /events/{id}/actions. Errors (problem+json) stay in the form.
import { api } from '../api.js';
import { h, toast } from '../dom.js';
import { openForm } from './forms.js';
import { loadReference } from './http.js';
import { ACTION_LABELS } from './names.js';

const REASON = (placeholder) => ({ name: 'reason', label: '原因', type: 'textarea', required: true, placeholder });
const NOTE = (label = '备注（可选）') => ({ name: 'note', label, type: 'textarea', rows: 2 });
// Working minutes: a working day is 7 hours (08:30–12:00, 14:00–17:30).
const EXTENSION_CHIPS = [['半天', 210], ['1 个工作日', 420], ['2 个工作日', 840], ['3 个工作日', 1260], ['5 个工作日', 2100]];

/** Buttons that need more care look different (they end or divert the workflow). */
const DANGER = new Set(['cancel', 'stand', 'sendBack', 'rework', 'rejectExtension', 'merge']);
const PRIMARY = new Set(['register', 'dispatch', 'accept', 'feedback', 'verify', 'close', 'approveExtension', 'resume']);

/** Fields of each action's form; some depend on the event (the dispatch default, merge candidates). */
async function formFor(action, ev) {
  switch (action) {
    case 'register': return { fields: [NOTE('立案意见（可选）')] };
    case 'dispatch': {
      const ref = await loadReference();
      const cat = ref.category(ev.category.code);
      const dflt = cat ? cat.departmentCode : '';
      return {
        intro: cat ? h('p.muted', `“${cat.name}”的责任部门：${cat.departmentName || dflt}`) : null,
        fields: [
          { name: 'department', label: '承办部门', type: 'select', required: true, value: dflt, options: [['', '请选择'], ...ref.departments.map((d) => [d.code, d.name])] },
          NOTE('派遣意见（可选）'),
        ],
      };
    }
    case 'sendBack': return { fields: [REASON('如：不属本部门职责，建议派遣至…')] };
    case 'accept': return { fields: [NOTE()] };
    case 'requestExtension': return {
      fields: [
        { name: 'minutes', label: '延期时长（工作分钟）', type: 'number', required: true, min: 30, chips: EXTENSION_CHIPS, hint: '每个工作日按 7 小时计' },
        REASON('如：需采购材料、需协调其他部门'),
      ],
    };
    case 'approveExtension': return {
      intro: ev.extensionPending ? h('p', { 'data-testid': 'extension-request' }, `申请延期 ${ev.extensionPending.minutes} 个工作分钟：${ev.extensionPending.reason || ''}`) : null,
      fields: [NOTE()],
    };
    case 'rejectExtension': return { fields: [REASON('驳回理由')] };
    case 'feedback': return { fields: [{ name: 'note', label: '处置情况', type: 'textarea', required: true, placeholder: '处置经过与结果' }, { name: 'photos', label: '处置后照片', type: 'photos' }] };
    case 'verify': return { fields: [NOTE('核查意见（可选）')] };
    case 'rework': return { fields: [REASON('如：现场仍有残留，未处理到位')] };
    case 'close': return { fields: [NOTE('结案意见（可选）')] };
    case 'stand': return { fields: [REASON('如：需多部门协调、资金未落实')] };
    case 'resume': return { fields: [NOTE()] };
    case 'cancel': return { fields: [REASON('如：重复上报、不属于网格事件')] };
    case 'merge': {
      let candidates = [];
      try {
        const d = await api('/api/v1/events/duplicates', { query: { lat: ev.lat, lng: ev.lng, category: ev.category.code } });
        candidates = (d.items || []).filter((x) => String(x.id) !== String(ev.id));
      } catch { /* the user can still type an id */ }
      return {
        intro: h('p.muted', '把本事件作为重复件合并到另一事件（本事件作废，记为重复）。'),
        fields: [{
          name: 'into', label: '合并到（事件编号或 ID）', required: true, placeholder: '如 SJ20261124-0007',
          chips: candidates.map((c) => [`${c.number} · ${c.distanceMeters} 米`, c.number]),
        }],
      };
    }
    default: return { fields: [NOTE()] };
  }
}

/** Turns a typed event number (SJ…) into its id; ids pass unchanged. */
async function resolveEventId(text) {
  if (!/^SJ/i.test(text)) return text;
  const found = await api('/api/v1/events', { query: { q: text, limit: 5 } });
  const hit = (found.items || []).find((x) => x.number.toUpperCase() === text.toUpperCase());
  if (!hit) {
    const e = new Error(`未找到事件“${text}”`);
    e.problem = { errors: [{ field: 'into', message: `未找到事件“${text}”` }] };
    throw e;
  }
  return hit.id;
}

/** Posts one action; resolves to the updated event. */
export async function postAction(id, action, values) {
  const body = { action };
  for (const [k, v] of Object.entries(values || {})) {
    if (v === '' || v === null || v === undefined || (Array.isArray(v) && !v.length && k !== 'photos')) continue;
    body[k] = v;
  }
  if (action === 'merge') body.into = await resolveEventId(String(body.into || ''));
  return api(`/api/v1/events/${encodeURIComponent(id)}/actions`, { method: 'POST', body });
}

/**
 * Opens the form of one action; resolves to {event, done}: the updated event after the step, the
 * event as it is now when the step met a 409 (someone else moved it: the page must redraw), or null.
 */
export async function runAction(ev, action) {
  const { intro, fields } = await formFor(action, ev);
  let stale = false;
  const updated = await openForm({
    title: `${ACTION_LABELS[action] || action} · ${ev.number}`,
    intro,
    fields,
    submitLabel: ACTION_LABELS[action] || '确定',
    danger: DANGER.has(action),
    data: { action },
    onSubmit: (values) => postAction(ev.id, action, values).catch((e) => { if (e.status === 409) stale = true; throw e; }),
  });
  if (updated) return { event: updated, done: true };
  if (stale) return { event: await api(`/api/v1/events/${encodeURIComponent(ev.id)}`), done: false };
  return null;
}

/** The action buttons for an event; onDone(event, action|null) redraws the page (null: refreshed after a conflict). */
export function actionBar(ev, onDone) {
  const actions = ev.allowedActions || [];
  return h('div.action-bar', { 'data-testid': 'event-actions', 'data-actions': actions.join(' ') },
    actions.length ? actions.map((a) => h('button.btn', {
      type: 'button',
      class: `btn btn-touch${PRIMARY.has(a) ? ' btn-primary' : ''}${DANGER.has(a) ? ' btn-warn' : ''}`,
      'data-testid': `action-${a}`,
      on: { click: async () => {
        try {
          const r = await runAction(ev, a);
          if (r) onDone(r.event, r.done ? a : null);
        } catch (e) { if (e.status !== 401) toast(e.message); }
      } },
    }, ACTION_LABELS[a] || a)) : h('span.muted', '当前环节无需您办理'));
}
