// 考核指标 (#/events/kpis?grid&from&to&category&department&by): the centre's KPIs for a grid and
// period, a breakdown by grid/department/category/month and a chart. Every number links to the
// event list behind it (#/events?kpi=…), whose total is that number.
import { api } from '../api.js';
import { h, mount, toast } from '../dom.js';
import { hashFor } from '../record-widgets.js';
import { loadChart } from '../stats-page.js';
import { loadReference } from './http.js';
import { KPI_FIGURES, pct, today } from './names.js';
import { categorySelect, departmentSelect, frame, problemBox, scopeRoot } from './widgets.js';

const BY = [['grid', '按网格'], ['department', '按部门'], ['category', '按类别'], ['month', '按月份']];

/** Period presets, computed from the county's today. */
export function presets(t = today()) {
  const [y, m] = t.split('-').map(Number);
  const first = (yy, mm) => `${yy}-${String(mm).padStart(2, '0')}-01`;
  const back = m - 4 <= 0 ? [y - 1, m + 8] : [y, m - 4];
  return {
    month: { label: '本月', from: first(y, m), to: t },
    five: { label: '近五个月', from: first(back[0], back[1]), to: t },
    year: { label: '今年', from: `${y}-01-01`, to: t },
  };
}

/** First and last day of month "YYYY-MM", clipped to [from, to]. */
function monthRange(key, from, to) {
  const [y, m] = key.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const a = `${key}-01`;
  const b = `${key}-${String(last).padStart(2, '0')}`;
  return { from: from && from > a ? from : a, to: to && to < b ? to : b };
}

/** Renders a figure: counts as integers, rates as %, hours with one decimal. */
function show(kind, v) {
  if (v === null || v === undefined) return '—';
  if (kind === 'rate') return pct(v);
  if (kind === 'hours') return `${Number(v).toFixed(1)}`;
  return String(v);
}

