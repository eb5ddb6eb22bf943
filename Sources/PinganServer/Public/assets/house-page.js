// 房屋 (#/house/{id}): address, use, households and organisations in it, a small map with its point.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { card, fieldList, gridCrumbs, pointMap, recordLink, showLoadError } from './record-widgets.js';

/** Draws the house page for the id in the route; returns the cleanup of its map. */
export function renderHousePage(main, { args, me }) {
  let cleanup = null;
  let gone = false;
  mount(main, h('p.muted.pad', '加载中…'));
  api(`/api/v1/houses/${encodeURIComponent(args[0])}`).then((house) => {
    if (gone) return;
    const households = house.households || [];
    const orgs = house.organisations || [];
    const mapEl = h('div.point-map#house-map', { 'data-testid': 'house-map' });
    mount(main, h('section.record-page#house-page', { 'data-testid': 'house-page', 'data-id': house.id },
      h('div.record-head', h('span.kind-badge', '房屋'), h('h2.record-title#house-address', { 'data-testid': 'house-address' }, house.address)),
      h('div.record-grid',
        card('房屋信息', fieldList([
          ['用途', house.useName || house.use],
          ['产权人', house.ownerName],
          ['层数', house.floors !== undefined && house.floors !== null ? String(house.floors) : null],
          ['居住人数', house.residents !== undefined ? String(house.residents) : null, 'house-residents'],
          ['坐标', house.lat !== undefined && house.lat !== null ? `${house.lat}, ${house.lng}` : null],
          ['所属网格', gridCrumbs(house.grid)],
        ])),
        card('位置', mapEl),
        card(`家庭户（${households.length}）`, households.length
          ? h('table.data#house-households', { 'data-testid': 'house-households' },
            h('thead', h('tr', ['户号', '户主', '人数'].map((t) => h('th', t)))),
            h('tbody', households.map((x) => h('tr', { 'data-testid': 'house-household-row', 'data-id': x.id },
              h('td', recordLink('household', x.id, x.number)), h('td', x.headName || ''), h('td', String(x.memberCount ?? ''))))))
          : h('p.muted', '无')),
        card(`单位（${orgs.length}）`, orgs.length
          ? h('ul.plain-list#house-organisations', { 'data-testid': 'house-organisations' },
            orgs.map((o) => h('li', recordLink('organisation', o.id, o.name), o.kindName ? h('span.muted', ` · ${o.kindName}`) : null)))
          : h('p.muted', '无')))));
    cleanup = pointMap(mapEl, { lat: house.lat, lng: house.lng, label: house.address }, me.map);
  }).catch((e) => { if (!gone) showLoadError(main, e); });
  return () => { gone = true; if (cleanup) cleanup(); };
}
