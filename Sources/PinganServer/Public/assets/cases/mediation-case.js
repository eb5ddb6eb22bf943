// 调解案件 (#/mediation/ID): parties (masked phones), mediators, sessions, outcome and fulfilment,
// with the forms that move the case on (a session, the outcome, the fulfilment).
import { api } from '../api.js';
import { h, mount, formatTime, toast } from '../dom.js';
import { card, fieldList, gridCrumbs, hashFor, showLoadError } from '../record-widgets.js';
import { formFields } from './forms.js';
import { FULFILMENT_NAMES, PARTY_ROLES } from './names.js';
import { frame, problemBox, roles } from './widgets.js';

/** A form inside a card (not a dialog): posts to path, then redraws the case. */
function inlineForm({ testid, fields, submitLabel, path, toBody, onDone }) {
  const form = formFields(fields);
  const errorEl = h('div');
  const submit = h('button.btn.btn-primary', { type: 'submit', 'data-testid': `${testid}-submit` }, submitLabel);
  const el = h('form.inline-form', { 'data-testid': testid, novalidate: true }, form.el, errorEl, h('div.actions', submit));
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    mount(errorEl);
    submit.disabled = true;
    try {
      const values = await form.values();
      const updated = await api(path, { method: 'POST', body: toBody(values) });
      onDone(updated);
    } catch (e) {
      if (e.status !== 401) mount(errorEl, problemBox(e, `${testid}-error`));
    } finally {
      submit.disabled = false;
    }
  });
  return el;
}

/** "2026-11-24T09:30" (datetime-local) → ISO 8601 in +08:00. */
function localToIso(v) { return v ? `${v}:00+08:00` : undefined; }

