// 仿真评估 (#/signals/evaluation): the last SUMO evaluation — per scenario the travel time, waiting,
// time loss, stops, speed, TTI and TPI with the change against the network's own plans, overall and per
// direction — and a Chart.js bar chart of those changes. Without an evaluation it says how to record one.
import { api } from '../api.js';
import { h, mount, toast, formatTime } from '../dom.js';
import { loadChart } from '../stats-page.js';
import { canWrite, problemBox, showProblem, signalsFrame } from './common.js';

/** Metrics in display order: key, name, unit, whether larger is better. */
export const METRICS = [
  ['travelTime', '平均行程时间', '秒', false, 1], ['waitingTime', '平均等待时间', '秒', false, 1], ['timeLoss', '平均时间损失', '秒', false, 1],
  ['stops', '平均停车次数', '次', false, 2], ['speed', '平均速度', 'km/h', true, 1], ['travelTimeIndex', '行程时间指数 TTI', '', false, 2],
  ['tpi', '交通运行指数 TPI', '', false, 2],
];
const CHART_METRICS = ['travelTime', 'waitingTime', 'timeLoss', 'stops'];
const CHART_COLOURS = ['#1f6fd1', '#e0662d', '#8a9bb0', '#1f9d55'];
const DIRECTION_NAMES = { outbound: '正向（干线）', inbound: '反向（干线）', arterial: '干线合计', overall: '全部车辆' };
const BASELINE = 'network';

