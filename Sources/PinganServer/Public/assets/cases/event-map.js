// The event's small map: its point and the outline of its unit grid (no base tiles on the intranet,
// so the outline is what tells the reader where the point lies).
import { api } from '../api.js';
import { h, mount } from '../dom.js';

/** The unit grid's feature: asked under its parent, or (a grid worker's scope) at level 5 alone. */
async function gridFeature(grid) {
  const path = (grid && grid.path) || [];
  const parent = path.length > 1 ? path[path.length - 2].code : null;
  const tries = parent ? [{ level: 5, parent }, { level: 5 }] : [{ level: 5 }];
  for (const query of tries) {
    try {
      const fc = await api('/api/v1/grids.geojson', { query });
      const f = (fc.features || []).find((x) => x.properties.code === grid.code);
      if (f) return f;
    } catch { /* out of this user's scope: try the next way */ }
  }
  return null;
}

/** Draws the map into el; returns its cleanup. */
export function eventMap(el, ev, mapConfig) {
  if (typeof L === 'undefined' || ev.lat === null || ev.lat === undefined) {
    mount(el, h('p.muted.pad', '暂无坐标'));
    return () => {};
  }
  let map = L.map(el, { attributionControl: false, minZoom: 5, maxZoom: 19 }).setView([ev.lat, ev.lng], 16);
  if (mapConfig && mapConfig.tileUrl) L.tileLayer(mapConfig.tileUrl, { maxZoom: 19 }).addTo(map);
  else el.classList.add('map-plain');
  L.circleMarker([ev.lat, ev.lng], { radius: 8, color: '#fff', weight: 2, fillColor: '#e02424', fillOpacity: 1 })
    .addTo(map).bindTooltip(ev.category ? ev.category.name : ev.number, { permanent: true, direction: 'top', offset: [0, -8] });
  el.dataset.lat = String(ev.lat);
  el.dataset.lng = String(ev.lng);
  setTimeout(() => { if (map) map.invalidateSize(); }, 0);
  gridFeature(ev.grid).then((f) => {
    if (!f || !map) return;
    const layer = L.geoJSON(f, { interactive: false, style: { color: '#1f6fd1', weight: 2, fillColor: '#1f6fd1', fillOpacity: 0.08 } }).addTo(map);
    const bounds = layer.getBounds().extend([ev.lat, ev.lng]);
    map.fitBounds(bounds, { padding: [18, 18], maxZoom: 17, animate: false });
    el.dataset.grid = f.properties.code;
  });
  return () => { if (map) { map.remove(); map = null; } };
}
