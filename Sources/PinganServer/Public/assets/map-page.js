// 网格与基础数据 › 网格地图: toolbar (level, locate), lazy tree, Leaflet map and the detail panel.
import { api } from './api.js';
import { h, mount, toast } from './dom.js';
import { levelName } from './levels.js';
import { GridMap } from './grid-map.js';
import { GridTree } from './grid-tree.js';
import { renderGridPanel } from './grid-panel.js';

/** Parses "27.702,113.1427" (also Chinese comma or a space) into {lat, lng}, or null. */
export function parseLatLng(text) {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,，\s]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text || '');
  if (!m) return null;
  const lat = Number(m[1]);
  const lng = Number(m[2]);
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return null;
  return { lat, lng };
}

/** Draws the map page into main; returns its cleanup (removes the Leaflet map). */
export function renderMapPage(main, { me }) {
  const treeEl = h('div.tree#grid-tree', { 'data-testid': 'grid-tree' }, h('p.muted.pad', '正在加载网格树…'));
  const mapEl = h('div.map#map', { 'data-testid': 'map', 'data-loading': 'true' });
  const panelEl = h('aside.grid-panel#grid-panel', { 'data-testid': 'grid-panel', hidden: true, 'aria-live': 'polite' });
  const levelSelect = h('select#level-select', { 'data-testid': 'level-select', 'aria-label': '显示层级', disabled: true });
  const countEl = h('span.feature-count#feature-count', { 'data-testid': 'feature-count' }, '');
  const locateInput = h('input#locate-input', {
    'data-testid': 'locate-input', inputmode: 'decimal', placeholder: '纬度,经度 如 27.702,113.1427', 'aria-label': '按坐标定位',
  });
  const locateForm = h('form.locate#locate-form', { 'data-testid': 'locate-form' }, locateInput,
    h('button.btn.btn-primary#locate-submit', { type: 'submit', 'data-testid': 'locate-submit' }, '定位'));
  const fitButton = h('button.btn#fit-all', { type: 'button', 'data-testid': 'fit-all', title: '缩放到全部管辖范围' }, '全览');
  const treeToggle = h('button.btn.btn-ghost.tree-toggle-btn#tree-toggle', { type: 'button', 'data-testid': 'tree-toggle-btn' }, '网格树');

  const page = h('section.map-page#map-page', { 'data-testid': 'map-page' },
    h('div.toolbar',
      treeToggle,
      h('h2.page-title', '网格地图'),
      h('label.inline', h('span', '层级'), levelSelect),
      countEl,
      fitButton,
      h('div.spacer'),
      locateForm),
    h('div.map-body', h('aside.tree-pane#tree-pane', h('div.pane-title', '网格树'), treeEl), mapEl, panelEl));
  mount(main, page);

  let gridMap = null;
  let selectSeq = 0;
  const tree = new GridTree(treeEl, { onSelect: (code) => select(code) });

  fitButton.addEventListener('click', () => { if (gridMap) gridMap.fitAll(); });
  treeToggle.addEventListener('click', () => {
    page.classList.toggle('tree-open');
    if (gridMap) setTimeout(() => gridMap.resize(), 220);
  });

  function closePanel() {
    panelEl.hidden = true;
    page.classList.remove('panel-open');
    if (gridMap) { gridMap.focus(null); gridMap.resize(); }
    tree.setSelected(null);
  }

  /** Opens a grid: panel, zoom, highlight, tree. `known` skips the fetch (locate already has it). */
  async function select(code, known) {
    const seq = ++selectSeq;
    try {
      const grid = known || await api(`/api/v1/grids/${encodeURIComponent(code)}`);
      if (seq !== selectSeq) return;
      renderGridPanel(panelEl, grid, { onSelect: (c) => select(c), onClose: closePanel });
      page.classList.add('panel-open');
      page.classList.remove('tree-open');
      // On phones the panel is a bottom sheet over the map: keep the grid above it.
      const sheet = getComputedStyle(panelEl).position === 'absolute' ? panelEl.offsetHeight : 0;
      if (gridMap) { gridMap.resize(); gridMap.focus(grid.code, grid.bbox, sheet); }
      tree.reveal(grid.path || [{ code: grid.code }]);
    } catch (e) {
      if (e.status !== 401) toast(e.message);
    }
  }

  async function showLevel(level) {
    if (!gridMap) return;
    levelSelect.value = String(level);
    countEl.textContent = '加载中…';
    try {
      const n = await gridMap.showLevel(level);
      if (gridMap && gridMap.currentLevel === level) countEl.textContent = `${levelName(level)} ${n} 个`;
    } catch (e) {
      countEl.textContent = '';
      if (e.status !== 401) toast(e.message);
    }
  }

  locateForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const point = parseLatLng(locateInput.value);
    if (!point) { toast('请输入有效坐标，格式：纬度,经度（如 27.702,113.1427）'); return; }
    try {
      const grid = await api('/api/v1/grids/locate', { query: point });
      gridMap.mark(point.lat, point.lng);
      await select(grid.code);
    } catch (e) {
      if (e.status !== 401) toast(e.message);
    }
  });

  (async () => {
    let roots;
    try {
      roots = (await api('/api/v1/grids')).items || [];
    } catch (e) {
      if (e.status !== 401) { toast(e.message); mount(treeEl, h('p.muted.pad', e.message)); }
      return;
    }
    if (!roots.length) {
      mount(treeEl, h('p.muted.pad', '您的账号尚未分配管辖网格'));
      return;
    }
    if (!main.contains(page)) return; // user navigated away meanwhile
    const minLevel = Math.min(...roots.map((r) => r.level));
    gridMap = new GridMap(mapEl, { mapConfig: me.map, roots, onSelect: (code) => select(code) });
    for (let l = Math.max(2, minLevel); l <= 5; l++) levelSelect.append(h('option', { value: String(l) }, levelName(l)));
    levelSelect.disabled = false;
    levelSelect.addEventListener('change', () => showLevel(Number(levelSelect.value)));
    tree.load(roots);
    // District and city centres start on towns; a town starts on its areas, and so on down.
    const start = minLevel < 2 ? 2 : Math.min(minLevel + 1, 5);
    await showLevel(start);
    if (gridMap) gridMap.fitAll();
  })();

  return () => { selectSeq++; if (gridMap) gridMap.destroy(); gridMap = null; };
}
