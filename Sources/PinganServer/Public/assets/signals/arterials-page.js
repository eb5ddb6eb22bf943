// 干线绿波 (#/signals?period=…): every arterial with its length, cycle, both bands and the band
// efficiency of the current plans next to the optimized proposal, for one period of the day.
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { PERIOD_NAMES, km, num, pct, periodOf, periodSwitch, signalsFrame, signalsHash, loadError } from './common.js';

/** Efficiency of the current plan against the proposal as two thin bars (0–50 % is the useful range). */
function efficiencyBars(current, optimized) {
  const bar = (v, cls) => h('span', { class: `sig-effbar ${cls}`, style: `width:${Math.min(100, Math.max(0, v * 200)).toFixed(1)}%` });
  return h('div.sig-eff', { title: '带宽效率 = (正向带宽 + 反向带宽) / (2 × 周期)' },
    h('div.sig-eff-row', h('span.sig-eff-label', '现行'), h('span.sig-eff-track', bar(current.efficiency, 'sig-effbar-current')),
      h('b.sig-eff-value', { 'data-testid': 'arterial-eff-current' }, pct(current.efficiency))),
    optimized ? h('div.sig-eff-row', h('span.sig-eff-label', '优化'), h('span.sig-eff-track', bar(optimized.efficiency, 'sig-effbar-opt')),
      h('b.sig-eff-value.sig-better', { 'data-testid': 'arterial-eff-optimized' }, pct(optimized.efficiency))) : null);
}

/** "38 → 45" when the proposal differs, the current value alone otherwise. */
function pair(cur, opt, testid) {
  const a = num(cur);
  if (opt === null || opt === undefined) return h('span', { 'data-testid': testid }, a);
  const b = num(opt);
  return h('span', { 'data-testid': testid }, a, h('span.sig-arrow', ' → '), h('b', { class: opt > cur ? 'sig-better' : (opt < cur ? 'sig-worse' : '') }, b));
}

function row(a, period) {
  const o = a.optimized;
  const href = signalsHash(['arterial', a.id], { period });
  const cell = (label, ...content) => h('td', { 'data-label': label }, ...content);
  return h('tr', { 'data-testid': 'arterial-row', 'data-id': a.id },
    h('td.sig-name-cell', { 'data-label': '干线' }, h('a', { href, 'data-testid': 'arterial-link' }, a.name)),
    cell('路口', h('span', { 'data-testid': 'arterial-intersections' }, a.intersections)),
    cell('长度', h('span', { 'data-testid': 'arterial-length' }, km(a.lengthMeters))),
    cell('周期（秒）', pair(a.current.cycle, o && o.cycle, 'arterial-cycle')),
    cell('正向带宽（秒）', pair(a.current.outbound, o && o.outbound, 'arterial-outbound')),
    cell('反向带宽（秒）', pair(a.current.inbound, o && o.inbound, 'arterial-inbound')),
    cell('带宽效率', efficiencyBars(a.current, o)),
    cell('优化方案', o ? h('span.sig-status.sig-status-ready', '待采用') : h('span.sig-status', '未优化')));
}

/** Draws the arterial list; returns the cleanup. */
export function renderArterialsPage(main, { query }) {
  const period = periodOf(query);
  const pane = signalsFrame(main, 'arterials');
  const body = h('div.sig-body', h('p.muted.pad', '加载中…'));
  mount(pane, h('section.sig-page#signals-arterials', { 'data-testid': 'signals-arterials', 'data-period': period },
    h('div.toolbar',
      h('h2.page-title', '干线绿波协调'),
      periodSwitch(period, (p) => signalsHash([], { period: p })),
      h('div.spacer'),
      h('span.muted.sig-hint', '点击干线查看时空图、优化与采用方案')),
    body));

  let gone = false;
  api('/api/v1/signals/arterials', { query: { period } }).then((answer) => {
    if (gone) return;
    const items = answer.items || [];
    pane.querySelector('#signals-arterials').dataset.loaded = 'true';
    if (!items.length) { mount(body, h('div.empty-state', h('h2', '暂无干线'), h('p', '尚未配置信号控制干线。'))); return; }
    const total = items.reduce((n, a) => n + (a.intersections || 0), 0);
    mount(body,
      h('p.sig-summary', `${PERIOD_NAMES[period]} · ${items.length} 条干线 · ${total} 个路口 · `,
        `${items.filter((a) => a.optimized).length} 条有待采用的优化方案`),
      h('div.card.sig-table-card', h('table.data.sig-table.sig-stack#arterials-table', { 'data-testid': 'arterials-table' },
        h('thead', h('tr', ['干线', '路口', '长度', '周期（秒）', '正向带宽（秒）', '反向带宽（秒）', '带宽效率', '优化方案'].map((t) => h('th', t)))),
        h('tbody', items.map((a) => row(a, period))))));
  }).catch((e) => { if (!gone) loadError(body, e, '干线列表'); });
  return () => { gone = true; };
}
