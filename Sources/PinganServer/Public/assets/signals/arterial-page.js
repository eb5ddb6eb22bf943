// 干线 (#/signals/arterial/ID?period=…): the time-space diagrams of the current plans and of the
// optimized proposal (side by side or one at a time), their figures, the offsets per intersection, and —
// for signals.write — 优化 (make a proposal) and 采用方案 (make it current, after a confirmation).
import { api } from '../api.js';
import { h, mount, toast, formatTime } from '../dom.js';
import {
  PERIOD_NAMES, canWrite, confirmDialog, delta, km, loadError, num, pct, periodOf, periodSwitch, problemBox, runAction, sec,
  signalsFrame, signalsHash,
} from './common.js';
import { legendItems, timeSpaceDiagram } from './time-space.js';

const PLAN_TITLES = { current: '现行方案', optimized: '优化方案' };

/** The figures of one plan; with `base` (the current plan) the proposal shows its gains. */
function figures(view, which, base) {
  const line = (label, value, key, diff, title) => h('div.sig-fig', { title },
    h('span.sig-fig-label', label), h('b.sig-fig-value', { 'data-testid': `fig-${key}` }, value),
    diff ? h('span', { class: `sig-fig-delta ${diff.startsWith('+') ? 'sig-better' : 'sig-worse'}` }, diff) : null);
  const d = (k, unit) => (base ? delta(view[k] - base[k], unit) : '');
  const dp = (k) => (base ? delta((view[k] - base[k]) * 100, '百分点') : '');
  return h('div.sig-figs', { 'data-testid': 'plan-figures', 'data-plan': which },
    line('周期 C', sec(view.cycle), 'cycle', d('cycle')),
    line('正向带宽 b', sec(view.outbound), 'outbound', d('outbound'), '沿距离递增方向可连续通过的绿灯时间'),
    line('反向带宽 b̄', sec(view.inbound), 'inbound', d('inbound'), '沿距离递减方向可连续通过的绿灯时间'),
    line('带宽效率', pct(view.efficiency), 'efficiency', dp('efficiency'), '(b + b̄) / 2C'),
    line('正向可达性', pct(view.outboundAttainability), 'outbound-attainability', '', '正向带宽 / 最窄正向直行绿灯'),
    line('反向可达性', pct(view.inboundAttainability), 'inbound-attainability', '', '反向带宽 / 最窄反向直行绿灯'));
}

/** A box that draws the diagram at its own width and again whenever that width changes. */
function diagramBox(data, view, which, observers) {
  const box = h('div.sig-tsd-box');
  const names = Object.fromEntries((data.intersections || []).map((i) => [i.id, i.name]));
  let drawnWidth = 0;
  const draw = (width) => {
    if (!width || Math.abs(width - drawnWidth) < 4) return;
    drawnWidth = width;
    mount(box, timeSpaceDiagram(view.diagram || { nodes: [] }, {
      names, arterialName: data.name, plan: which, outbound: view.outbound, inbound: view.inbound, width,
      speeds: { outbound: data.outboundSpeeds, inbound: data.inboundSpeeds },
    }));
  };
  const observer = new ResizeObserver((entries) => requestAnimationFrame(() => draw(Math.floor(entries[0].contentRect.width))));
  observer.observe(box);
  observers.push(observer);
  return box;
}

function planPanel(data, which, observers) {
  const view = data[which];
  if (!view) {
    return h('section.card.sig-plan', { 'data-testid': 'plan-panel', 'data-plan': which },
      h('h3.card-title', PLAN_TITLES[which]),
      h('div.sig-noplan', { 'data-testid': 'no-proposal' }, '尚无优化方案。', '点击“优化”按 MAXBAND 双向绿波计算相位差与绿信比，结果先作为方案保存，不影响现行配时。'));
  }
  return h('section.card.sig-plan', { 'data-testid': 'plan-panel', 'data-plan': which, class: `card sig-plan sig-plan-${which}` },
    h('h3.card-title', PLAN_TITLES[which],
      view.createdAt || view.createdBy ? h('span.sig-plan-meta', [formatTime(view.createdAt), view.createdBy].filter(Boolean).join(' · ')) : null),
    which === 'optimized' && view.stale ? h('p.sig-stale', { 'data-testid': 'proposal-stale', role: 'status' }, `方案已过期：${view.stale}`) : null,
    figures(view, which, which === 'optimized' ? data.current : null),
    h('div.sig-tsd-scroll', diagramBox(data, view, which, observers)));
}