/** A scenario's value of a metric (the TPI may come as tpi or performanceIndex; a Spread counts by its mean). */
export function metricValue(scenario, key) {
  let v = scenario[key];
  if ((v === undefined || v === null) && key === 'tpi') v = scenario.performanceIndex;
  if (v && typeof v === 'object') v = v.mean;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Change of value against base in percent, null when either is missing or base is 0. */
export function change(value, base) {
  return value === null || base === null || base === 0 ? null : ((value - base) / Math.abs(base)) * 100;
}

function spreadText(scenario, key) {
  const s = (scenario.spread || {})[key];
  const sd = s && typeof s === 'object' ? s.std : (typeof s === 'number' ? s : null);
  return sd !== null && sd !== undefined && Number.isFinite(sd) ? `±${sd.toFixed(2)}` : '';
}

function valueCell(scenario, key, base, better, digits) {
  const v = metricValue(scenario, key);
  const c = scenario.key === BASELINE ? null : change(v, base ? metricValue(base, key) : null);
  const good = c !== null && (better ? c > 0.05 : c < -0.05);
  const bad = c !== null && (better ? c < -0.05 : c > 0.05);
  return h('td.num.sig-eval-cell', { 'data-metric': key },
    h('span.sig-eval-value', { 'data-testid': 'eval-value' }, v === null ? '—' : v.toFixed(digits)),
    h('span.sig-eval-sd', spreadText(scenario, key)),
    c === null ? null : h('span', { class: `sig-eval-change ${good ? 'sig-better' : (bad ? 'sig-worse' : '')}`, 'data-testid': 'eval-change', 'data-value': c.toFixed(2) },
      `${c > 0 ? '+' : ''}${c.toFixed(1)}%`));
}

/** One table: a row per scenario, a column per metric, changes against the network's own plans. */
function scenarioTable(scenarios, testid, direction) {
  const base = scenarios.find((s) => s.key === BASELINE) || null;
  return h('div.table-scroll', h('table.data.sig-table.sig-eval-table', { 'data-testid': testid, 'data-direction': direction || 'all' },
    h('thead', h('tr', h('th', '方案'), METRICS.map(([, name, unit]) => h('th', unit ? `${name}（${unit}）` : name)))),
    h('tbody', scenarios.map((s) => h('tr', { 'data-testid': 'eval-row', 'data-key': s.key, class: s.key === 'pingan' ? 'sig-eval-ours' : '' },
      h('th.sig-eval-name', { scope: 'row' }, s.name || s.key, s.key === BASELINE ? h('span.muted.sig-eval-base', '（基准）') : null),
      METRICS.map(([k, , , better, digits]) => valueCell(s, k, base, better, digits)))))));
}

function noEvaluation(pane, writer, reload) {
  const file = h('input', { type: 'file', accept: '.json,application/json', 'data-testid': 'eval-file' });
  const box = problemBox('eval-upload-error');
  file.addEventListener('change', async () => {
    const f = file.files && file.files[0];
    if (!f) return;
    showProblem(box, null);
    try {
      const body = JSON.parse(await f.text());
      await api('/api/v1/signals/evaluations', { method: 'POST', body });
      toast('评估结果已记录', 'info');
      reload();
    } catch (e) {
      if (e.status === 401) return;
      showProblem(box, e instanceof SyntaxError ? { message: '文件不是有效的 JSON', problem: {} } : e);
    }
  });
  mount(pane, h('section.sig-page', { 'data-testid': 'signals-evaluation', 'data-loaded': 'true', 'data-empty': 'true' },
    h('div.toolbar', h('h2.page-title', '仿真评估')),
    h('div.sig-body', h('section.card.sig-howto', { 'data-testid': 'eval-missing' },
      h('h3.card-title', '尚未记录仿真评估'),
      h('p', '评估用 SUMO 在同一路网、同一需求下比较：路网原方案、相位差全 0、tlsCoordinator.py、纯 MAXBAND 与 Pingan 方案（多个随机种子取均值）。在装有 SUMO 的机器上运行：'),
      h('pre.sig-cmd', { 'data-testid': 'eval-command' },
        'pingan signals evaluate --sumo-net 路网.net.xml --routes 需求.rou.xml \\\n  --arterial 路口1,路口2,… --seeds 3 --json 评估结果.json'),
      h('p', '再把生成的 JSON 提交到平台（需要信号配时修改权限）：'),
      h('pre.sig-cmd', 'curl -X POST -H "Authorization: Bearer 令牌" -H "Content-Type: application/json" \\\n  --data @评估结果.json http://平台地址/api/v1/signals/evaluations'),
      writer ? h('div.sig-upload', h('label.stack', h('span', '或在此直接上传评估结果 JSON：'), file), box) : null))));
}

/** Draws the evaluation page; returns the cleanup (destroys the chart). */
export function renderEvaluationPage(main, { me }) {
  const pane = signalsFrame(main, 'evaluation');
  let chart = null;
  let gone = false;

  async function draw(ev) {
    const scenarios = ev.scenarios || [];
    const canvas = h('canvas#eval-chart', { 'data-testid': 'eval-chart' });
    const teleported = Number(ev.teleported) || 0;
    mount(pane, h('section.sig-page#signals-evaluation', { 'data-testid': 'signals-evaluation', 'data-loaded': 'true' },
      h('div.toolbar', h('h2.page-title', '仿真评估'),
        h('span.muted.sig-facts', { 'data-testid': 'eval-meta' },
          [ev.at ? `评估时间 ${formatTime(ev.at)}` : null, ev.network ? `路网 ${ev.network}` : null,
            ev.demand ? `需求 ${ev.demand === 'medium' ? '中等' : ev.demand}` : null,
            (ev.seeds || []).length ? `种子 ${ev.seeds.join('、')}` : null].filter(Boolean).join(' · '))),
      h('div.sig-body',
        ev.source ? h('p.muted.sig-summary', `测量方式：${ev.source}`) : null,
        teleported ? h('div.form-error', { 'data-testid': 'eval-teleported' }, `有 ${teleported} 辆车被瞬移（teleport），结果可信度降低。`) : null,
        h('section.card', h('h3.card-title', '全部车辆 · 相对路网原方案的变化'), scenarioTable(scenarios, 'eval-table'),
          h('p.muted.hint', '绿色为改善，红色为变差；± 为各种子之间的标准差。')),
        h('section.card.chart-card', h('h3.card-title', '相对路网原方案的变化（%，越低越好）'), h('div.chart-box', canvas)),
        (ev.directions || []).map((d) => h('section.card', { 'data-testid': 'eval-direction', 'data-direction': d.direction },
          h('h3.card-title', DIRECTION_NAMES[d.direction] || d.direction),
          scenarioTable(d.scenarios || [], 'eval-direction-table', d.direction))))));

    const base = scenarios.find((s) => s.key === BASELINE);
    const others = scenarios.filter((s) => s.key !== BASELINE);
    if (!base || !others.length) { canvas.closest('section').hidden = true; return; }
    try {
      const Chart = await loadChart();
      if (gone) return;
      Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
      chart = new Chart(canvas.getContext('2d'), {
        type: 'bar',
        data: {
          labels: others.map((s) => s.name || s.key),
          datasets: CHART_METRICS.map((k, i) => ({
            label: METRICS.find((m) => m[0] === k)[1], backgroundColor: CHART_COLOURS[i],
            data: others.map((s) => { const c = change(metricValue(s, k), metricValue(base, k)); return c === null ? null : Math.round(c * 10) / 10; }),
          })),
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          scales: { y: { title: { display: true, text: '变化（%）' } } },
          plugins: { legend: { position: 'top' }, tooltip: { callbacks: { label: (c) => `${c.dataset.label}：${c.parsed.y > 0 ? '+' : ''}${c.parsed.y}%` } } },
        },
      });
      canvas.dataset.ready = 'true';
    } catch (e) { toast(e.message); }
  }

  function load() {
    mount(pane, h('p.muted.pad', '加载中…'));
    api('/api/v1/signals/evaluations/latest').then((ev) => { if (!gone) draw(ev); }).catch((e) => {
      if (gone || e.status === 401) return;
      if (e.status === 404) { noEvaluation(pane, canWrite(me), load); return; }
      mount(pane, h('div.empty-state', { 'data-testid': 'signals-load-error' }, h('h2', '无法读取评估结果'), h('p', e.message)));
    });
  }
  load();
  return () => { gone = true; if (chart) chart.destroy(); };
}
