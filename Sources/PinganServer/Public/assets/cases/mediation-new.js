// 受理调解 (#/mediation/new[?event=ID]): a new mediation case, optionally from a grid event (title,
// summary, grid and place come from the event). Parties and mediators are rows the user adds.
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { hashFor } from '../record-widgets.js';
import { newKey, postOnce } from './http.js';
import { MEDIATION_KINDS, MEDIATOR_KINDS, PARTY_ROLES } from './names.js';
import { frame, problemBox, scopeRoot } from './widgets.js';

const options = (names, value) => Object.entries(names).map(([v, l]) => h('option', { value: v, selected: v === value }, l));

/** A growing list of rows (parties or mediators); rows() reads them back. */
function rowList(testid, makeRow, first) {
  const list = h('div.row-list', { 'data-testid': testid });
  const add = (init) => {
    const row = makeRow(init || {});
    row.append(h('button.btn-icon', { type: 'button', 'aria-label': '删除', on: { click: () => row.remove() } }, '×'));
    list.append(row);
  };
  for (const r of first) add(r);
  return { el: list, add, rows: () => [...list.children] };
}

/** Draws the new-case form. */
export function renderMediationNew(main, { me, query }) {
  const pane = frame(main, me, 'mediation');
  const eventId = query.get('event') || '';
  const key = newKey();
  const root = scopeRoot(me);
  const title = h('input', { type: 'text', 'data-testid': 'mediation-field-title', placeholder: '如：张某与李某邻里纠纷' });
  const kind = h('select', { 'data-testid': 'mediation-field-kind' }, h('option', { value: '' }, '请选择'), options(MEDIATION_KINDS, ''));
  const summary = h('textarea', { rows: 4, 'data-testid': 'mediation-field-summary', placeholder: '纠纷起因、双方诉求' });
  const committee = h('input', { type: 'text', 'data-testid': 'mediation-field-committee', value: root ? `${root.name}人民调解委员会` : '' });
  const source = h('div.muted', { 'data-testid': 'mediation-source' });
  const errorEl = h('div');
  const parties = rowList('mediation-parties-input', (p) => h('div.form-row', { 'data-testid': 'party-row' },
    h('select', { 'data-role': 'role', 'aria-label': '身份' }, options(PARTY_ROLES, p.role || 'applicant')),
    h('input', { type: 'text', 'data-role': 'name', placeholder: '姓名', value: p.name || '' }),
    h('input', { type: 'tel', 'data-role': 'phone', placeholder: '联系电话（可选）', value: p.phone || '' })),
  [{ role: 'applicant' }, { role: 'respondent' }]);
  const mediators = rowList('mediation-mediators-input', (m) => h('div.form-row', { 'data-testid': 'mediator-row' },
    h('input', { type: 'text', 'data-role': 'name', placeholder: '调解员姓名', value: m.name || '' }),
    h('select', { 'data-role': 'kind', 'aria-label': '调解员类别' }, options(MEDIATOR_KINDS, m.kind || 'cadre'))),
  [{ kind: 'cadre' }]);
  const submit = h('button.btn.btn-primary.btn-touch', { type: 'submit', 'data-testid': 'mediation-submit' }, '受理');
  let fromEvent = null;

  const form = h('form.card.mediation-form', { 'data-testid': 'mediation-form', 'data-idempotency-key': key, novalidate: true },
    source,
    h('div.form-grid',
      h('label.stack', '案件名称 *', title),
      h('label.stack', '纠纷类型 *', kind),
      h('label.stack.wide', '案情简介', summary),
      h('label.stack.wide', '调解委员会 *', committee)),
    h('h4.sub-title', '当事人'), parties.el,
    h('button.btn.btn-small', { type: 'button', 'data-testid': 'add-party', on: { click: () => parties.add({ role: 'respondent' }) } }, '＋ 当事人'),
    h('h4.sub-title', '调解员'), mediators.el,
    h('button.btn.btn-small', { type: 'button', 'data-testid': 'add-mediator', on: { click: () => mediators.add({ kind: 'retiredCadre' }) } }, '＋ 调解员'),
    errorEl,
    h('div.actions', h('a.btn', { href: '#/mediation' }, '取消'), submit));
  mount(pane, h('section.record-page#mediation-new', { 'data-testid': 'mediation-new-page' }, h('h2.record-title', '受理人民调解'), form));

  if (eventId) {
    api(`/api/v1/events/${encodeURIComponent(eventId)}`).then((ev) => {
      fromEvent = ev;
      mount(source, '来自网格事件 ', h('a', { href: hashFor(['events', ev.id]) }, ev.number), `（${ev.category ? ev.category.name : ''}，${ev.grid ? ev.grid.name : ''}）`);
      if (!title.value) title.value = `${ev.category ? ev.category.name : '纠纷'}：${ev.description.slice(0, 24)}`;
      if (!summary.value) summary.value = ev.description;
      if (ev.category && /邻里/.test(ev.category.name)) kind.value = 'neighbour';
      else if (ev.category && /土地|山林/.test(ev.category.name)) kind.value = 'land';
      else if (ev.category && /劳资|劳动/.test(ev.category.name)) kind.value = 'labour';
      const village = (ev.grid && ev.grid.path || []).find((p) => p.level === 4);
      if (village) committee.value = `${village.name}人民调解委员会`;
    }).catch((e) => { if (e.status !== 401) mount(source, problemBox(e)); });
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    mount(errorEl);
    const body = {
      title: title.value.trim(), kind: kind.value, summary: summary.value.trim(), committee: committee.value.trim(),
      parties: parties.rows().map((r) => ({
        role: r.querySelector('[data-role=role]').value, name: r.querySelector('[data-role=name]').value.trim(),
        phone: r.querySelector('[data-role=phone]').value.trim() || undefined,
      })).filter((p) => p.name),
      mediators: mediators.rows().map((r) => ({ name: r.querySelector('[data-role=name]').value.trim(), kind: r.querySelector('[data-role=kind]').value })).filter((m) => m.name),
    };
    if (fromEvent) Object.assign(body, { eventId: fromEvent.id, grid: fromEvent.grid && fromEvent.grid.code, lat: fromEvent.lat, lng: fromEvent.lng });
    submit.disabled = true;
    try {
      const { body: c } = await postOnce('/api/v1/mediation/cases', body, key);
      location.hash = hashFor(['mediation', c.id]);
    } catch (e) {
      if (e.status !== 401) mount(errorEl, problemBox(e, 'mediation-error'));
    } finally {
      submit.disabled = false;
    }
  });
}