function legend() {
  return h('ul.sig-legend', { 'data-testid': 'tsd-legend' }, legendItems().map(([cls, text]) => h('li', h('span', { class: `sig-key ${cls}` }), text)));
}

/** Offsets per intersection, current against proposed, each linking to its plan editor. */
function offsetsTable(data, period) {
  const cur = (data.current && data.current.offsets) || [];
  const opt = (data.optimized && data.optimized.offsets) || null;
  return h('section.card', h('h3.card-title', '各路口相位差'),
    h('div.table-scroll', h('table.data.sig-table#arterial-offsets', { 'data-testid': 'arterial-offsets' },
      h('thead', h('tr', h('th', '#'), h('th', '路口'), h('th', '距起点'), h('th', '现行相位差'), opt ? h('th', '优化相位差') : null,
        h('th', '至下一路口（正向 / 反向车速）'))),
      h('tbody', (data.intersections || []).map((x, i) => h('tr', { 'data-testid': 'offset-row', 'data-id': x.id },
        h('td.num', i + 1),
        h('td', h('a', { href: signalsHash(['intersection', x.id], { period, arterial: data.id }), 'data-testid': 'intersection-link' }, x.name)),
        h('td.num', `${Math.round(x.position)} 米`),
        h('td.num', sec(cur[i])),
        opt ? h('td.num', h('b', sec(opt[i]))) : null,
        h('td.num', i + 1 < data.intersections.length
          ? `${Math.round(data.intersections[i + 1].position - x.position)} 米 · ${num(((data.outboundSpeeds || [])[i] || 0) * 3.6, 0)} / ${num(((data.inboundSpeeds || [])[i] || 0) * 3.6, 0)} km/h`
          : '—')))))));
}

