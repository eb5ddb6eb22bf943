// The frame around every page after login: top bar (scope, user, role, 退出) and the dark
// navigation with the platform's five parts plus the administrators' pages.
import { h, mount } from './dom.js';

const PART_ICONS = { governance: '网', cases: '事', command: '指', sensing: '视', signals: '信' };

/** The navigation entries this user may open, in display order. */
export function navItems(me) {
  const items = [];
  const perms = me.permissions || [];
  if (perms.includes('grids.read')) {
    for (const part of me.parts || []) {
      items.push({
        key: part.key,
        label: part.name,
        href: part.href || (part.key === 'governance' ? '#/map' : `#/part/${part.key}`),
        available: !!part.available,
        closed: part.closed,
        icon: PART_ICONS[part.key] || part.name.slice(0, 1),
      });
    }
  }
  if (perms.includes('audit.read')) items.push({ key: 'audit', label: '审计日志', href: '#/audit', available: true, icon: '审' });
  if (perms.some((p) => p.startsWith('users.'))) items.push({ key: 'users', label: '用户管理', href: '#/users', available: true, icon: '户' });
  return items;
}

/** Draws the shell into root and returns the element where the page goes. */
export function renderShell(root, me, { current, onLogout }) {
  const scopes = me.scopes || [];
  const scope = scopes.find((s) => s.layer === 'governance') || scopes[0];
  const nav = h('nav.nav#nav', { 'data-testid': 'nav', 'aria-label': '主导航' },
    navItems(me).map((item) => h('a.nav-item', {
      href: item.href,
      'data-testid': `nav-${item.key}`,
      class: `nav-item${current.startsWith(item.href) ? ' active' : ''}${item.available ? '' : ' pending'}`,
      on: { click: () => document.body.classList.remove('nav-open') },
    },
    h('span.nav-icon', item.icon),
    h('span.nav-label', item.label),
    item.available ? null : h('span.nav-badge', { 'data-testid': 'nav-badge' }, item.closed === 'forbidden' ? '无权限' : '建设中'))));

  const header = h('header.topbar', { 'data-testid': 'topbar' },
    h('button.nav-toggle#nav-toggle', {
      type: 'button', 'aria-label': '菜单',
      on: { click: () => document.body.classList.toggle('nav-open') },
    }, '☰'),
    h('div.brand', h('span.brand-mark', '平安'), h('span.brand-name', '社会治理综合平台')),
    scope ? h('span.scope#scope-name', { 'data-testid': 'scope-name', title: '管辖范围' }, scope.name) : null,
    h('div.spacer'),
    h('div.user',
      h('span.user-name#user-name', { 'data-testid': 'user-name' }, me.displayName || me.username),
      h('span.user-role#user-role', { 'data-testid': 'user-role' }, me.roleName || me.role || '')),
    h('button.btn.btn-ghost#logout', { type: 'button', 'data-testid': 'logout', on: { click: onLogout } }, '退出'));

  const main = h('main.content#content', { 'data-testid': 'content' });
  if (!navItems(me).length) {
    mount(main, h('div.empty-state', h('h2', '当前账号暂无可用功能'), h('p', '请联系安全管理员为您分配角色与管辖范围。')));
  }
  mount(root, h('div.shell', header, h('div.body', nav, h('div.scrim', { on: { click: () => document.body.classList.remove('nav-open') } }), main)));
  return main;
}
