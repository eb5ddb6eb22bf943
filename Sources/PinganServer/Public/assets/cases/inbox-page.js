// 事件受理 (#/events): the centre's inbox — stage tabs with counts, filters, the list in the API's
// order with overdue/warning/escalation badges — live through the event stream. The same page is a
// department's task list (mine=true) and the list behind a KPI number (?kpi=…&grid=…&from=…&to=…).
import { api } from '../api.js';
import { h, mount, toast } from '../dom.js';
import { hashFor, pager } from '../record-widgets.js';
import { listen, loadReference } from './http.js';
import { DEPT_TABS, KPI_LIST_NAMES, STAGE_NAMES, STAGE_TABS } from './names.js';
import { categorySelect, debounce, departmentSelect, eventTable, frame, problemBox, roles } from './widgets.js';

const KEYS = ['stage', 'category', 'department', 'severity', 'channel', 'overdue', 'q', 'from', 'to', 'kpi', 'grid', 'mine', 'offset'];
const LIMIT = 50;

/** Draws the inbox; returns its cleanup (closes the stream). */
export function renderInbox(main, { me, query }) {
  const dept = roles.department(me);
  const state = Object.fromEntries(KEYS.map((k) => [k, query.get(k) || '']));
  if (dept) state.mine = 'true';
  const pane = frame(main, me, 'inbox');
  let seq = 0;
  let gone = false;

  const liveEl = h('span.live-dot', { 'data-testid': 'live-status', title: '实时推送' }, '○ 连接中');
  const tabsEl = h('div.stage-tabs', { 'data-testid': 'stage-tabs' });
  const listEl = h('div.table-wrap.event-list-wrap');
  const pagerEl = h('div');
  const bannerEl = h('div');
  const totalEl = h('span.list-total', { 'data-testid': 'list-total' });
  const qInput = h('input', { type: 'search', placeholder: '编号、描述、地址', value: state.q, 'data-testid': 'filter-q', 'aria-label': '关键词' });
  const fromInput = h('input', { type: 'date', value: state.from, 'data-testid': 'filter-from', 'aria-label': '上报起始日期' });
  const toInput = h('input', { type: 'date', value: state.to, 'data-testid': 'filter-to', 'aria-label': '上报截止日期' });
  const overdueBox = h('input', { type: 'checkbox', checked: state.overdue === 'true', 'data-testid': 'filter-overdue' });
  const catHolder = h('label', h('span', '类别'), h('select', { disabled: true }));
  const deptHolder = h('label', h('span', '承办部门'), h('select', { disabled: true }));
  const page = h('section.list-page.inbox-page#inbox-page', { 'data-testid': 'inbox-page', 'data-mode': state.kpi ? 'kpi' : dept ? 'department' : 'centre' },
    h('div.toolbar',
      h('h2.page-title', state.kpi ? '指标明细' : dept ? '部门任务' : '事件受理'),
      totalEl, h('div.spacer'), liveEl,
      h('button.btn', { type: 'button', 'data-testid': 'inbox-refresh', on: { click: () => load() } }, '刷新')),
    bannerEl, tabsEl,
    h('form.filters.inbox-filters', { 'data-testid': 'inbox-filters', on: { submit: (ev) => { ev.preventDefault(); apply(); } } },
      catHolder, dept ? null : deptHolder,
      h('label', h('span', '关键词'), qInput),
      h('label', h('span', '上报自'), fromInput),
      h('label', h('span', '至'), toInput),
      h('label.check', overdueBox, '仅看超期'),
      h('button.btn.btn-primary', { type: 'submit', 'data-testid': 'filter-apply' }, '查询'),
      h('button.btn.btn-ghost', { type: 'button', 'data-testid': 'filter-reset', on: { click: reset } }, '重置')),
    listEl, pagerEl);
  mount(pane, page);

  loadReference().then((ref) => {
    if (gone) return;
    catHolder.lastChild.replaceWith(categorySelect(ref.categories, state.category, { 'data-testid': 'filter-category', on: { change: apply } }));
    deptHolder.lastChild.replaceWith(departmentSelect(ref.departments, state.department, { 'data-testid': 'filter-department', on: { change: apply } }));
  }).catch((e) => { if (e.status !== 401) toast(e.message); });

  /** Keeps the address in step with the filters without redrawing the page (no hashchange). */
  function syncUrl() {
    const q = {};
    for (const k of KEYS) if (state[k] && !(k === 'mine' && dept) && !(k === 'offset' && state[k] === '0')) q[k] = state[k];
    history.replaceState(null, '', hashFor(['events'], q));
  }

  function apply() {
    const cat = page.querySelector('[data-testid="filter-category"]');
    const dep = page.querySelector('[data-testid="filter-department"]');
    Object.assign(state, {
      category: cat ? cat.value : state.category, department: dep ? dep.value : state.department,
      q: qInput.value.trim(), from: fromInput.value, to: toInput.value, overdue: overdueBox.checked ? 'true' : '', offset: '',
    });
    load();
  }

  function reset() {
    for (const k of ['category', 'department', 'q', 'from', 'to', 'overdue', 'offset', 'kpi', 'grid', 'severity', 'channel']) state[k] = '';
    qInput.value = ''; fromInput.value = ''; toInput.value = ''; overdueBox.checked = false;
    for (const s of page.querySelectorAll('[data-testid="filter-category"], [data-testid="filter-department"]')) s.value = '';
    load();
  }

  function drawTabs(counts) {
    const all = Object.values(counts || {}).reduce((a, b) => a + b, 0);
    const tabs = dept ? DEPT_TABS : STAGE_TABS.map((s) => [s, STAGE_NAMES[s]]);
    mount(tabsEl, [['', '全部', all], ...tabs.map(([s, label]) => [s, label, (counts || {})[s] || 0])].map(([s, label, n]) => h('button.stage-tab', {
      type: 'button', class: `stage-tab${state.stage === s ? ' active' : ''}${n && ['received', 'dispatched'].includes(s) ? ' has-new' : ''}`,
      'data-testid': 'stage-tab', 'data-stage': s || 'all', 'data-count': String(n),
      on: { click: () => { state.stage = s; state.offset = ''; load(); } },
    }, label, h('span.tab-count', { 'data-testid': 'stage-count' }, String(n)))));
  }

  async function drawBanner() {
    if (!state.kpi && !state.grid) { mount(bannerEl); return; }
    let gridName = state.grid;
    if (state.grid) {
      try { gridName = (await api(`/api/v1/grids/${encodeURIComponent(state.grid)}`)).name; } catch { /* keep the code */ }
    }
    let ref = null;
    try { ref = await loadReference(); } catch { /* codes then */ }
    const cat = state.category && ref ? (ref.category(state.category) || {}).name : state.category;
    const dep = state.department && ref ? (ref.department(state.department) || {}).name : state.department;
    const parts = [state.kpi ? KPI_LIST_NAMES[state.kpi] || state.kpi : null, state.grid ? gridName : null, cat, dep,
      state.from || state.to ? `${state.from || '…'} 至 ${state.to || '…'}` : null].filter(Boolean);
    const back = state.kpi ? hashFor(['events', 'kpis'], { grid: state.grid, from: state.from, to: state.to, category: state.category, department: state.department }) : null;
    mount(bannerEl, h('div.kpi-banner', { 'data-testid': 'kpi-banner', 'data-kpi': state.kpi },
      h('span', state.kpi ? '指标明细：' : '网格：', h('b', parts.join(' · '))),
      back ? h('a', { href: back, 'data-testid': 'kpi-back' }, '返回考核指标') : null,
      h('button.btn.btn-small', { type: 'button', 'data-testid': 'kpi-clear', on: { click: () => { state.kpi = ''; state.grid = ''; load(); } } }, '清除')));
  }

  async function load() {
    const my = ++seq;
    syncUrl();
    drawBanner();
    page.dataset.loaded = 'false';
    const q = { limit: LIMIT };
    for (const k of KEYS) if (state[k]) q[k] = state[k];
    try {
      const r = await api('/api/v1/events', { query: q });
      if (my !== seq || gone) return;
      drawTabs(r.stageCounts);
      totalEl.replaceChildren('共 ', h('b', { 'data-testid': 'list-total-value' }, String(r.total)), ' 件');
      mount(listEl, eventTable(r.items || [], { total: r.total, empty: state.kpi ? '该指标下没有事件' : '没有符合条件的事件' }));
      const offset = Number(state.offset || 0);
      mount(pagerEl, r.total > LIMIT ? pager({ total: r.total, offset, limit: LIMIT, onPage: (o) => { state.offset = String(o); load(); } }) : null);
      page.dataset.total = String(r.total);
      page.dataset.loaded = 'true';
    } catch (e) {
      if (my !== seq || gone || e.status === 401) return;
      mount(listEl, problemBox(e, 'inbox-error'));
      page.dataset.loaded = 'error';
    }
  }

  const refresh = debounce(load, 400);
  const stop = listen({
    created: (d) => { toast(`新事件 ${d.number || ''}：${d.categoryName || ''}（${d.gridName || ''}）`, 'info'); refresh(); },
    escalated: (d) => { toast(`事件 ${d.number || ''} 已超期，升级督办`, 'info'); refresh(); },
    stage: () => refresh(),
  }, liveEl);
  load();
  return () => { gone = true; refresh.cancel(); stop(); };
}
