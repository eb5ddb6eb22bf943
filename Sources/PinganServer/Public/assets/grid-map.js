// The Leaflet map of grid polygons. No internet base map: a plain background unless the
// site configures its own intranet tile server (/me map.tileUrl). Exposes window.pinganMap so
// tests and operators' scripts can ask what is drawn.
import { api } from './api.js';
import { groupColour } from './levels.js';

/**
 * Colour group of a feature: the child of the scope root that it lies in (path
 * "/430212/430212100/…"), so a district reads town by town and a town reads area by area.
 */
function groupOf(props, rootCodes) {
  const segs = String(props.path || '').split('/').filter(Boolean);
  const i = segs.findIndex((s) => rootCodes.has(s));
  return (i >= 0 && segs[i + 1]) || segs[segs.length - 1] || String(props.code);
}

/** Leaflet map showing one level of the grid tree under the user's scope roots. */
export class GridMap {
  constructor(el, { mapConfig, roots, onSelect }) {
    this.el = el;
    this.roots = roots;
    this.rootCodes = new Set(roots.map((r) => r.code));
    this.onSelect = onSelect;
    this.groupIndex = new Map();
    this.currentLevel = null;
    this.layer = null;
    this.outline = null;
    this.selected = null;
    this.marker = null;
    this.loadSeq = 0;
    this.isLoading = false;
    this.cache = new Map();

    const cfg = mapConfig || {};
    const center = Array.isArray(cfg.center) && cfg.center.length === 2 ? cfg.center : [27.702, 113.1427];
    this.map = L.map(el, { zoomControl: true, attributionControl: !!cfg.tileUrl, minZoom: 5, maxZoom: 19, preferCanvas: false })
      .setView(center, cfg.zoom || 11);
    if (cfg.tileUrl) L.tileLayer(cfg.tileUrl, { maxZoom: 19, attribution: '内网地图服务' }).addTo(this.map);
    else el.classList.add('map-plain');
    L.control.scale({ imperial: false }).addTo(this.map);
    this.labelsPane = this.map.createPane('gridLabels');

    window.pinganMap = {
      map: this.map,
      featureCount: () => this.featureCount(),
      level: () => this.currentLevel,
      loading: () => this.isLoading,
      codes: () => this.features().map((f) => f.code),
      select: (code) => this.onSelect(code),
    };
  }

  /** Features currently drawn: [{code, name, level, path}]. */
  features() {
    const out = [];
    if (this.layer) this.layer.eachLayer((l) => out.push(l.feature.properties));
    return out;
  }

  /** Number of grid polygons currently drawn (one per feature, MultiPolygons count once). */
  featureCount() { return this.layer ? this.layer.getLayers().length : 0; }

  /** GeoJSON of one level under all scope roots; cached (as a promise, so calls share one fetch). */
  fetchLevel(level) {
    const key = String(level);
    if (!this.cache.has(key)) {
      const pending = this.loadLevel(level);
      pending.catch(() => this.cache.delete(key)); // a failed load is retried next time
      this.cache.set(key, pending);
    }
    return this.cache.get(key);
  }

  async loadLevel(level) {
    const collections = await Promise.all(this.roots.map((root) => (root.level === level
      // The root itself: ask for the scope roots at that level (no parent) and keep only this root.
      ? api('/api/v1/grids.geojson', { query: { level } }).then((fc) => ({
        ...fc, features: (fc.features || []).filter((f) => f.properties.code === root.code),
      }))
      : root.level < level
        ? api('/api/v1/grids.geojson', { query: { level, parent: root.code } })
        : Promise.resolve({ features: [] }))));
    const seen = new Set();
    const features = [];
    for (const fc of collections) {
      for (const f of fc.features || []) {
        if (!seen.has(f.properties.code)) { seen.add(f.properties.code); features.push(f); }
      }
    }
    features.sort((a, b) => String(a.properties.code).localeCompare(String(b.properties.code)));
    for (const f of features) {
      const group = groupOf(f.properties, this.rootCodes);
      if (!this.groupIndex.has(group)) this.groupIndex.set(group, this.groupIndex.size);
    }
    return { type: 'FeatureCollection', features };
  }

  colourOf(props) {
    const i = this.groupIndex.get(groupOf(props, this.rootCodes));
    return i === undefined ? '#5b6b82' : groupColour(i);
  }

