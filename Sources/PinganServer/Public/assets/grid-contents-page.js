// 网格内容 (#/grid/{code}/{kind}?offset=N): the people, households, houses, organisations or
// places in a grid (and everything below it), 50 a page, with the grid's path on top.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { CONTENT_KINDS, KINDS, gridCrumbs, hashFor, itemList, pager, showLoadError } from './record-widgets.js';

const LIMIT = 50;

/** Draws a grid's content list for the code/kind in the route. */
export function renderGridContentsPage(main, { args, query }) {
  const code = args[0];
  const kind = CONTENT_KINDS.includes(args[1]) ? args[1] : 'person';
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const title = h('h2.page-title#contents-grid-name', { 'data-testid': 'contents-grid-name' }, code);
  const crumbs = h('div.crumb-row');
  const body = h('div.contents-body', h('p.muted.pad', '加载中…'));
  const tabs = h('nav.kind-tabs', { 'data-testid': 'contents-tabs' }, CONTENT_KINDS.map((k) => h('a', {
    href: hashFor(['grid', code, k]), class: `kind-tab${k === kind ? ' active' : ''}`, 'data-kind': k, 'data-testid': `contents-tab-${k}`,
  }, KINDS[k].name)));

  mount(main, h('section.list-page#grid-contents-page', { 'data-testid': 'grid-contents-page', 'data-code': code, 'data-kind': kind },
    h('div.toolbar', title, crumbs), tabs, body));

  api(`/api/v1/grids/${encodeURIComponent(code)}`).then((grid) => {
    title.textContent = `${grid.name} · ${KINDS[kind].name}`;
    mount(crumbs, gridCrumbs(grid, 'contents-breadcrumb'));
  }).catch(() => { /* the list below reports the error */ });

  api(`/api/v1/grids/${encodeURIComponent(code)}/contents`, { query: { kind, limit: LIMIT, offset } }).then((page) => {
    const items = page.items || [];
    mount(body,
      h('div.list-total', h('span', `${KINDS[kind].name}共 `), h('b#contents-total', { 'data-testid': 'contents-total' }, String(page.total ?? items.length)), h('span', ' 条')),
      items.length ? h('section.card', itemList(kind, items, 'contents-item')) : h('p.empty-state', '该网格暂无此类记录'),
      pager({ total: page.total ?? items.length, offset, limit: LIMIT, testid: 'contents-pager',
        onPage: (o) => { location.hash = hashFor(['grid', code, kind], { offset: o || null }); } }));
  }).catch((e) => showLoadError(body, e, 'contents-error'));
}

/** The "网格内容" links of the map's grid panel (one per kind). */
export function gridContentLinks(code) {
  return h('div.chips#grid-content-links', { 'data-testid': 'grid-content-links' },
    CONTENT_KINDS.map((k) => h('a.chip', { href: hashFor(['grid', code, k]), 'data-kind': k }, KINDS[k].name)));
}
