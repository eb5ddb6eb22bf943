// Sub-navigation of 网格与基础数据: tabs above its pages (map, search, statistics, roster, import),
// each shown only when the user's role has what the page needs.
import { h, mount } from './dom.js';

/** The tabs this user may open: [{key, label, href, permission}]. */
export function governanceTabs(me) {
  const perms = me.permissions || [];
  const has = (p) => perms.includes(p);
  return [
    { key: 'map', label: '网格地图', href: '#/map', ok: has('grids.read') },
    { key: 'search', label: '搜索', href: '#/search', ok: has('grids.read') },
    { key: 'stats', label: '统计', href: '#/stats', ok: has('people.read') },
    { key: 'roster', label: '重点人员', href: '#/roster', ok: has('special-groups.read') },
    { key: 'import', label: '数据导入', href: '#/import', ok: has('imports.write') || has('grids.write') },
  ].filter((t) => t.ok);
}

/** Draws the tab bar into main and returns the element the page goes into. `active` is a tab key or null. */
export function renderGovernanceFrame(main, me, active) {
  const pane = h('div.gov-pane#gov-pane', { 'data-testid': 'gov-pane' });
  mount(main,
    h('nav.gov-tabs#gov-tabs', { 'data-testid': 'gov-tabs', 'aria-label': '网格与基础数据' },
      governanceTabs(me).map((t) => h('a.gov-tab', {
        href: t.href, 'data-testid': `gov-tab-${t.key}`, class: `gov-tab${t.key === active ? ' active' : ''}`,
      }, t.label))),
    pane);
  return pane;
}