/** Draws the case page. */
export function renderMediationCase(main, { me, args }) {
  const id = args[0];
  const pane = frame(main, me, 'mediation');
  mount(pane, h('p.muted.pad', '加载中…'));
  const base = `/api/v1/mediation/cases/${encodeURIComponent(id)}`;

  function draw(c) {
    const writes = roles.writes(me);
    const open = ['accepted', 'mediating'].includes(c.status);
    const names = (c.mediators || []).map((m) => m.name);
    const redraw = (updated, message) => { toast(message, 'info'); draw(updated); };
    mount(pane, h('section.record-page#mediation-case', { 'data-testid': 'mediation-case', 'data-id': c.id, 'data-status': c.status },
      h('div.record-head',
        h('span.kind-badge', '人民调解'),
        h('h2.record-title', { 'data-testid': 'mediation-title' }, c.title),
        h('span.muted', c.number),
        h('span', { class: `mstatus mstatus-${c.status}`, 'data-testid': 'mediation-status' }, c.statusName)),
      h('div.record-grid',
        card('案件信息', fieldList([
          ['纠纷类型', c.kindName],
          ['案情简介', h('span.pre', c.summary || '')],
          ['调解委员会', c.committee],
          ['所属网格', gridCrumbs(c.grid, 'mediation-grid')],
          ['受理时间', formatTime(c.openedAt)],
          ['关联事件', c.eventId ? h('a', { href: hashFor(['events', c.eventId]), 'data-testid': 'mediation-event' }, '查看网格事件') : null],
        ])),
        card('当事人', h('ul.people-list', { 'data-testid': 'mediation-parties' }, (c.parties || []).map((p) => h('li', { 'data-testid': 'mediation-party' },
          h('span.role-tag', PARTY_ROLES[p.role] || p.role), h('b', p.name), p.phone ? h('span.masked', { 'data-testid': 'party-phone' }, p.phone) : null))),
        h('h4.sub-title', '调解员'),
        h('ul.people-list', { 'data-testid': 'mediation-mediators' }, (c.mediators || []).map((m) => h('li',
          h('span.role-tag', m.kindName || m.kind), h('b', m.name))))),
        card(`调解记录（${(c.sessions || []).length}）`,
          (c.sessions || []).length ? h('ol.timeline', { 'data-testid': 'mediation-sessions' }, c.sessions.map((s) => h('li.tl-entry', { 'data-testid': 'mediation-session' },
            h('div.tl-head', h('b', `第 ${s.seq} 次调解`), h('span.spacer'), h('time.tl-time', formatTime(s.at))),
            h('div.muted', `调解员：${(s.mediators || []).join('、') || '—'}`),
            h('div.tl-note', s.notes))))
            : h('p.muted', '尚未记录调解过程'),
          writes && open ? h('details.form-details', { open: !(c.sessions || []).length },
            h('summary', { 'data-testid': 'session-open' }, '记录一次调解'),
            inlineForm({
              testid: 'session-form', submitLabel: '保存调解记录', path: `${base}/sessions`,
              fields: [
                { name: 'at', label: '调解时间', type: 'datetime' },
                { name: 'mediators', label: '参加调解员', type: 'checks', options: names.map((n) => [n, n]), value: names },
                { name: 'notes', label: '调解情况', type: 'textarea', required: true, placeholder: '双方意见、调解过程' },
              ],
              toBody: (v) => ({ at: localToIso(v.at), mediators: v.mediators, notes: v.notes }),
              onDone: (u) => redraw(u, '已记录调解过程'),
            })) : null),
        card('调解结果',
          c.outcome ? fieldList([
            ['结果', h('b', { class: c.outcome.agreed ? 'ok-text' : 'overdue-text', 'data-testid': 'mediation-outcome' }, c.outcome.agreed ? '达成协议' : '调解不成')],
            ['协议内容', c.outcome.agreementText],
            ['涉及金额', c.outcome.amountYuan !== null && c.outcome.amountYuan !== undefined ? `${c.outcome.amountYuan} 元` : null],
            ['履行期限', c.outcome.fulfilDeadline],
          ]) : h('p.muted', '尚无调解结果'),
          writes && open ? h('details.form-details',
            h('summary', { 'data-testid': 'outcome-open' }, '记录调解结果'),
            inlineForm({
              testid: 'outcome-form', submitLabel: '保存调解结果', path: `${base}/outcome`,
              fields: [
                { name: 'agreed', label: '结果', type: 'radio', options: [['yes', '达成协议'], ['no', '调解不成']], value: 'yes' },
                { name: 'agreementText', label: '协议内容', type: 'textarea', placeholder: '达成协议时必填' },
                { name: 'amountYuan', label: '涉及金额（元，可选）', type: 'number', min: 0 },
                { name: 'fulfilDeadline', label: '履行期限（可选）', type: 'date' },
              ],
              toBody: (v) => ({ agreed: v.agreed === 'yes', agreementText: v.agreementText, amountYuan: v.amountYuan ?? undefined, fulfilDeadline: v.fulfilDeadline || undefined }),
              onDone: (u) => redraw(u, '已记录调解结果'),
            })) : null),
        c.outcome && c.outcome.agreed ? card('履行情况',
          c.fulfilment ? fieldList([
            ['状态', h('b', { 'data-testid': 'mediation-fulfilment' }, FULFILMENT_NAMES[c.fulfilment.status] || c.fulfilment.status)],
            ['时间', formatTime(c.fulfilment.at)],
            ['说明', c.fulfilment.note],
          ]) : null,
          writes && c.status === 'agreed' ? inlineForm({
            testid: 'fulfilment-form', submitLabel: '保存履行情况', path: `${base}/fulfilment`,
            fields: [
              { name: 'status', label: '履行情况', type: 'radio', options: [['fulfilled', '已履行'], ['breached', '未履行']], value: 'fulfilled' },
              { name: 'note', label: '说明', type: 'textarea', rows: 2 },
            ],
            toBody: (v) => ({ status: v.status, note: v.note }),
            onDone: (u) => redraw(u, '已记录履行情况'),
          }) : null) : null)));
  }

  api(base).then(draw).catch((e) => showLoadError(pane, e, 'mediation-case-error'));
}