  style(props, selected) {
    const colour = this.colourOf(props);
    const deep = props.level >= 4;
    return {
      color: selected ? '#ffb400' : (deep ? '#ffffff' : colour),
      weight: selected ? 3.5 : (deep ? 1 : 2),
      opacity: 1,
      fillColor: selected ? '#ffd25e' : colour,
      fillOpacity: selected ? 0.6 : (props.level <= 2 ? 0.3 : 0.38),
    };
  }

  /** Draws every grid of `level` under the scope roots; resolves to the feature count. */
  async showLevel(level) {
    const seq = ++this.loadSeq;
    this.isLoading = true;
    this.el.dataset.loading = 'true';
    try {
      const minRoot = Math.min(...this.roots.map((r) => r.level));
      // Colour groups are the root's children: load them first so a grid's colour never
      // depends on which level the user happened to open first.
      await this.fetchLevel(Math.min(minRoot + 1, 5));
      const [fc, towns] = await Promise.all([
        this.fetchLevel(level),
        level > minRoot + 1 ? this.fetchLevel(Math.min(minRoot + 1, 5)) : Promise.resolve(null),
      ]);
      if (seq !== this.loadSeq) return this.featureCount();
      this.draw(level, fc, towns);
      return this.featureCount();
    } finally {
      if (seq === this.loadSeq) {
        this.isLoading = false;
        this.el.dataset.loading = 'false';
      }
    }
  }

  draw(level, fc, towns) {
    if (this.layer) this.layer.remove();
    if (this.outline) { this.outline.remove(); this.outline = null; }
    this.currentLevel = level;

    const showLabels = level <= 3 || fc.features.length <= 40;
    this.layer = L.geoJSON(fc, {
      style: (f) => this.style(f.properties, f.properties.code === this.selected),
      onEachFeature: (f, layer) => {
        const p = f.properties;
        layer.bindTooltip(p.name, showLabels
          ? { permanent: true, direction: 'center', className: `grid-label grid-label-${p.level}`, pane: 'gridLabels' }
          : { sticky: true, direction: 'top', className: 'grid-hover' });
        layer.on('click', () => this.onSelect(p.code));
        layer.on('add', () => tagElement(layer, p));
      },
    }).addTo(this.map);
    this.layer.eachLayer((l) => tagElement(l, l.feature.properties));

    // Borders of the root's children (towns for a district) drawn over deeper levels.
    if (towns && towns.features.length) {
      this.outline = L.geoJSON(towns, {
        interactive: false,
        style: (f) => ({ color: this.colourOf(f.properties), weight: 3, opacity: 0.9, fill: false, className: 'grid-outline' }),
      }).addTo(this.map);
    }
    this.el.dataset.level = String(level);
    this.el.dataset.featureCount = String(this.featureCount());
  }

  /** Zooms to the extent of everything drawn. */
  fitAll() {
    if (this.layer && this.layer.getLayers().length) this.map.fitBounds(this.layer.getBounds(), { padding: [16, 16] });
  }

  /** Highlights one grid (if drawn at this level) and zooms to its bounding box [minLat,minLng,maxLat,maxLng]. */
  focus(code, bbox, bottomInset = 0) {
    this.selected = code;
    if (this.layer) {
      this.layer.eachLayer((l) => {
        const on = l.feature.properties.code === code;
        l.setStyle(this.style(l.feature.properties, on));
        if (on) l.bringToFront();
        const el = l.getElement ? l.getElement() : l._path;
        if (el) el.classList.toggle('selected', on);
      });
    }
    if (Array.isArray(bbox) && bbox.length === 4) {
      this.map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]],
        { paddingTopLeft: [24, 24], paddingBottomRight: [24, 24 + bottomInset], maxZoom: 15 });
    }
  }

  /** Puts a small marker where the user asked to locate. */
  mark(lat, lng) {
    if (this.marker) this.marker.remove();
    this.marker = L.circleMarker([lat, lng], { radius: 7, color: '#ffffff', weight: 2, fillColor: '#e02424', fillOpacity: 1 })
      .addTo(this.map);
  }

  /** Leaflet needs this after its container changes size (panels opening on narrow screens). */
  resize() { this.map.invalidateSize(); }

  destroy() {
    this.loadSeq++;
    this.map.remove();
    if (window.pinganMap && window.pinganMap.map === this.map) delete window.pinganMap;
  }
}

// Stable hooks on the SVG path so tests (and people inspecting the page) can find each grid.
function tagElement(layer, props) {
  const el = layer.getElement ? layer.getElement() : layer._path;
  if (!el) return;
  el.setAttribute('data-testid', 'grid-polygon');
  el.setAttribute('data-code', props.code);
  el.setAttribute('data-level', String(props.level));
  el.classList.add('grid-poly');
}
