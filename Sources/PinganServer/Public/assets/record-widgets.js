// Shared pieces of the base-data pages (issue 3): record links, grid breadcrumbs, field lists,
// item lists, paging, the "not found" state and a point map without base tiles.
import { h, mount, toast } from './dom.js';

/** The record kinds of the base data: route, Chinese name and API collection of each. */
export const KINDS = {
  grid: { name: '网格', route: 'grid' },
  person: { name: '人员', route: 'person', api: 'people' },
  household: { name: '家庭户', route: 'household', api: 'households' },
  house: { name: '房屋', route: 'house', api: 'houses' },
  organisation: { name: '单位', route: 'organisation', api: 'organisations' },
  place: { name: '场所', route: 'place', api: 'places' },
};

/** Kinds a grid's contents can be listed by (GET /grids/{code}/contents?kind=…), in display order. */
export const CONTENT_KINDS = ['person', 'household', 'house', 'organisation', 'place'];

let viewer = null;
/** Remembers the signed-in user's /me so shared widgets (e.g. the grid panel) can check permissions. */
export function setViewer(me) { viewer = me; }
/** True when the signed-in user has the permission. */
export function viewerCan(permission) { return !!viewer && (viewer.permissions || []).includes(permission); }
/** The signed-in user's /me (null when signed out). */
export function currentViewer() { return viewer; }

/** The date part of an ISO 8601 date or timestamp ("2026-10-27T17:30:00+08:00" → "2026-10-27"). */
export function formatDate(iso) { return iso ? String(iso).slice(0, 10) : ''; }

/** A grid path fit to show people: names pass, a bare code path ("/430212/4302121…/") is left out. */
export function readablePath(path) { return path && !/^[\d/\s]+$/.test(path) ? path : ''; }

