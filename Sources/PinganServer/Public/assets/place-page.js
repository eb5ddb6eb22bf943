// 场所 (#/place/{id}): name, kind, grid and a small map with its point.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { card, fieldList, gridCrumbs, pointMap, showLoadError } from './record-widgets.js';

/** Draws the place page for the id in the route; returns the cleanup of its map. */
export function renderPlacePage(main, { args, me }) {
  let cleanup = null;
  let gone = false;
  mount(main, h('p.muted.pad', '加载中…'));
  api(`/api/v1/places/${encodeURIComponent(args[0])}`).then((p) => {
    if (gone) return;
    const mapEl = h('div.point-map#place-map', { 'data-testid': 'place-map' });
    mount(main, h('section.record-page#place-page', { 'data-testid': 'place-page', 'data-id': p.id },
      h('div.record-head', h('span.kind-badge', '场所'), h('h2.record-title#place-name', { 'data-testid': 'place-name' }, p.name),
        p.kind ? h('span.tag', p.kind) : null),
      h('div.record-grid',
        card('场所信息', fieldList([
          ['类型', p.kind],
          ['坐标', p.lat !== undefined && p.lat !== null ? `${p.lat}, ${p.lng}` : null],
          ['所属网格', gridCrumbs(p.grid)],
        ])),
        card('位置', mapEl))));
    cleanup = pointMap(mapEl, { lat: p.lat, lng: p.lng, label: p.name }, me.map);
  }).catch((e) => { if (!gone) showLoadError(main, e); });
  return () => { gone = true; if (cleanup) cleanup(); };
}
