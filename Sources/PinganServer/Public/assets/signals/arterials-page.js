// 干线绿波 (#/signals?period=…): every arterial with its length, cycle, both bands and the band
// efficiency of the current plans next to the optimized proposal, for one period of the day. Below it,
// 路网协调: every arterial optimised together (shared intersections get one offset), with the proven gap,
// and — for signals.write — 优化 (store a network proposal) and 应用 (make it current at every intersection).
import { api } from '../api.js';
import { h, mount, toast, formatTime } from '../dom.js';
import {
  PERIOD_NAMES, canWrite, confirmDialog, km, num, pct, periodOf, periodSwitch, problemBox, runAction, showProblem, signalsFrame, signalsHash,
  loadError,
} from './common.js';

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
    cell('优化方案', proposalBadge(a.proposal)));
}

/** The proposal's state as the list API gives it. */
function proposalBadge(state) {
  const [cls, text] = {
    pending: ['span.sig-status.sig-status-ready', '待采用'],
    applied: ['span.sig-status', '已采用'],
    stale: ['span.sig-status.sig-status-stale', '已过期'],
  }[state] || ['span.sig-status', '未优化'];
  return h(cls, { 'data-testid': 'arterial-proposal', 'data-state': state || 'none' }, text);
}

/** A gap the branch and bound closed (≤ 0.001 s) counts as proven. */
const PROVEN_GAP = 0.001;

/** The network proposal: headline, one row per arterial, and the arterials left uncoordinated. */
function networkContent(n, writer) {
  if (!n) {
    return h('p.muted.sig-network-empty', { 'data-testid': 'network-empty' },
      `${writer ? '本时段尚无路网协调方案。点击“优化”，所有干线在同一公共周期下一起求解，共享路口只有一个相位差。' : '本时段尚无路网协调方案。'}`);
  }
  const proven = n.gap <= PROVEN_GAP;
  const names = Object.fromEntries((n.arterials || []).map((a) => [a.id, a.name]));
  const cell = (label, ...content) => h('td', { 'data-label': label }, ...content);
  return h('div.sig-network-result', { 'data-testid': 'network-result', 'data-proven': String(proven) },
    h('p.sig-summary',
      `公共周期 ${num(n.cycle)} 秒 · ${n.intersections} 个路口 · 目标值 ${num(n.objective, 2)} 秒 · `,
      h('b', { 'data-testid': 'network-gap', class: proven ? 'sig-better' : 'sig-worse',
        title: `上界 ${num(n.bound, 3)} 秒，差距 ${num(n.gap, 3)} 秒，分支定界 ${n.nodes} 个节点` },
      proven ? '已证明最优' : `距上界 ${num(n.gap, 3)} 秒`),
      ' · ',
      n.stale
        ? h('span.sig-status.sig-status-stale', { 'data-testid': 'network-state', title: n.stale }, '已过期')
        : n.appliedAt
          ? h('span.sig-status.sig-status-ready', { 'data-testid': 'network-state' }, `已应用（${n.appliedBy}，${formatTime(n.appliedAt)}）`)
          : h('span.sig-status', { 'data-testid': 'network-state' }, '待应用')),
    n.stale ? h('p.sig-stale', { 'data-testid': 'network-stale', role: 'status' }, `方案已过期：${n.stale}`) : null,
    h('table.data.sig-table.sig-stack', { 'data-testid': 'network-table' },
      h('thead', h('tr', ['干线', '正向带宽（秒）', '反向带宽（秒）', '带宽效率', '路网目标（秒）', '单独最优（秒）'].map((t) => h('th', t)))),
      h('tbody', (n.arterials || []).map((a) => h('tr', { 'data-testid': 'network-row', 'data-id': a.id },
        cell('干线', a.name, a.coordinated ? null : h('span.sig-status', ' 未协调')),
        cell('正向带宽（秒）', h('span', { 'data-testid': 'network-outbound' }, num(a.outbound))),
        cell('反向带宽（秒）', h('span', { 'data-testid': 'network-inbound' }, num(a.inbound))),
        cell('带宽效率', pct(a.efficiency)),
        cell('路网目标（秒）', h('span', { title: '按流量比加权的 b + k·b̄' }, num(a.objective))),
        cell('单独最优（秒）', h('span', { 'data-testid': 'network-solo', title: '该干线单独优化时的最优 b + k·b̄（上界）' }, num(a.bound))))))),
    (n.uncoordinated || []).length
      ? h('p.sig-summary.sig-worse', { 'data-testid': 'network-uncoordinated' },
        `未协调干线（环路上无法同时为其留出绿波，相位差随其他干线）：${n.uncoordinated.map((id) => names[id] || id).join('、')}`)
      : null);
}

