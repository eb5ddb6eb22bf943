// 统计明细 (#/records?grid=CODE&metric=M&date=D): the records behind one statistics number;
// the total shown is the server's and equals the number that was clicked.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { hashFor, itemList, pager, showLoadError } from './record-widgets.js';
import { METRIC_NAMES } from './stats-page.js';

const LIMIT = 50;
// Which record kind each metric lists (people unless said otherwise).
const METRIC_KINDS = { households: 'household', houses: 'house', organisations: 'organisation' };

/** Draws the record list of one metric of one grid node. */
export function renderRecordsPage(main, { query }) {
  const grid = query.get('grid') || '';
  const metric = query.get('metric') || '';
  const date = query.get('date') || '';
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const kind = METRIC_KINDS[metric] || 'person';
  const title = h('h2.page-title#records-title', { 'data-testid': 'records-title' }, METRIC_NAMES[metric] || metric);
  const body = h('div.contents-body', h('p.muted.pad', '加载中…'));

  mount(main, h('section.list-page#records-page', { 'data-testid': 'records-page', 'data-grid': grid, 'data-metric': metric },
    h('div.toolbar',
      h('a.btn.btn-ghost', { href: hashFor(['stats'], { grid, date }), 'data-testid': 'records-back' }, '‹ 返回统计'),
      title, date ? h('span.muted', `截至 ${date}`) : null),
    body));

  api(`/api/v1/grids/${encodeURIComponent(grid)}`).then((g) => {
    title.textContent = `${g.name} · ${METRIC_NAMES[metric] || metric}`;
  }).catch(() => { /* the list reports errors */ });

  api('/api/v1/stats/records', { query: { grid, metric, date, limit: LIMIT, offset } }).then((page) => {
    const items = page.items || [];
    const total = page.total ?? items.length;
    mount(body,
      h('div.list-total', h('span', '共 '), h('b#records-total', { 'data-testid': 'records-total' }, String(total)), h('span', ' 条')),
      items.length ? h('section.card', itemList(kind, items, 'records-item')) : h('p.empty-state', '没有记录'),
      pager({ total, offset, limit: LIMIT, testid: 'records-pager',
        onPage: (o) => { location.hash = hashFor(['records'], { grid, metric, date, offset: o || null }); } }));
  }).catch((e) => showLoadError(body, e, 'records-error'));
}