// Field names of provenance, conflicts and import reports in Chinese (unknown names are shown as given).
const FIELD_NAMES = {
  name: '姓名', residentId: '证件号码', documentType: '证件类型', phone: '联系电话', sex: '性别', birthDate: '出生日期',
  residency: '居住状态', awayPlace: '外出地', awayReason: '外出原因', household: '家庭户', relationToHead: '与户主关系',
  house: '房屋', workplace: '工作单位', grid: '网格', address: '地址', tags: '重点人员标签',
};
/** Chinese name of a record field, e.g. fieldName('residentId') → '证件号码'. */
export function fieldName(f) { return FIELD_NAMES[f] || f; }
/** Builds "#/route/a/b?k=v" (empty query values left out). */
export function hashFor(parts, query) {
  const path = '#/' + parts.map((p) => encodeURIComponent(p)).join('/');
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Address of a record's page: grids open their contents, everything else its record page. */
export function recordHref(kind, id) { return hashFor([(KINDS[kind] || { route: kind }).route, id]); }

/** A link to a record (text defaults to the id). */
export function recordLink(kind, id, text, testid) {
  if (!id) return h('span', text || '—');
  return h('a.record-link', { href: recordHref(kind, id), 'data-kind': kind, 'data-id': id, 'data-testid': testid }, text || id);
}

/** Breadcrumb of a record's grid ({code, name, path}); every step opens that grid's contents. */
export function gridCrumbs(grid, testid = 'record-grid') {
  if (!grid) return h('span.muted', '—');
  const path = grid.path && grid.path.length ? grid.path : [{ code: grid.code, name: grid.name }];
  return h('ol.breadcrumb.breadcrumb-inline', { 'data-testid': testid, 'data-code': grid.code, 'aria-label': '所属网格' },
    path.map((p) => h('li', h('a', { href: hashFor(['grid', p.code]), 'data-code': p.code }, p.name))),
    h('li.crumb-map', h('a', { href: hashFor(['map', grid.code]), title: '在网格地图上查看', 'data-testid': `${testid}-map` }, '地图')));
}

/** A definition list of [label, value, testid?] rows; rows whose value is null/undefined/'' are left out. */
export function fieldList(rows, cls = 'fields') {
  return h('dl', { class: cls }, rows.filter((r) => r && r[1] !== undefined && r[1] !== null && r[1] !== '')
    .map(([label, value, testid]) => [h('dt', label), h('dd', { 'data-testid': testid }, value)]));
}

/** A card with a heading. */
export function card(title, ...children) {
  return h('section.card', title ? h('h3.card-title', title) : null, ...children);
}

/** Item rows in the search-item shape ({id,title,subtitle,gridPath,residentId?,phone?}) linking to their pages. */
export function itemList(kind, items, testid = 'result-item') {
  return h('ul.result-list', items.map((it) => h('li.result-item', { 'data-testid': testid, 'data-kind': kind, 'data-id': it.id },
    h('div.result-main',
      kind === 'grid' ? h('a.record-link.result-title', { href: hashFor(['grid', it.gridCode || it.id]) }, it.title)
        : recordLink(kind, it.id, it.title),
      it.residentId ? h('span.masked', { title: '证件号码（已脱敏）' }, it.residentId) : null,
      it.phone ? h('span.masked', { title: '联系电话（已脱敏）' }, it.phone) : null),
    it.subtitle ? h('div.result-sub', it.subtitle) : null,
    readablePath(it.gridPath) && kind !== 'grid' ? h('div.result-path', it.gridPath) : null)));
}

/** Pager for offset/limit lists; onPage(offset) loads another page. */
export function pager({ total, offset, limit, onPage, testid = 'pager' }) {
  const from = total ? offset + 1 : 0;
  const to = Math.min(offset + limit, total);
  return h('div.pager', { 'data-testid': testid },
    h('span.muted', { 'data-testid': `${testid}-status` }, total ? `第 ${from}–${to} 条，共 ${total} 条` : '共 0 条'),
    h('div.spacer'),
    h('button.btn', { type: 'button', 'data-testid': `${testid}-prev`, disabled: offset <= 0, on: { click: () => onPage(Math.max(0, offset - limit)) } }, '‹ 上一页'),
    h('button.btn', { type: 'button', 'data-testid': `${testid}-next`, disabled: to >= total, on: { click: () => onPage(offset + limit) } }, '下一页 ›'));
}

/** Shows an API error in place of a page (404 covers records outside the scope too). */
export function showLoadError(main, e, testid) {
  if (e.status === 401) return;
  const text = e.status === 404 ? '未找到该记录，或该记录不在您的管辖范围内。' : e.message;
  mount(main, h('div.empty-state', { 'data-testid': testid || 'record-error' }, h('h2', '无法打开'), h('p', text)));
  if (e.status !== 404) toast(e.message);
}

/** A small Leaflet map with one point; tiles only when the site configured an intranet tile server. Returns a cleanup. */
export function pointMap(el, { lat, lng, label }, mapConfig) {
  if (typeof L === 'undefined' || lat === undefined || lat === null || lng === undefined || lng === null) {
    mount(el, h('p.muted.pad', '暂无坐标'));
    return () => {};
  }
  const map = L.map(el, { zoomControl: true, attributionControl: false, minZoom: 5, maxZoom: 19 }).setView([lat, lng], 16);
  if (mapConfig && mapConfig.tileUrl) L.tileLayer(mapConfig.tileUrl, { maxZoom: 19 }).addTo(map);
  else el.classList.add('map-plain');
  L.circleMarker([lat, lng], { radius: 8, color: '#d0343a', weight: 2, fillColor: '#ff6b6b', fillOpacity: 0.8 })
    .addTo(map).bindTooltip(label || `${lat}, ${lng}`, { permanent: true, direction: 'top', offset: [0, -8] });
  el.dataset.lat = String(lat);
  el.dataset.lng = String(lng);
  setTimeout(() => map.invalidateSize(), 0);
  return () => map.remove();
}
