// 路口配时 (#/signals/intersection/ID?period=…&arterial=…): the plan of each period — cycle, offset and a
// phase table (green / amber / all-red / pedestrian minimum) — with a live check that the phases fill the
// cycle, the phase ring as a bar, and 保存 (PUT). Server validation errors land next to the failing field.
import { api } from '../api.js';
import { h, mount, toast, formatTime } from '../dom.js';
import { PERIODS, PERIOD_NAMES, canWrite, fieldLabel, loadError, num, periodOf, problemBox, showProblem, signalsFrame, signalsHash } from './common.js';
import { phaseRing, phaseTotal } from './phase-ring.js';

const TURNS = { left: '左转', through: '直行', right: '右转', uTurn: '掉头' };
const PHASE_FIELDS = [['green', '绿灯'], ['amber', '黄灯'], ['allRed', '全红'], ['pedestrianMinimum', '行人最短绿灯']];

/** Where traffic comes from (0° = from the north) as 北进口, 东北进口, … */
export function approachName(bearing) {
  const names = ['北', '东北', '东', '东南', '南', '西南', '西', '西北'];
  return `${names[Math.round((((Number(bearing) || 0) % 360) + 360) % 360 / 45) % 8]}进口`;
}

/** movement id → "北进口直行" from the intersection's approaches. */
function movementNames(x) {
  const names = {};
  for (const a of x.approaches || []) for (const m of a.movements || []) names[m.id] = `${approachName(a.bearing)}${TURNS[m.turn] || m.turn}`;
  return names;
}

/** A deep copy of a plan that the inputs edit. */
function working(plan) {
  return { cycle: plan.cycle, offset: plan.offset, phases: (plan.phases || []).map((p) => ({ ...p, movements: [...(p.movements || [])] })) };
}

