// 审计日志 (security auditor): filters user / action / date range, newest first, paged by `nextBefore`.
import { api } from './api.js';
import { h, mount, toast, formatTime } from './dom.js';

// The server's outcomes (ok / denied / failed); older names kept so a rename shows sensibly.
const OUTCOMES = { ok: '成功', success: '成功', denied: '拒绝', failed: '失败', failure: '失败', error: '错误' };
const PAGE_SIZE = 50;

function detailText(detail) {
  if (!detail || typeof detail !== 'object') return detail ? String(detail) : '';
  const text = JSON.stringify(detail);
  return text === '{}' ? '' : text;
}

/** Draws the audit page into main. */
export function renderAuditPage(main) {
  const user = h('input#audit-user', { 'data-testid': 'audit-user', placeholder: '用户名', autocomplete: 'off' });
  const action = h('input#audit-action', { 'data-testid': 'audit-action', placeholder: '操作，如 login', autocomplete: 'off' });
  const from = h('input#audit-from', { 'data-testid': 'audit-from', type: 'date' });
  const to = h('input#audit-to', { 'data-testid': 'audit-to', type: 'date' });
  const tbody = h('tbody#audit-rows', { 'data-testid': 'audit-rows' });
  const status = h('span.muted#audit-status', { 'data-testid': 'audit-status' });
  const prev = h('button.btn#audit-prev', { type: 'button', 'data-testid': 'audit-prev', disabled: true }, '‹ 较新');
  const next = h('button.btn#audit-next', { type: 'button', 'data-testid': 'audit-next', disabled: true }, '较早 ›');

  // Cursor stack: the `before` of every page shown so far (null = newest), so 较新 can go back.
  let cursors = [null];
  let nextBefore = null;

  const form = h('form.filters#audit-filters', { 'data-testid': 'audit-filters' },
    h('label', h('span', '用户'), user),
    h('label', h('span', '操作'), action),
    h('label', h('span', '起始日期'), from),
    h('label', h('span', '截止日期'), to),
    h('button.btn.btn-primary#audit-search', { type: 'submit', 'data-testid': 'audit-search' }, '查询'),
    h('button.btn.btn-ghost', { type: 'reset' }, '重置'));

  mount(main, h('section.table-page#audit-page', { 'data-testid': 'audit-page' },
    h('div.toolbar', h('h2.page-title', '审计日志'), h('span.muted', '所有登录、查询与数据访问均留痕，哈希链防篡改')),
    form,
    h('div.table-wrap', h('table.data#audit-table', { 'data-testid': 'audit-table' },
      h('thead', h('tr', ['序号', '时间', '用户', '操作', '对象', '结果', '客户端', '详情'].map((t) => h('th', t)))),
      tbody)),
    h('div.pager', status, h('div.spacer'), prev, next)));

  async function load() {
    const before = cursors[cursors.length - 1];
    status.textContent = '加载中…';
    try {
      const page = await api('/api/v1/audit', {
        query: { user: user.value.trim(), action: action.value.trim(), from: from.value, to: to.value, limit: PAGE_SIZE, before },
      });
      const items = page.items || [];
      nextBefore = page.nextBefore ?? null;
      mount(tbody, items.length ? items.map((e) => h('tr', { 'data-testid': 'audit-row', 'data-seq': String(e.seq), 'data-action': e.action, 'data-user': e.user || '' },
        h('td.num', String(e.seq)),
        h('td.nowrap', formatTime(e.at)),
        h('td', e.user || '—'),
        h('td', h('code', e.action)),
        h('td', e.target || ''),
        h('td', h('span', { class: `outcome outcome-${e.outcome}` }, OUTCOMES[e.outcome] || e.outcome || '')),
        h('td.nowrap', e.client || ''),
        h('td.detail', { title: e.hash ? `哈希 ${e.hash}` : '' }, detailText(e.detail))))
        : h('tr', h('td.empty', { colspan: 8 }, '没有符合条件的记录')));
      status.textContent = `第 ${cursors.length} 页 · 本页 ${items.length} 条`;
      prev.disabled = cursors.length <= 1;
      next.disabled = nextBefore === null;
    } catch (e) {
      status.textContent = '';
      if (e.status !== 401) toast(e.message);
    }
  }

  form.addEventListener('submit', (ev) => { ev.preventDefault(); cursors = [null]; load(); });
  form.addEventListener('reset', () => setTimeout(() => { cursors = [null]; load(); }, 0));
  next.addEventListener('click', () => { if (nextBefore !== null) { cursors.push(nextBefore); load(); } });
  prev.addEventListener('click', () => { if (cursors.length > 1) { cursors.pop(); load(); } });
  load();
}
