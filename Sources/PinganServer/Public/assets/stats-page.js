// 统计 (#/stats?grid=CODE&date=YYYY-MM-DD): totals of a grid node as big numbers, a Chart.js bar
// chart and a table of its children. Every number links to #/records, the records behind it.
import { api } from './api.js';
import { h, mount, toast } from './dom.js';
import { levelName } from './levels.js';
import { hashFor } from './record-widgets.js';

/** The metrics of /stats/population in display order with their Chinese names. */
export const METRICS = [
  ['registered', '户籍人口'], ['floating', '流动人口'], ['away', '外出人口'], ['households', '家庭户'],
  ['houses', '房屋'], ['organisations', '单位'], ['specialGroups', '重点人员'], ['overdueVisits', '逾期走访'],
];
export const METRIC_NAMES = Object.fromEntries(METRICS);
// The chart stacks the three population metrics: one bar per child reads as its total population.
const CHART_SERIES = [['registered', '#1f6fd1'], ['floating', '#e0662d'], ['away', '#8a9bb0']];

let chartLoading = null;
/** Loads Chart.js 3.9 (Debian's UMD build, served by our server) once; resolves to window.Chart. */
export function loadChart() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!chartLoading) {
    chartLoading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/vendor/chart.js/chart.min.js';
      s.onload = () => resolve(window.Chart);
      s.onerror = () => { chartLoading = null; reject(new Error('图表组件加载失败')); };
      document.head.append(s);
    });
  }
  return chartLoading;
}

/** Link of a number to the records behind it. */
function metricLink(code, metric, value, date, testid) {
  return h('a.metric-link', {
    href: hashFor(['records'], { grid: code, metric, date }), 'data-testid': testid, 'data-metric': metric, 'data-grid': code,
    title: `查看${METRIC_NAMES[metric] || metric}明细`,
  }, String(value ?? 0));
}

/** Draws the statistics page; returns the cleanup (destroys the chart). */
export function renderStatsPage(main, { me, query }) {
  const roots = (me.scopes || []).filter((s) => s.layer === 'governance');
  const code = query.get('grid') || (roots[0] && roots[0].code);
  const date = query.get('date') || '';
  let chart = null;
  let gone = false;

  const dateInput = h('input#stats-date', { type: 'date', 'data-testid': 'stats-date', value: date, 'aria-label': '统计日期' });
  const nodeSelect = h('select#stats-node', { 'data-testid': 'stats-node', 'aria-label': '统计范围' },
    roots.map((r) => h('option', { value: r.code, selected: r.code === code }, r.name)));
  const crumbs = h('ol.breadcrumb.breadcrumb-inline#stats-breadcrumb', { 'data-testid': 'stats-breadcrumb' });
  const totalsEl = h('div.big-numbers#stats-totals', { 'data-testid': 'stats-totals' }, h('p.muted.pad', '加载中…'));
  const canvas = h('canvas#stats-chart', { 'data-testid': 'stats-chart' });
  const chartCard = h('section.card.chart-card', h('h3.card-title', '下级人口对比（点击柱形进入下级）'), h('div.chart-box', canvas));
  const childrenEl = h('div.table-scroll');
  const go = (grid, d = dateInput.value) => { location.hash = hashFor(['stats'], { grid, date: d }); };

  nodeSelect.addEventListener('change', () => go(nodeSelect.value));
  dateInput.addEventListener('change', () => go(code));

  mount(main, h('section.list-page#stats-page', { 'data-testid': 'stats-page', 'data-code': code || '' },
    h('div.toolbar', h('h2.page-title', '统计'),
      roots.length > 1 ? h('label.inline', h('span', '范围'), nodeSelect) : null,
      crumbs, h('div.spacer'),
      h('label.inline', h('span', '日期'), dateInput),
      date ? h('button.btn.btn-ghost', { type: 'button', on: { click: () => go(code, '') } }, '今日') : null),
    h('div.stats-body', totalsEl, chartCard, h('section.card', h('h3.card-title', '下级明细'), childrenEl))));

  if (!code) { mount(totalsEl, h('p.muted.pad', '您的账号尚未分配管辖网格')); return () => {}; }

  // The breadcrumb comes from the grid tree so any level can be climbed back.
  api(`/api/v1/grids/${encodeURIComponent(code)}`).then((g) => {
    mount(crumbs, (g.path || []).map((p) => h('li', p.code === code ? h('span.crumb-current', p.name)
      : h('a', { href: hashFor(['stats'], { grid: p.code, date }) }, p.name))));
  }).catch(() => { /* the statistics request reports errors */ });

  api('/api/v1/stats/population', { query: { grid: code, date } }).then(async (stats) => {
    if (gone) return;
    const totals = stats.totals || {};
    const shown = METRICS.filter(([k]) => k in totals);
    main.querySelector('#stats-page').dataset.loaded = 'true';
    mount(totalsEl, shown.map(([k, name]) => h('div.big-number', { 'data-metric': k, class: `big-number${k === 'overdueVisits' && totals[k] ? ' alert' : ''}` },
      metricLink(code, k, totals[k], date, 'stats-total'), h('span.big-label', name))),
    h('div.stats-note.muted', `${stats.grid ? stats.grid.name : ''} · ${stats.date ? `截至 ${stats.date}` : '当前'}`));

    const children = stats.children || [];
    mount(childrenEl, children.length ? h('table.data#stats-children', { 'data-testid': 'stats-children' },
      h('thead', h('tr', h('th', '名称'), shown.map(([, n]) => h('th', n)))),
      h('tbody', children.map((c) => h('tr', { 'data-testid': 'stats-child-row', 'data-code': c.code },
        h('td', h('a', { href: hashFor(['stats'], { grid: c.code, date }), title: `进入${c.name}` }, c.name), h('span.muted', ` ${levelName(c.level)}`)),
        shown.map(([k]) => h('td.num', metricLink(c.code, k, (c.totals || {})[k], date, 'stats-child-value')))))))
      : h('p.muted', '该网格已是最小单元，没有下级'));

    chartCard.hidden = !children.length;
    if (!children.length) return;
    try {
      const Chart = await loadChart();
      if (gone) return;
      Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
      chart = new Chart(canvas.getContext('2d'), {
        type: 'bar',
        data: {
          labels: children.map((c) => c.name),
          datasets: CHART_SERIES.filter(([k]) => k in totals).map(([k, colour]) => ({
            label: METRIC_NAMES[k], backgroundColor: colour, data: children.map((c) => (c.totals || {})[k] || 0),
          })),
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: 'top' } },
          onClick: (_ev, elements) => { if (elements.length) go(children[elements[0].index].code); },
        },
      });
      canvas.dataset.ready = 'true';
    } catch (e) { toast(e.message); }
  }).catch((e) => {
    if (e.status === 401) return;
    mount(totalsEl, h('p.muted.pad', { 'data-testid': 'stats-error' }, e.message));
  });

  return () => { gone = true; if (chart) chart.destroy(); };
}
