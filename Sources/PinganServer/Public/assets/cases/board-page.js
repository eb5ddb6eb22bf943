// 督办看板 (#/events/board): 日清零 (what is due today, how much is closed) and 督办 (overdue,
// warning, escalated, standing) for the user's scope, big enough for the centre's wall screen;
// refreshed live by the event stream (and every minute, for the clock-driven warnings).
import { api } from '../api.js';
import { h, mount, toast } from '../dom.js';
import { hashFor } from '../record-widgets.js';
import { listen } from './http.js';
import { pct, today } from './names.js';
import { debounce, eventTable, frame, problemBox, scopeRoot } from './widgets.js';

function bigNumber(label, value, { href, testid, alert = false, sub } = {}) {
  const v = value === undefined || value === null ? '—' : String(value);
  return h('div.board-number', { class: `board-number${alert && value ? ' alert' : ''}`, 'data-testid': testid, 'data-value': v },
    href ? h('a.board-value', { href }, v) : h('span.board-value', v),
    h('span.board-label', label), sub ? h('span.board-sub', sub) : null);
}

/** Draws the board; returns its cleanup. */
export function renderBoardPage(main, { me, query }) {
  const root = scopeRoot(me);
  const grid = query.get('grid') || (root && root.code) || '';
  const pane = frame(main, me, 'board');
  const clock = h('span.board-clock', { 'data-testid': 'board-clock' });
  const updated = h('span.board-updated.muted', { 'data-testid': 'board-updated' });
  const liveEl = h('span.live-dot', { 'data-testid': 'live-status' }, '○ 连接中');
  const zeroNums = h('div.board-numbers', { 'data-testid': 'board-daily-zero' });
  const supNums = h('div.board-numbers', { 'data-testid': 'board-supervision' });
  const zeroList = h('div.table-wrap');
  const supList = h('div.table-wrap');
  const page = h('section.board-page#board-page', { 'data-testid': 'board-page', 'data-grid': grid },
    h('header.board-head',
      h('h2.board-title', { 'data-testid': 'board-title' }, `${root ? root.name : ''} 网格事件督办看板`),
      h('div.spacer'), liveEl, updated, clock,
      h('button.btn.btn-ghost.board-full', { type: 'button', 'data-testid': 'board-fullscreen', on: { click: fullscreen } }, '全屏')),
    h('div.board-body',
      h('section.board-panel', h('h3.board-panel-title', '日清零 · 今日到期事件'), zeroNums, zeroList),
      h('section.board-panel', h('h3.board-panel-title', '督办事项'), supNums, supList)));
  mount(pane, page);
  let gone = false;

  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (page.requestFullscreen) page.requestFullscreen().catch(() => toast('浏览器不允许全屏'));
  }
  const tick = () => { clock.textContent = new Date().toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' }); };
  tick();

  async function load() {
    try {
      const [zero, sup] = await Promise.all([
        api('/api/v1/events/boards/daily-zero', { query: { grid } }),
        api('/api/v1/events/boards/supervision', { query: { grid } }),
      ]);
      if (gone) return;
      const open = (zero.items || []).length; // due today and not closed yet
      mount(zeroNums,
        bigNumber('今日到期', zero.dueToday, { testid: 'board-due-today' }),
        bigNumber('今日已结', zero.closedToday, { testid: 'board-closed-today' }),
        bigNumber('待清零', open, { testid: 'board-open-today', alert: true }),
        bigNumber('清零进度', zero.dueToday ? pct((zero.dueToday - open) / zero.dueToday) : '100%', { testid: 'board-zero-rate' }));
      mount(zeroList, eventTable(zero.items || [], { compact: true, testid: 'board-zero-list', total: (zero.items || []).length, empty: '今日到期事件已全部清零' }));
      const list = (q) => hashFor(['events'], { grid, ...q });
      mount(supNums,
        bigNumber('超期', sup.overdue, { testid: 'board-overdue', alert: true, href: list({ overdue: 'true' }) }),
        bigNumber('临期预警', sup.warning, { testid: 'board-warning', alert: true }),
        bigNumber('升级督办', sup.escalated, { testid: 'board-escalated', alert: true }),
        bigNumber('挂账', sup.standing, { testid: 'board-standing', href: list({ stage: 'standing' }) }));
      mount(supList, eventTable(sup.items || [], { compact: true, testid: 'board-supervision-list', total: (sup.items || []).length, empty: '暂无督办事项' }));
      updated.textContent = `更新于 ${new Date().toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' })}`;
      page.dataset.loaded = 'true';
      page.dataset.date = zero.date || today();
    } catch (e) {
      if (!gone && e.status !== 401) mount(zeroList, problemBox(e, 'board-error'));
    }
  }

  const refresh = debounce(load, 400);
  const stop = listen({
    created: (d) => { toast(`新事件 ${d.number || ''}：${d.categoryName || ''}（${d.gridName || ''}）`, 'info'); refresh(); },
    escalated: (d) => { toast(`事件 ${d.number || ''} 超期升级`, 'info'); refresh(); },
    stage: refresh,
  }, liveEl);
  const clockTimer = setInterval(tick, 1000);
  const pollTimer = setInterval(load, 60000);
  load();
  return () => {
    gone = true; refresh.cancel(); stop(); clearInterval(clockTimer); clearInterval(pollTimer);
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  };
}