/** Draws the plan editor; returns the cleanup. */
export function renderPlanEditor(main, { me, args, query }) {
  const id = args[0];
  const arterial = query.get('arterial') || '';
  const writer = canWrite(me);
  const pane = signalsFrame(main, 'arterials');
  let period = periodOf(query);
  let x = null;                 // the intersection as the server last sent it
  const drafts = {};            // period → working copy (edits survive switching periods)
  let gone = false;

  mount(pane, h('p.muted.pad', '加载中…'));

  function hashFor(p) { return signalsHash(['intersection', id], { period: p, arterial }); }

  function draw() {
    const plans = Object.fromEntries((x.plans || []).map((p) => [p.period, p]));
    if (!plans[period]) period = (x.plans && x.plans[0] && x.plans[0].period) || period;
    const plan = plans[period];
    const schedule = (x.schedule || []).filter((s) => s.period === period).map((s) => `${s.start}–${s.end}`).join('，');
    const names = movementNames(x);
    const tabs = h('div.sig-segment', { role: 'tablist', 'data-testid': 'plan-periods' }, PERIODS.filter(([k]) => plans[k]).map(([k, label]) => h('button.sig-segment-item', {
      type: 'button', role: 'tab', class: `sig-segment-item${k === period ? ' active' : ''}`, 'aria-selected': String(k === period),
      'data-testid': `plan-period-${k}`, on: { click: () => { period = k; history.replaceState(null, '', hashFor(k)); draw(); } },
    }, plans[k].periodName || label)));
    const back = arterial ? h('a.btn.btn-ghost.btn-small.sig-back', { href: signalsHash(['arterial', arterial], { period }) }, '‹ 干线')
      : h('a.btn.btn-ghost.btn-small.sig-back', { href: signalsHash([], { period }) }, '‹ 干线列表');
    mount(pane, h('section.sig-page#signals-intersection', { 'data-testid': 'signals-intersection', 'data-id': x.id, 'data-period': period, 'data-loaded': 'true' },
      h('div.toolbar', back, h('h2.page-title.sig-title', { 'data-testid': 'intersection-name' }, x.name),
        h('span.muted.sig-facts', [x.id, x.gridCode ? `网格 ${x.gridCode}` : null].filter(Boolean).join(' · ')), tabs),
      h('div.sig-body.sig-editor-layout',
        plan ? editor(plan, names, schedule) : h('div.card', h('p.muted', '该路口没有配时方案。')),
        h('div.sig-side', approachesCard(x), scheduleCard(x)))));
  }

  /** The form for one period's plan. */
  function editor(plan, names, schedule) {
    const draft = drafts[period] || (drafts[period] = working(plan));
    const errorBox = problemBox('plan-error');
    const fieldErrors = {};   // API field name → the element that shows its message
    const errorSlot = (field) => (fieldErrors[field] = h('div.sig-field-error', { 'data-testid': 'field-error', 'data-field': field, hidden: true }));
    const numberInput = (value, field, onValue, label) => h('input.sig-num', {
      type: 'number', step: 'any', min: 0, inputmode: 'decimal', value: value ?? '', 'aria-label': label,
      'data-testid': `input-${field}`, 'data-field': field, readOnly: !writer,
      on: { input: (ev) => { onValue(ev.target.value === '' ? NaN : Number(ev.target.value)); clearError(field); refresh(); } },
    });
    const check = h('div.sig-sum', { 'data-testid': 'sum-check' });
    const ringBox = h('div.sig-ring-box');
    const rows = draft.phases.map((p, i) => {
      const f = (k) => `phases[${i}].${k}`;
      const subtotal = h('td.num.sig-subtotal', { 'data-testid': 'phase-subtotal', 'data-label': '小计（秒）' });
      const row = h('tr', { 'data-testid': 'phase-row', 'data-index': i },
        h('td.num', i + 1),
        h('td.sig-phase-cell', { 'data-label': `相位 ${i + 1}` }, h('input.sig-phase-name', { value: p.name || '', 'aria-label': `相位 ${i + 1} 名称`, 'data-testid': `input-${f('name')}`, readOnly: !writer,
          on: { input: (ev) => { p.name = ev.target.value; clearError(f('name')); } } }), errorSlot(f('name')),
        h('div.sig-movements', (p.movements || []).map((m) => names[m] || m).join('、') || '—')),
        PHASE_FIELDS.map(([k, label]) => h('td', { 'data-label': label }, numberInput(p[k], f(k), (v) => { p[k] = v; }, `相位 ${i + 1} ${label}`), errorSlot(f(k)))),
        subtotal);
      row.refresh = () => {
        subtotal.textContent = num((Number(p.green) || 0) + (Number(p.amber) || 0) + (Number(p.allRed) || 0));
        const short = Number(p.green) < Number(p.pedestrianMinimum);
        row.classList.toggle('sig-row-warn', short);
        row.title = short ? `绿灯短于行人最短绿灯 ${num(p.pedestrianMinimum)} 秒` : '';
      };
      return row;
    });
    const save = h('button.btn.btn-primary', { type: 'submit', 'data-testid': 'plan-save' }, '保存');
    const reset = h('button.btn', { type: 'button', 'data-testid': 'plan-reset',
      on: { click: () => { drafts[period] = working(plan); draw(); } } }, '还原');

    function refresh() {
      const total = phaseTotal(draft.phases);
      const cycle = Number(draft.cycle) || 0;
      const ok = Math.abs(total - cycle) < 0.01;
      check.className = `sig-sum ${ok ? 'sig-sum-ok' : 'sig-sum-bad'}`;
      check.dataset.ok = String(ok);
      check.textContent = ok ? `✓ 各相位时长之和 ${num(total)} 秒 = 周期 ${num(cycle)} 秒`
        : `✗ 各相位时长之和 ${num(total)} 秒 ≠ 周期 ${num(cycle)} 秒（${total > cycle ? '多' : '少'} ${num(Math.abs(total - cycle))} 秒）`;
      rows.forEach((r) => r.refresh());
      mount(ringBox, phaseRing(draft.phases, cycle));
    }
    function clearError(field) {
      for (const k of [field, 'phases']) { const el = fieldErrors[k]; if (el) { el.hidden = true; el.textContent = ''; } }
      form.querySelectorAll(`[data-field="${CSS.escape(field)}"].sig-invalid`).forEach((el) => el.classList.remove('sig-invalid'));
    }
    function showErrors(e) {
      const placed = [];
      for (const err of (e.problem && e.problem.errors) || []) {
        const slot = fieldErrors[err.field];
        if (!slot) continue;
        slot.textContent = err.message;
        slot.hidden = false;
        placed.push(err.field);
        const input = form.querySelector(`input[data-field="${CSS.escape(err.field)}"]`);
        if (input) input.classList.add('sig-invalid');
      }
      showProblem(errorBox, e, { skipFields: placed });
      const first = form.querySelector('.sig-invalid') || errorBox;
      first.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }

    const form = h('form.card.sig-plan-form', { 'data-testid': 'plan-form', 'data-period': period, novalidate: true },
      h('h3.card-title', `${plan.periodName || PERIOD_NAMES[period]}配时方案`, schedule ? h('span.sig-plan-meta', `执行时段 ${schedule}`) : null),
      errorBox,
      h('div.sig-plan-head',
        h('label.sig-field', h('span', '周期（秒）'), numberInput(draft.cycle, 'cycle', (v) => { draft.cycle = v; }, '周期'), errorSlot('cycle')),
        h('label.sig-field', h('span', '相位差（秒）'), numberInput(draft.offset, 'offset', (v) => { draft.offset = v; }, '相位差'), errorSlot('offset'),
          h('span.muted.sig-field-note', '相位 1 起点相对协调基准时刻')),
        h('div.sig-field.sig-updated', h('span', '最近修改'), h('span', { 'data-testid': 'plan-updated' }, [formatTime(plan.updatedAt), plan.updatedBy].filter(Boolean).join(' · ') || '—'))),
      h('div.table-scroll', h('table.data.sig-phases', { 'data-testid': 'phase-table' },
        h('thead', h('tr', h('th', '#'), h('th', '相位 / 放行流向'), PHASE_FIELDS.map(([, label]) => h('th', `${label}（秒）`)), h('th', '小计'))),
        h('tbody', rows))),
      check, errorSlot('phases'), ringBox,
      h('p.muted.hint', '每个相位时长 = 绿灯 + 黄灯 + 全红；所有相位之和须等于周期。绿灯不得短于该相位行人过街最短绿灯。'),
      writer ? h('div.actions', reset, save) : h('p.muted.hint', '您的账号只能查看配时方案（需要“信号配时修改”权限才能保存）。'));

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!writer) return;
      const bad = [];
      if (!Number.isFinite(draft.cycle)) bad.push({ field: 'cycle', message: '请填写数字' });
      if (!Number.isFinite(draft.offset)) bad.push({ field: 'offset', message: '请填写数字' });
      draft.phases.forEach((p, i) => PHASE_FIELDS.forEach(([k]) => { if (!Number.isFinite(p[k])) bad.push({ field: `phases[${i}].${k}`, message: '请填写数字' }); }));
      if (bad.length) { showErrors({ message: '请先更正标出的字段', problem: { errors: bad } }); return; }
      save.disabled = true;
      showProblem(errorBox, null);
      try {
        const body = { cycle: draft.cycle, offset: draft.offset, phases: draft.phases.map((p) => ({
          name: p.name, movements: p.movements, green: p.green, amber: p.amber, allRed: p.allRed, pedestrianMinimum: p.pedestrianMinimum })) };
        const answer = await api(`/api/v1/signals/intersections/${encodeURIComponent(id)}/plans/${encodeURIComponent(period)}`, { method: 'PUT', body });
        if (gone) return;
        if (answer && answer.plans) x = answer;
        delete drafts[period];
        draw();
        toast(`${PERIOD_NAMES[period]}配时方案已保存`, 'info');
      } catch (e) {
        if (gone || e.status === 401) return;
        save.disabled = false;
        showErrors(e);
      }
    });
    refresh();
    return form;
  }

  api(`/api/v1/signals/intersections/${encodeURIComponent(id)}`, { query: { period } }).then((answer) => {
    if (gone) return;
    x = answer;
    draw();
  }).catch((e) => { if (!gone) loadError(pane, e, '路口'); });
  return () => { gone = true; };
}

function approachesCard(x) {
  return h('section.card', { 'data-testid': 'approaches' }, h('h3.card-title', '进口道与流量'),
    h('div.table-scroll', h('table.data.sig-table', h('thead', h('tr', h('th', '进口'), h('th', '流向'), h('th', '车道'), h('th', '流量（辆/时）'))),
      h('tbody', (x.approaches || []).flatMap((a) => (a.movements || []).map((m, i) => h('tr',
        h('td', i === 0 ? `${approachName(a.bearing)}（${a.lanes} 车道）` : ''),
        h('td', TURNS[m.turn] || m.turn), h('td.num', m.lanes), h('td.num', num(m.volume, 0)))))))),
    h('p.muted.hint', `行人过街最短绿灯：横过干线 ${num(x.pedestrianMinimumCross)} 秒，沿干线 ${num(x.pedestrianMinimumAlong)} 秒`));
}

function scheduleCard(x) {
  const entries = x.schedule || [];
  if (!entries.length) return null;
  return h('section.card', { 'data-testid': 'schedule' }, h('h3.card-title', '时段表'),
    h('ul.sig-schedule', entries.map((s) => h('li', h('span', `${s.start}–${s.end}`), h('b', PERIOD_NAMES[s.period] || s.period)))));
}
