// 用户管理 (system administrator): the list of accounts with role, scope and lock state.
import { api } from './api.js';
import { h, mount, toast } from './dom.js';

/** Draws the users page into main. */
export function renderUsersPage(main) {
  const tbody = h('tbody#users-rows', { 'data-testid': 'users-rows' }, h('tr', h('td.empty', { colspan: 5 }, '加载中…')));
  const filter = h('input#users-filter', { 'data-testid': 'users-filter', placeholder: '按用户名、姓名或角色筛选', autocomplete: 'off' });
  const count = h('span.muted#users-count', { 'data-testid': 'users-count' });
  let users = [];

  mount(main, h('section.table-page#users-page', { 'data-testid': 'users-page' },
    h('div.toolbar', h('h2.page-title', '用户管理'), count, h('div.spacer'), filter),
    h('div.table-wrap', h('table.data#users-table', { 'data-testid': 'users-table' },
      h('thead', h('tr', ['用户名', '姓名', '角色', '管辖范围', '状态'].map((t) => h('th', t)))),
      tbody))));

  function draw() {
    const q = filter.value.trim().toLowerCase();
    const shown = users.filter((u) => !q || [u.username, u.displayName, u.roleName, u.role].some((v) => String(v || '').toLowerCase().includes(q)));
    mount(tbody, shown.length ? shown.map((u) => h('tr', { 'data-testid': 'user-row', 'data-username': u.username },
      h('td', h('code', u.username)),
      h('td', u.displayName || ''),
      h('td', u.roleName || u.role || ''),
      h('td', (u.scopes || []).map((s) => s.name || s.code).join('、') || '—'),
      h('td', u.locked ? h('span.outcome.outcome-failed', '已锁定') : h('span.outcome.outcome-ok', '正常'))))
      : h('tr', h('td.empty', { colspan: 5 }, '没有符合条件的用户')));
    count.textContent = `共 ${users.length} 个账号`;
  }

  filter.addEventListener('input', draw);
  api('/api/v1/users').then((page) => { users = page.items || []; draw(); }).catch((e) => {
    mount(tbody, h('tr', h('td.empty', { colspan: 5 }, e.message)));
    if (e.status !== 401) toast(e.message);
  });
}
