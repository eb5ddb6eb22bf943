// 人民调解 (#/mediation): the mediation KPIs of the scope, filters and the case list.
import { api } from '../api.js';
import { h, mount, formatTime } from '../dom.js';
import { hashFor, pager } from '../record-widgets.js';
import { MEDIATION_KINDS, MEDIATION_STATUS, pct } from './names.js';
import { frame, problemBox, roles } from './widgets.js';

const LIMIT = 50;

function kpiStrip(k, base) {
  const link = (status) => hashFor(['mediation'], { ...base, status });
  const n = (label, value, testid, href) => h('div.big-number', { 'data-testid': testid, 'data-value': String(value ?? '') },
    href ? h('a', { href }, String(value ?? '—')) : h('span.big-value', String(value ?? '—')), h('span.big-label', label));
  return [
    h('div.big-numbers', { 'data-testid': 'mediation-kpis' },
      n('调解案件', k.cases, 'mediation-kpi-cases', link('')),
      n('达成协议', k.agreements, 'mediation-kpi-agreements'),
      n('调解成功率', pct(k.successRate), 'mediation-kpi-success'),
      n('已履行', k.fulfilled, 'mediation-kpi-fulfilled', link('fulfilled')),
      n('履行率', pct(k.fulfilmentRate), 'mediation-kpi-fulfilment')),
    (k.byKind || []).length ? h('div.kind-title.muted', '各类纠纷调解成功数 / 案件数') : null,
    (k.byKind || []).length ? h('div.kind-bars', { 'data-testid': 'mediation-by-kind' }, k.byKind.map((x) => h('a.kind-bar', {
      href: hashFor(['mediation'], { ...base, kind: x.kind }), 'data-kind': x.kind,
    }, h('span.kind-name', x.kindName || MEDIATION_KINDS[x.kind]), h('span.kind-meter', h('span', { style: `width:${x.cases ? Math.round((x.agreements / x.cases) * 100) : 0}%` })),
    h('span.kind-num', `${x.agreements}/${x.cases}`)))) : null,
  ];
}

/** Draws the mediation list; returns nothing to clean up. */
export function renderMediationList(main, { me, query }) {
  const state = Object.fromEntries(['status', 'kind', 'from', 'to', 'grid', 'offset'].map((k) => [k, query.get(k) || '']));
  const pane = frame(main, me, 'mediation');
  const go = (change) => { location.hash = hashFor(['mediation'], { ...state, offset: '', ...change }); };
  const select = (name, names, label) => h('select', { 'data-testid': `mediation-filter-${name}`, 'aria-label': label, on: { change: (e) => go({ [name]: e.target.value }) } },
    h('option', { value: '' }, `全部${label}`), Object.entries(names).map(([v, l]) => h('option', { value: v, selected: v === state[name] }, l)));
  const fromInput = h('input', { type: 'date', value: state.from, 'data-testid': 'mediation-filter-from' });
  const toInput = h('input', { type: 'date', value: state.to, 'data-testid': 'mediation-filter-to' });
  const kpiEl = h('div.mediation-kpis');
  const listEl = h('div.table-wrap');
  const pagerEl = h('div');
  mount(pane, h('section.list-page#mediation-page', { 'data-testid': 'mediation-page' },
    h('div.toolbar', h('h2.page-title', '人民调解'), h('div.spacer'),
      roles.writes(me) ? h('a.btn.btn-primary', { href: '#/mediation/new', 'data-testid': 'mediation-new' }, '＋ 受理调解') : null),
    h('form.filters', { on: { submit: (e) => { e.preventDefault(); go({ from: fromInput.value, to: toInput.value }); } } },
      h('label', h('span', '状态'), select('status', MEDIATION_STATUS, '状态')),
      h('label', h('span', '纠纷类型'), select('kind', MEDIATION_KINDS, '类型')),
      h('label', h('span', '受理自'), fromInput), h('label', h('span', '至'), toInput),
      h('button.btn', { type: 'submit' }, '查询')),
    h('div.stats-body', kpiEl), listEl, pagerEl));

  api('/api/v1/mediation/kpis', { query: { grid: state.grid, from: state.from, to: state.to } })
    .then((k) => mount(kpiEl, kpiStrip(k, { grid: state.grid, from: state.from, to: state.to })))
    .catch((e) => { if (e.status !== 401) mount(kpiEl, problemBox(e)); });

  const offset = Number(state.offset || 0);
  api('/api/v1/mediation/cases', { query: { ...state, offset, limit: LIMIT } }).then((r) => {
    mount(listEl, h('table.data', { 'data-testid': 'mediation-list', 'data-total': String(r.total) },
      h('thead', h('tr', ['编号', '案件', '类型', '状态', '网格', '调解委员会', '受理时间', '关联事件'].map((t) => h('th', t)))),
      h('tbody', r.items.length ? r.items.map((c) => h('tr', { 'data-testid': 'mediation-row', 'data-id': c.id, 'data-status': c.status },
        h('td', h('a', { href: hashFor(['mediation', c.id]) }, c.number)),
        h('td', h('a', { href: hashFor(['mediation', c.id]) }, c.title)),
        h('td', c.kindName), h('td', h('span', { class: `mstatus mstatus-${c.status}` }, c.statusName)),
        h('td', c.gridName), h('td', c.committee), h('td.nowrap', formatTime(c.openedAt).slice(0, 16)),
        h('td', c.eventId ? h('a', { href: hashFor(['events', c.eventId]) }, '查看事件') : '—')))
        : h('tr', h('td.empty', { colspan: 8 }, '没有符合条件的调解案件')))));
    mount(pagerEl, r.total > LIMIT ? pager({ total: r.total, offset, limit: LIMIT, onPage: (o) => go({ offset: String(o) }) }) : null);
  }).catch((e) => { if (e.status !== 401) mount(listEl, problemBox(e, 'mediation-error')); });
}
