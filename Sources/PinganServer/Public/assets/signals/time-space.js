// The time-space diagram of an arterial plan as inline SVG: distance up the vertical axis (the first
// intersection at the bottom, so outbound traffic climbs to the right), time along the horizontal axis,
// each intersection's through greens (outbound bar above its line, inbound below, red elsewhere), and
// both green bands as translucent parallelograms repeated every cycle.
const NS = 'http://www.w3.org/2000/svg';

/** s('rect', {x: 1}, ...children) → an SVG element (dom.js's h() makes HTML elements only). */
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const r2 = (v) => Math.round(v * 100) / 100;

/** Tick spacing for a horizon: a tick every 10 s and a label every 30 s on ordinary plans. */
export function tickSteps(horizon, pixels = 800) {
  const perSecond = pixels / Math.max(horizon, 1);
  if (horizon <= 420 && perSecond * 30 >= 26) return { tick: 10, label: 30 };
  if (horizon <= 900 && perSecond * 60 >= 26) return { tick: 10, label: 60 };
  return { tick: 30, label: 120 };
}

/** Greens clipped to [0, horizon]; intervals entirely outside are dropped. */
export function visibleGreens(greens, horizon) {
  return (greens || []).map(([a, b]) => [Math.max(a, 0), Math.min(b, horizon)]).filter(([a, b]) => b > a);
}

let clipSeq = 0;

/** "渌江路与人民路交叉口" on 渌江路 → "人民路": the cross street is what tells intersections apart. */
export function shortName(name, arterialName) {
  let n = String(name || '');
  if (arterialName && n.startsWith(`${arterialName}与`)) n = n.slice(arterialName.length + 1);
  return n.replace(/(交叉口|路口)$/, '') || String(name || '');
}

/**
 * Draws a PlanView's diagram `width` pixels wide (drawn 1:1 so text keeps its size at any width).
 * names: intersection id → name; speeds: {outbound: [m/s], inbound: [m/s]} per link. Returns the <svg>.
 */
