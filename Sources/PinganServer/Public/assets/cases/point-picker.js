// Where an event is: the phone's position (navigator.geolocation, which browsers give only on https
// or localhost) or a tap on a small Leaflet map of the unit grids (no base tiles on the intranet).
import { api } from '../api.js';
import { h, toast } from '../dom.js';
import { parseLatLng } from '../map-page.js';
import { scopeRoot } from './widgets.js';

/** Unit grid boundaries of the user's scope (a grid worker: their own grid). */
async function unitGrids(me) {
  const root = scopeRoot(me);
  if (!root) return { features: [] };
  if (root.level >= 5) {
    const fc = await api('/api/v1/grids.geojson', { query: { level: 5 } });
    return { ...fc, features: (fc.features || []).filter((f) => f.properties.code === root.code) };
  }
  return api('/api/v1/grids.geojson', { query: { level: 5, parent: root.code } });
}

/**
 * A position picker: {el, value() → {lat, lng, source} | null, locate(), destroy()}.
 * onChange({lat, lng, source, grid}) runs after every change (grid from /grids/locate, may be null).
 */
export function pointPicker(me, { testid = 'report', onChange, autoLocate = true } = {}) {
  const status = h('div.pos-status', { 'data-testid': `${testid}-position`, 'data-set': 'false' }, autoLocate ? '正在获取位置…' : '请在地图上点选，或输入坐标');
  const locateBtn = h('button.btn.btn-touch', { type: 'button', 'data-testid': `${testid}-locate` }, '重新定位');
  const mapEl = h('div.pick-map.map-plain', { 'data-testid': `${testid}-map`, 'data-loading': 'true' });
  // A desk (hotline) has no useful GPS: the operator taps the map or types the caller's coordinates.
  const typed = h('input', { type: 'text', inputmode: 'decimal', placeholder: '纬度,经度 如 27.702,113.1427', 'data-testid': `${testid}-coords`, 'aria-label': '坐标' });
  const typedForm = autoLocate ? null : h('div.coords-row', typed, h('button.btn', {
    type: 'button', 'data-testid': `${testid}-coords-set`,
    on: { click: () => { const p = parseLatLng(typed.value); if (p) set(p.lat, p.lng, 'typed'); else toast('请输入有效坐标，格式：纬度,经度'); } },
  }, '定位'));
  const el = h('div.point-picker', h('div.pos-row', status, autoLocate ? locateBtn : null), typedForm,
    h('div.hint.muted', autoLocate ? '定位不准或无法定位时，请在地图上点选事件位置' : '点击地图选择事件发生位置'), mapEl);
  let value = null;
  let map = null;
  let marker = null;
  let gridLayer = null;
  let seq = 0;

  /** Shows the unit grid(s) and the point together: the outline is the only landmark without tiles. */
  function frameView() {
    if (!map) return;
    const b = gridLayer && gridLayer.getLayers().length ? L.latLngBounds(gridLayer.getBounds().getSouthWest(), gridLayer.getBounds().getNorthEast()) : null;
    if (b) {
      if (value) b.extend([value.lat, value.lng]);
      map.fitBounds(b, { padding: [12, 12], animate: false });
    } else if (value) {
      map.setView([value.lat, value.lng], 16, { animate: false });
    }
  }

  async function set(lat, lng, source) {
    const my = ++seq;
    value = { lat: Number(lat.toFixed(7)), lng: Number(lng.toFixed(7)), source };
    if (map) {
      if (marker) marker.setLatLng([lat, lng]);
      else marker = L.circleMarker([lat, lng], { radius: 9, color: '#fff', weight: 3, fillColor: '#e02424', fillOpacity: 1 }).addTo(map);
      if (source === 'gps') frameView();
      else if (source === 'typed') map.setView([lat, lng], 16, { animate: false });
    }
    status.dataset.set = 'true';
    status.dataset.source = source;
    status.dataset.lat = String(value.lat);
    status.dataset.lng = String(value.lng);
    status.textContent = `${source === 'gps' ? '已定位' : source === 'typed' ? '已输入' : '已选点'}：${value.lat.toFixed(5)}, ${value.lng.toFixed(5)}`;
    let grid = null;
    try {
      grid = await api('/api/v1/grids/locate', { query: { lat: value.lat, lng: value.lng } });
    } catch { /* outside the county or out of scope: the server says so on submit */ }
    if (my !== seq) return;
    status.append(h('span.pos-grid', { 'data-testid': `${testid}-position-grid` }, grid ? ` · ${grid.name}` : ' · 不在您的管辖网格内'));
    status.dataset.grid = grid ? grid.code : '';
    if (onChange) onChange({ ...value, grid });
  }

  function locate() {
    if (!navigator.geolocation || !window.isSecureContext) {
      status.textContent = '本页面无法使用定位（需 HTTPS），请在地图上点选位置';
      status.classList.add('warn');
      return;
    }
    status.textContent = '正在获取位置…';
    navigator.geolocation.getCurrentPosition(
      (p) => { status.classList.remove('warn'); set(p.coords.latitude, p.coords.longitude, 'gps'); },
      (err) => {
        status.classList.add('warn');
        status.textContent = err.code === 1 ? '定位权限被拒绝，请在地图上点选位置' : '暂时无法定位，请在地图上点选位置';
      },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
  }
  locateBtn.addEventListener('click', locate);

  // The map is drawn once the element is in the page (Leaflet needs its size).
  setTimeout(async () => {
    if (typeof L === 'undefined' || !el.isConnected) return;
    const cfg = me.map || {};
    map = L.map(mapEl, { attributionControl: false, zoomControl: true, minZoom: 8, maxZoom: 19 })
      .setView(cfg.center || [27.702, 113.1427], 13);
    if (cfg.tileUrl) L.tileLayer(cfg.tileUrl, { maxZoom: 19 }).addTo(map);
    map.on('click', (e) => set(e.latlng.lat, e.latlng.lng, 'map'));
    map.on('zoomend moveend', () => { mapEl.dataset.zoom = String(map.getZoom()); });
    try {
      const fc = await unitGrids(me);
      if (!map) return;
      gridLayer = L.geoJSON(fc, {
        style: () => ({ color: '#1f6fd1', weight: 1.5, fillColor: '#1f6fd1', fillOpacity: 0.08 }),
        onEachFeature: (f, layer) => {
          layer.bindTooltip(f.properties.name, { sticky: true, direction: 'top' });
          layer.on('click', (e) => set(e.latlng.lat, e.latlng.lng, 'map'));
        },
      }).addTo(map);
      frameView();
      mapEl.dataset.featureCount = String(gridLayer.getLayers().length);
    } catch { /* the map still takes taps */ }
    mapEl.dataset.loading = 'false';
    if (value && marker === null) set(value.lat, value.lng, value.source);
    map.invalidateSize();
  }, 0);
  if (autoLocate) locate();

  return {
    el,
    value: () => value,
    locate,
    /** Puts the point programmatically (tests, or a typed coordinate). */
    set: (lat, lng, source = 'map') => set(lat, lng, source),
    destroy: () => { seq++; if (map) { map.remove(); map = null; } },
  };
}
