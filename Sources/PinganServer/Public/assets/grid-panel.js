// Side panel with one grid's details: breadcrumb path, level, workers, descendant counts, children.
import { h, mount, formatTime } from './dom.js';
import { levelName } from './levels.js';
import { gridContentLinks } from './grid-contents-page.js';
import { viewerCan } from './record-widgets.js';

/** Fills `el` with the detail of a grid (GET /api/v1/grids/{code}); onSelect(code) navigates. */
export function renderGridPanel(el, grid, { onSelect, onClose }) {
  const path = grid.path || [];
  const crumbs = h('ol.breadcrumb#grid-breadcrumb', { 'data-testid': 'grid-breadcrumb', 'aria-label': '网格路径' },
    path.map((p, i) => h('li', i === path.length - 1
      ? h('span.crumb-current', { 'data-code': p.code }, p.name)
      : h('button.crumb', { type: 'button', 'data-code': p.code, on: { click: () => onSelect(p.code) } }, p.name))));

  const counts = grid.childCounts || {};
  const countRows = Object.keys(counts).map(Number).sort((a, b) => a - b)
    .map((level) => h('div.count', { 'data-level': String(level) },
      h('span.count-value', String(counts[level])), h('span.count-label', levelName(level))));

  const workers = grid.workers || [];
  const children = grid.children || [];

  mount(el,
    h('div.panel-head',
      h('div',
        h('h2.panel-title#grid-name', { 'data-testid': 'grid-name' }, grid.name),
        h('div.panel-sub', h('span.tag#grid-level', { 'data-testid': 'grid-level' }, grid.levelName || levelName(grid.level)),
          h('span.code', grid.code))),
      h('button.btn-icon#grid-panel-close', { type: 'button', 'aria-label': '关闭', 'data-testid': 'grid-panel-close', on: { click: onClose } }, '×')),
    crumbs,
    countRows.length ? h('section.panel-section', h('h3', '下辖网格'), h('div.counts#grid-counts', { 'data-testid': 'grid-counts' }, countRows)) : null,
    h('section.panel-section', h('h3', '网格员'),
      workers.length
        ? h('ul.workers#grid-workers', { 'data-testid': 'grid-workers' },
          workers.map((w) => h('li', h('span.avatar', (w.displayName || w.username).slice(0, 1)), h('span', w.displayName || w.username), h('span.muted', w.username))))
        : h('p.muted#grid-workers', { 'data-testid': 'grid-workers' }, grid.level >= 5 ? '尚未配备网格员' : '网格员配备在单元网格')),
    viewerCan('people.read') ? h('section.panel-section', h('h3', '网格内容'), gridContentLinks(grid.code)) : null,
    children.length ? h('section.panel-section', h('h3', `下级（${children.length}）`),
      h('div.chips#grid-children', { 'data-testid': 'grid-children' },
        children.map((c) => h('button.chip', { type: 'button', 'data-code': c.code, on: { click: () => onSelect(c.code) } }, c.name)))) : null,
    h('section.panel-section.meta',
      h('dl',
        h('dt', '网格编码'), h('dd', grid.code),
        h('dt', '图层'), h('dd', grid.layer === 'police' ? '警务网格' : '综治网格'),
        h('dt', '生效时间'), h('dd', formatTime(grid.validFrom) || '—'),
        grid.validTo ? [h('dt', '失效时间'), h('dd', formatTime(grid.validTo))] : null)));
  el.hidden = false;
  el.dataset.code = grid.code;
}