/** The 路网协调 section for one period; `reload` redraws the arterial list after an apply. */
function networkSection(period, writer, reload, isGone) {
  const errorBox = problemBox('network-error');
  const body = h('div.sig-network-body', h('p.muted', '加载中…'));
  const optimizeBtn = h('button.btn', { type: 'button', 'data-testid': 'network-optimize', title: `计算${PERIOD_NAMES[period]}路网协调方案（不改变现行配时）` }, '优化');
  const applyBtn = h('button.btn.btn-primary', { type: 'button', 'data-testid': 'network-apply', title: '以路网方案替换所有路口本时段的现行配时', disabled: true }, '应用');
  const section = h('section.card.sig-network', { 'data-testid': 'signals-network', 'data-period': period },
    h('div.toolbar',
      h('h3.sig-network-title', '路网协调（共享路口）'),
      h('span.muted.sig-hint', `${PERIOD_NAMES[period]} · 各干线同一公共周期，相位差沿每个环路一致`),
      h('div.spacer'),
      writer ? h('div.sig-actions', optimizeBtn, applyBtn) : null),
    errorBox, body);
  let data = null;

  function draw(n) {
    data = n;
    applyBtn.disabled = !n || !!n.stale;
    mount(body, networkContent(n, writer));
    section.dataset.loaded = 'true';
  }

  /** Runs a write action on the network (the period in the query). */
  async function act(button, busyText, path, done) {
    const ok = await runAction({
      button, busyText, buttons: [optimizeBtn, applyBtn], errorBox, isGone,
      send: () => api(path, { method: 'POST', query: { period } }),
      onAnswer: draw,
      unlock: () => { optimizeBtn.disabled = false; applyBtn.disabled = !data || !!data.stale; },
    });
    if (ok) done();
  }
  optimizeBtn.addEventListener('click', () => act(optimizeBtn, '优化中…', '/api/v1/signals/network/optimize', () => {
    toast(`已生成${PERIOD_NAMES[period]}路网协调方案，现行配时未改变`, 'info');
  }));
  applyBtn.addEventListener('click', async () => {
    if (!data) return;
    const ok = await confirmDialog({
      title: `应用${PERIOD_NAMES[period]}路网协调方案`,
      message: [h('p', `将替换全部 ${data.intersections} 个路口${PERIOD_NAMES[period]}的现行配时（历史方案保留，可追溯）。`),
        h('p', `公共周期 ${num(data.cycle)} 秒；${data.arterials.length} 条干线的带宽见下表。`)],
      confirmText: '确定应用',
    });
    if (!ok || isGone()) return;
    act(applyBtn, '应用中…', '/api/v1/signals/network/apply', () => {
      toast('路网协调方案已应用为现行配时', 'info');
      reload();
    });
  });

  api('/api/v1/signals/network', { query: { period } }).then((n) => { if (!isGone()) draw(n); }).catch((e) => {
    if (isGone() || e.status === 401) return;
    if (e.status === 404) draw(null); else { mount(body); showProblem(errorBox, e); }
  });
  return section;
}

/** Draws the arterial list; returns the cleanup. */
export function renderArterialsPage(main, { me, query }) {
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
  const network = h('div.sig-network-slot');
  pane.querySelector('#signals-arterials').append(network);
  mount(network, networkSection(period, canWrite(me), () => { loadList(); }, () => gone));

  const loadList = () => api('/api/v1/signals/arterials', { query: { period } }).then((answer) => {
    if (gone) return;
    const items = answer.items || [];
    pane.querySelector('#signals-arterials').dataset.loaded = 'true';
    if (!items.length) { mount(body, h('div.empty-state', h('h2', '暂无干线'), h('p', '尚未配置信号控制干线。'))); return; }
    // Crossing arterials share intersections: count each once.
    const total = new Set(items.flatMap((a) => a.intersectionIds || [])).size;
    const stale = items.filter((a) => a.proposal === 'stale').length;
    mount(body,
      h('p.sig-summary', { 'data-testid': 'arterials-summary' }, `${PERIOD_NAMES[period]} · ${items.length} 条干线 · ${total} 个路口 · `,
        `${items.filter((a) => a.proposal === 'pending').length} 条有待采用的优化方案`, stale ? `，${stale} 条方案已过期` : ''),
      h('div.card.sig-table-card', h('table.data.sig-table.sig-stack#arterials-table', { 'data-testid': 'arterials-table' },
        h('thead', h('tr', ['干线', '路口', '长度', '周期（秒）', '正向带宽（秒）', '反向带宽（秒）', '带宽效率', '优化方案'].map((t) => h('th', t)))),
        h('tbody', items.map((a) => row(a, period))))));
  }).catch((e) => { if (!gone) loadError(body, e, '干线列表'); });
  loadList();
  return () => { gone = true; };
}