export function timeSpaceDiagram(diagram, { names = {}, arterialName = '', speeds = {}, plan = 'current', outbound = 0, inbound = 0, width = 960 } = {}) {
  const nodes = diagram.nodes || [];
  const horizon = diagram.horizon || (diagram.cycle || 1) * 3;
  const cycle = diagram.cycle || horizon;
  const length = Math.max(...nodes.map((n) => n.position), 1);
  const hasSpeeds = (speeds.outbound || []).length || (speeds.inbound || []).length;
  const ML = 92, MR = hasSpeeds ? 40 : 12, MT = 10, MB = 40, W = Math.max(Math.round(width), 320);
  const PH = Math.max(220, Math.min(480, 42 * nodes.length)), PW = W - ML - MR, PAD = 14;
  const H = MT + PH + MB;
  const x = (t) => r2(ML + (t / horizon) * PW);
  const y = (pos) => r2(MT + PAD + (1 - pos / length) * (PH - 2 * PAD));
  const clipId = `tsd-clip-${++clipSeq}`;

  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'tsd', role: 'img', 'data-testid': 'tsd', 'data-plan': plan,
    'data-nodes': nodes.length, 'data-horizon': horizon, 'aria-label': `时空图：${nodes.length} 个路口，横轴时间 0–${horizon} 秒`,
  });
  svg.append(s('defs', {}, s('clipPath', { id: clipId }, s('rect', { x: ML, y: MT, width: PW, height: PH }))));
  svg.append(s('rect', { class: 'tsd-plot', x: ML, y: MT, width: PW, height: PH }));

  // Time grid: light lines every tick, labels every label step, dashed lines at cycle boundaries.
  const { tick, label } = tickSteps(horizon, PW);
  const grid = s('g', { class: 'tsd-grid' });
  for (let t = 0; t <= horizon + 1e-6; t += tick) {
    const major = t % label === 0;
    grid.append(s('line', { x1: x(t), x2: x(t), y1: MT, y2: MT + PH, class: major ? 'tsd-grid-major' : 'tsd-grid-minor' }));
    grid.append(s('line', { x1: x(t), x2: x(t), y1: MT + PH, y2: MT + PH + (major ? 6 : 3), class: 'tsd-axis' }));
    if (major) grid.append(s('text', { x: x(t), y: MT + PH + 19, class: 'tsd-tick', 'text-anchor': 'middle', 'data-testid': 'tsd-tick' }, t));
  }
  for (let k = 1; k * cycle < horizon - 1e-6; k++) {
    grid.append(s('line', { x1: x(k * cycle), x2: x(k * cycle), y1: MT, y2: MT + PH, class: 'tsd-cycle' }));
  }
  grid.append(s('text', { x: ML + PW / 2, y: H - 4, class: 'tsd-axis-title', 'text-anchor': 'middle' }, `时间（秒）· 周期 ${cycle} 秒`));
  svg.append(grid);

  // Bands under the signal bars so the greens stay readable; repeated every cycle across the horizon.
  const bands = s('g', { 'clip-path': `url(#${clipId})` });
  for (const [direction, windows, bandWidth] of [['outbound', diagram.outboundBand, outbound], ['inbound', diagram.inboundBand, inbound]]) {
    if (!windows || windows.length !== nodes.length || !(bandWidth > 0.05)) continue;
    const first = Math.min(...windows.map((w) => w[0]));
    const last = Math.max(...windows.map((w) => w[1]));
    for (let k = Math.floor(-last / cycle) - 1; k * cycle + first < horizon; k++) {
      const shift = k * cycle;
      const left = windows.map((w, i) => `${x(w[0] + shift)},${y(nodes[i].position)}`);
      const right = windows.map((w, i) => `${x(w[1] + shift)},${y(nodes[i].position)}`).reverse();
      bands.append(s('polygon', {
        points: [...left, ...right].join(' '), class: `tsd-band tsd-band-${direction}`,
        'data-testid': 'tsd-band', 'data-direction': direction,
      }, s('title', {}, `${direction === 'outbound' ? '正向' : '反向'}绿波带 ${Math.round(bandWidth * 10) / 10} 秒`)));
    }
  }
  svg.append(bands);

  // Per intersection: its line, name and distance, then the two signal bars (red, greens on top).
  const rows = s('g', {});
  nodes.forEach((node, i) => {
    const yy = y(node.position);
    const name = names[node.id] || node.id;
    const label = shortName(name, arterialName);
    rows.append(s('line', { x1: ML, x2: ML + PW, y1: yy, y2: yy, class: 'tsd-node-line' }));
    rows.append(s('text', { x: ML - 8, y: yy - 1, class: 'tsd-name', 'text-anchor': 'end', 'data-testid': 'tsd-node-label', 'data-id': node.id },
      label.length > 6 ? `${label.slice(0, 5)}…` : label, s('title', {}, name)));
    rows.append(s('text', { x: ML - 8, y: yy + 12, class: 'tsd-dist', 'text-anchor': 'end' }, `${Math.round(node.position)} 米`));
    for (const [direction, greens, dy] of [['out', node.outboundGreens, -7], ['in', node.inboundGreens, 2]]) {
      rows.append(s('rect', { x: ML, y: yy + dy, width: PW, height: 5, class: 'tsd-red' }));
      for (const [a, b] of visibleGreens(greens, horizon)) {
        rows.append(s('rect', {
          x: x(a), y: yy + dy, width: r2(x(b) - x(a)), height: 5, class: `tsd-green tsd-green-${direction}`,
          'data-testid': 'tsd-green', 'data-direction': direction === 'out' ? 'outbound' : 'inbound', 'data-node': node.id,
        }, s('title', {}, `${name} ${direction === 'out' ? '正向' : '反向'}绿灯 ${num1(a)}–${num1(b)} 秒`)));
      }
    }
    // Link speeds on the right, halfway between this intersection and the next.
    if (i + 1 < nodes.length) {
      const mid = (yy + y(nodes[i + 1].position)) / 2;
      const out = (speeds.outbound || [])[i], back = (speeds.inbound || [])[i];
      if (out || back) {
        rows.append(s('text', { x: ML + PW + 5, y: mid - 2, class: 'tsd-speed tsd-speed-out' }, out ? `↑${Math.round(out * 3.6)}` : '',
          s('title', {}, `正向车速 ${Math.round(out * 3.6)} km/h`)));
        rows.append(s('text', { x: ML + PW + 5, y: mid + 11, class: 'tsd-speed tsd-speed-in' }, back ? `↓${Math.round(back * 3.6)}` : '',
          s('title', {}, `反向车速 ${Math.round(back * 3.6)} km/h`)));
      }
    }
  });
  svg.append(rows);
  svg.append(s('text', { x: ML - 8, y: MT + PH + 19, class: 'tsd-axis-title', 'text-anchor': 'end' }, '路口 / 距离'));
  if (hasSpeeds) svg.append(s('text', { x: W - 4, y: MT + PH + 34, class: 'tsd-axis-title', 'text-anchor': 'end' }, '车速 km/h'));
  return svg;
}

function num1(v) { return Number.isInteger(v) ? String(v) : v.toFixed(1); }

/** The diagram's legend as HTML (readable at any width, unlike text inside a scaled SVG). */
export function legendItems() {
  return [
    ['tsd-key-green', '绿灯（上细条：正向，下细条：反向）'],
    ['tsd-key-red', '红灯 / 非直行相位'],
    ['tsd-key-out', '正向绿波带（距离递增方向）'],
    ['tsd-key-in', '反向绿波带'],
    ['tsd-key-cycle', '周期分界'],
    ['tsd-key-speed', '右侧：路段正向 ↑ / 反向 ↓ 车速（km/h）'],
  ];
}