/** Draws the arterial page; returns the cleanup. */
export function renderArterialPage(main, { me, args, query }) {
  const id = args[0];
  const period = periodOf(query);
  const writer = canWrite(me);
  const pane = signalsFrame(main, 'arterials');
  let data = null;
  let view = query.get('view') || '';   // 'both' | 'current' | 'optimized'; empty: chosen from the data
  let gone = false;
  let observers = [];   // ResizeObservers of the drawn diagrams

  const title = h('h2.page-title.sig-title#arterial-name', { 'data-testid': 'arterial-name' }, '干线');
  const facts = h('span.muted.sig-facts', { 'data-testid': 'arterial-facts' });
  const errorBox = problemBox('arterial-error');
  const optimizeBtn = h('button.btn#signals-optimize', { type: 'button', 'data-testid': 'optimize', title: '计算双向绿波优化方案（不改变现行配时）' }, '优化');
  const applyBtn = h('button.btn.btn-primary#signals-apply', { type: 'button', 'data-testid': 'apply', title: '以优化方案替换各路口本时段的现行配时' }, '采用方案');
  const viewSwitch = h('div.sig-segment.sig-view-switch', { 'data-testid': 'view-switch' });
  const plans = h('div.sig-plans', { 'data-testid': 'plans' }, h('p.muted.pad', '加载中…'));
  const extra = h('div.sig-extra');
  const page = h('section.sig-page#signals-arterial', { 'data-testid': 'signals-arterial', 'data-id': id, 'data-period': period },
    h('div.toolbar',
      h('a.btn.btn-ghost.btn-small.sig-back', { href: signalsHash([], { period }), title: '返回干线列表' }, '‹ 干线'),
      title, facts,
      periodSwitch(period, (p) => signalsHash(['arterial', id], { period: p })),
      h('div.spacer'),
      writer ? h('div.sig-actions', optimizeBtn, applyBtn) : null),
    h('div.sig-body', errorBox, h('div.sig-viewbar', viewSwitch, legend()), plans, extra));
  mount(pane, page);

  function drawViewSwitch() {
    const choices = [['both', '对比'], ['current', '现行'], ['optimized', '优化']];
    mount(viewSwitch, choices.map(([key, label]) => h('button.sig-segment-item', {
      type: 'button', class: `sig-segment-item${key === view ? ' active' : ''}`, 'data-testid': `view-${key}`,
      disabled: key !== 'current' && !data.optimized, 'aria-pressed': String(key === view),
      on: { click: () => { view = key; drawPlans(); drawViewSwitch(); } },
    }, label)));
  }

  function drawPlans() {
    const shown = view === 'both' ? ['current', 'optimized'] : [view];
    plans.className = `sig-plans${shown.length > 1 ? ' sig-plans-2' : ''}`;
    plans.dataset.view = view;
    observers.forEach((o) => o.disconnect());
    observers = [];
    mount(plans, shown.map((w) => planPanel(data, w, observers)));
  }

  function draw(answer) {
    data = answer;
    if (!data.optimized && view !== 'current') view = 'current';
    else if (!view) view = 'both';
    title.textContent = data.name;
    facts.textContent = `${(data.intersections || []).length} 个路口 · ${km(data.lengthMeters)} · ${data.periodName || PERIOD_NAMES[period]}`;
    applyBtn.disabled = !applicable();
    applyBtn.title = data.optimized && data.optimized.stale ? data.optimized.stale : '';
    drawViewSwitch();
    drawPlans();
    mount(extra, offsetsTable(data, period));
    page.dataset.loaded = 'true';
    page.dataset.hasProposal = String(!!data.optimized);
  }

  /** A proposal can be applied unless the plans it was optimised from have changed since. */
  const applicable = () => !!(data && data.optimized && !data.optimized.stale);

  /** Runs a write action on this arterial (the period in the body). */
  async function act(button, busyText, path, done) {
    const ok = await runAction({
      button, busyText, buttons: [optimizeBtn, applyBtn], errorBox, isGone: () => gone,
      send: () => api(path, { method: 'POST', body: { period } }),
      onAnswer: async (answer) => { if (answer && answer.id) draw(answer); else await load(); },
      unlock: () => { optimizeBtn.disabled = false; applyBtn.disabled = !applicable(); },
    });
    if (ok) done();
  }

  optimizeBtn.addEventListener('click', () => act(optimizeBtn, '优化中…', `/api/v1/signals/arterials/${encodeURIComponent(id)}/optimize`, () => {
    view = 'both';
    drawViewSwitch(); drawPlans();
    toast(`已生成${PERIOD_NAMES[period]}优化方案，现行配时未改变`, 'info');
  }));
  applyBtn.addEventListener('click', async () => {
    if (!data || !data.optimized) return;
    const o = data.optimized, c = data.current;
    const ok = await confirmDialog({
      title: `采用${data.name}${PERIOD_NAMES[period]}优化方案`,
      message: [h('p', `将替换本干线 ${(data.intersections || []).length} 个路口${PERIOD_NAMES[period]}的现行配时（历史方案保留，可追溯）。`),
        h('p', `周期 ${num(c.cycle)} → ${num(o.cycle)} 秒；正向带宽 ${num(c.outbound)} → ${num(o.outbound)} 秒；反向带宽 ${num(c.inbound)} → ${num(o.inbound)} 秒；效率 ${pct(c.efficiency)} → ${pct(o.efficiency)}。`)],
      confirmText: '确定采用',
    });
    if (!ok || gone) return;
    act(applyBtn, '采用中…', `/api/v1/signals/arterials/${encodeURIComponent(id)}/apply`, () => {
      toast('优化方案已采用为现行配时', 'info');
    });
  });

  async function load() {
    const answer = await api(`/api/v1/signals/arterials/${encodeURIComponent(id)}`, { query: { period } });
    if (!gone) draw(answer);
  }
  load().catch((e) => { if (!gone) loadError(pane, e, '干线'); });
  return () => { gone = true; observers.forEach((o) => o.disconnect()); };
}