/** Draws the KPI page; returns its cleanup (the chart). */
export function renderKpiPage(main, { me, query }) {
  const root = scopeRoot(me);
  const p = presets();
  const state = {
    grid: query.get('grid') || (root && root.code) || '',
    from: query.get('from') || p.month.from,
    to: query.get('to') || p.month.to,
    category: query.get('category') || '',
    department: query.get('department') || '',
    by: query.get('by') || 'grid',
  };
  const pane = frame(main, me, 'kpis');
  const go = (change) => { location.hash = hashFor(['events', 'kpis'], { ...state, ...change }); };
  /** Address of the list behind a number (filters of the page plus the row's own). */
  const listHref = (kpi, extra = {}) => hashFor(['events'], {
    kpi, grid: state.grid, from: state.from, to: state.to, category: state.category, department: state.department, ...extra,
  });
  const numberLink = (kpi, kind, value, extra, testid, key) => h('a.kpi-link', {
    href: listHref(kpi, extra), 'data-testid': testid, 'data-kpi': key, 'data-list': kpi, 'data-value': String(value ?? ''),
    title: '查看明细',
  }, show(kind, value));

  let chart = null;
  let gone = false;
  const crumbs = h('ol.breadcrumb.breadcrumb-inline', { 'data-testid': 'kpi-grid-path' });
  const childSelect = h('select', { 'data-testid': 'kpi-grid-child', 'aria-label': '下级网格', hidden: true });
  const fromInput = h('input', { type: 'date', value: state.from, 'data-testid': 'kpi-from', 'aria-label': '开始日期' });
  const toInput = h('input', { type: 'date', value: state.to, 'data-testid': 'kpi-to', 'aria-label': '结束日期' });
  const catHolder = h('label', h('span', '类别'), h('select', { disabled: true }));
  const deptHolder = h('label', h('span', '部门'), h('select', { disabled: true }));
  const figures = h('div.kpi-figures', { 'data-testid': 'kpi-figures' }, h('p.muted.pad', '加载中…'));
  const table = h('div.table-scroll');
  const canvas = h('canvas', { 'data-testid': 'kpi-chart' });
  const presetKey = Object.entries(p).find(([, v]) => v.from === state.from && v.to === state.to);

  const page = h('section.list-page.kpi-page#kpi-page', { 'data-testid': 'kpi-page', 'data-grid': state.grid, 'data-from': state.from, 'data-to': state.to },
    h('div.toolbar', h('h2.page-title', '考核指标'), crumbs, childSelect),
    h('form.filters', { on: { submit: (ev) => { ev.preventDefault(); go({ from: fromInput.value, to: toInput.value }); } } },
      h('div.presets', Object.entries(p).map(([k, v]) => h('button.chip', {
        type: 'button', class: `chip${presetKey && presetKey[0] === k ? ' active' : ''}`, 'data-testid': 'kpi-preset', 'data-preset': k,
        on: { click: () => go({ from: v.from, to: v.to }) },
      }, v.label))),
      h('label', h('span', '自'), fromInput), h('label', h('span', '至'), toInput),
      catHolder, deptHolder,
      h('button.btn.btn-primary', { type: 'submit', 'data-testid': 'kpi-apply' }, '查询')),
    h('div.stats-body',
      figures,
      h('section.card',
        h('div.card-title', '分项统计', h('span.spacer'), h('div.by-tabs', BY.map(([k, label]) => h('button.chip', {
          type: 'button', class: `chip${state.by === k ? ' active' : ''}`, 'data-testid': 'kpi-by', 'data-by': k, on: { click: () => go({ by: k }) },
        }, label)))),
        table),
      h('section.card.chart-card', h('h3.card-title', '上报与结案'), h('div.chart-box', canvas))));
  mount(pane, page);

  loadReference().then((ref) => {
    if (gone) return;
    catHolder.lastChild.replaceWith(categorySelect(ref.categories, state.category, { 'data-testid': 'kpi-category', on: { change: (e) => go({ category: e.target.value }) } }));
    deptHolder.lastChild.replaceWith(departmentSelect(ref.departments, state.department, { 'data-testid': 'kpi-department', on: { change: (e) => go({ department: e.target.value }) } }));
  }).catch(() => {});

  if (!state.grid) { mount(figures, h('p.muted.pad', '您的账号尚未分配管辖网格')); return () => {}; }

  // Grid picker: the path back up (within the scope) and the children to drill down into.
  api(`/api/v1/grids/${encodeURIComponent(state.grid)}`).then((g) => {
    if (gone) return;
    const path = g.path || [{ code: g.code, name: g.name }];
    const rootAt = Math.max(0, path.findIndex((x) => root && x.code === root.code));
    mount(crumbs, path.slice(rootAt).map((x) => h('li', x.code === state.grid ? h('span.crumb-current', x.name)
      : h('a', { href: hashFor(['events', 'kpis'], { ...state, grid: x.code }) }, x.name))));
    const children = g.children || [];
    if (children.length) {
      mount(childSelect, h('option', { value: '' }, '下级网格…'), children.map((c) => h('option', { value: c.code }, c.name)));
      childSelect.hidden = false;
      childSelect.onchange = () => { if (childSelect.value) go({ grid: childSelect.value }); };
    }
  }).catch(() => {});

  Promise.all([
    api('/api/v1/events/kpis', { query: { grid: state.grid, from: state.from, to: state.to, category: state.category, department: state.department } }),
    api('/api/v1/events/kpis/breakdown', { query: { grid: state.grid, from: state.from, to: state.to, category: state.category, department: state.department, by: state.by } }),
  ]).then(async ([k, b]) => {
    if (gone) return;
    mount(figures, KPI_FIGURES.map(([key, label, kind, list]) => h('div.big-number.kpi-figure', { 'data-key': key, class: `big-number kpi-figure kpi-${kind}` },
      numberLink(list, kind, k[key], {}, 'kpi-figure', key),
      h('span.big-label', label, kind === 'hours' ? '（小时）' : '')),
    h('div.stats-note.muted', `${k.grid ? k.grid.name : ''} · ${state.from} 至 ${state.to}`)));

    // Breakdown: each row's numbers carry the row's own filter.
    const rowFilter = (item) => (state.by === 'grid' ? { grid: item.key } : state.by === 'department' ? { department: item.key }
      : state.by === 'category' ? { category: item.key } : monthRange(item.key, state.from, state.to));
    const items = b.items || [];
    mount(table, items.length ? h('table.data.kpi-table', { 'data-testid': 'kpi-breakdown', 'data-by': b.by || state.by },
      h('thead', h('tr', h('th', { grid: '网格', department: '部门', category: '类别', month: '月份' }[state.by]), KPI_FIGURES.map(([, label, kind]) => h('th', label, kind === 'hours' ? '(时)' : '')))),
      h('tbody', items.map((it) => h('tr', { 'data-testid': 'kpi-row', 'data-key': it.key },
        h('td', state.by === 'grid' ? h('a', { href: hashFor(['events', 'kpis'], { ...state, grid: it.key }), 'data-testid': 'kpi-drill', title: '进入下级' }, it.name) : it.name),
        KPI_FIGURES.map(([key, , kind, list]) => h('td.num', numberLink(list, kind, it[key], rowFilter(it), 'kpi-cell', key)))))))
      : h('p.muted', state.by === 'grid' ? '该网格没有下级' : '该期间没有事件'));
    page.dataset.loaded = 'true';

    if (!items.length) return;
    try {
      const Chart = await loadChart();
      if (gone) return;
      Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
      chart = new Chart(canvas.getContext('2d'), {
        data: {
          labels: items.map((i) => i.name),
          datasets: [
            { type: 'bar', label: '上报', backgroundColor: '#8aa9d6', data: items.map((i) => i.reported), yAxisID: 'y' },
            { type: 'bar', label: '结案', backgroundColor: '#1f6fd1', data: items.map((i) => i.closed), yAxisID: 'y' },
            { type: 'line', label: '按期结案率 %', borderColor: '#e0662d', backgroundColor: '#e0662d', data: items.map((i) => (i.onTimeClosureRate === null || i.onTimeClosureRate === undefined ? null : +(i.onTimeClosureRate * 100).toFixed(1))), yAxisID: 'rate' },
          ],
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, rate: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false } } },
          onClick: (_e, els) => { if (els.length) location.hash = listHref('reported', rowFilter(items[els[0].index])); },
        },
      });
      canvas.dataset.ready = 'true';
    } catch (e) { toast(e.message); }
  }).catch((e) => { if (!gone && e.status !== 401) mount(figures, problemBox(e, 'kpi-error')); });

  return () => { gone = true; if (chart) chart.destroy(); };
}
