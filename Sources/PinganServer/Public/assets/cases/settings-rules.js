// 受理规则 of 事件设置: when a new report is offered as a possible duplicate (radius and time window)
// and when an event turns 临期 (share of its limit left). The warning share is shown in per cent,
// the API takes a fraction.
import { api } from '../api.js';
import { h, mount, toast } from '../dom.js';
import { clearFieldErrors, fieldSlot, placeProblem, problemBox } from './widgets.js';

// field, label, unit, min, max, hint; warnFraction is edited as a percentage.
const FIELDS = [
  ['duplicateRadiusMeters', '疑似重复半径', '米', 10, 5000, '新上报的事件与同类未办结事件相距在此范围内，提示可能重复'],
  ['duplicateWindowHours', '疑似重复时间窗', '小时', 1, 720, '只与这段时间内上报的同类事件比对'],
  ['warnFraction', '临期预警比例', '%', 1, 90, '剩余处置时限不超过该比例时，事件标为“临期”并提醒承办人'],
];
const shown = (field, v) => (field === 'warnFraction' ? +(v * 100).toFixed(1) : v);
const sent = (field, v) => (field === 'warnFraction' ? +(v / 100).toFixed(4) : v);

export function renderRulesSection() {
  const el = h('div.settings-section', { 'data-testid': 'settings-rules' }, h('p.muted.pad', '加载中…'));
  api('/api/v1/events/rules').then((rules) => draw(el, rules))
    .catch((e) => { if (e.status !== 401) mount(el, problemBox(e, 'rules-error')); });
  return el;
}

function draw(el, rules) {
  let saved = rules;
  const inputs = {};
  const errorEl = h('div');
  const example = h('p.muted.settings-example', { 'data-testid': 'rules-example' });
  const save = h('button.btn.btn-primary', { type: 'submit', 'data-testid': 'rules-save', disabled: true }, '保存');
  const reset = h('button.btn', { type: 'button', 'data-testid': 'rules-reset', disabled: true, on: { click: () => fill(saved) } }, '还原');
  const value = (f) => (inputs[f].value.trim() === '' ? NaN : Number(inputs[f].value));
  const dirty = () => FIELDS.some(([f]) => value(f) !== shown(f, saved[f]));
  const changed = () => {
    save.disabled = !dirty();
    reset.disabled = save.disabled;
    const pct = value('warnFraction');
    example.textContent = Number.isFinite(pct)
      ? `示例：处置时限为 16 个工作小时的事件，剩余不超过 ${+(16 * pct / 100).toFixed(1)} 个工作小时时提示临期。` : '';
  };
  const form = h('form.card.settings-card.rules-form', { 'data-testid': 'rules-form', novalidate: true },
    h('h3.card-title', '疑似重复提示与临期预警'),
    h('div.form-grid', FIELDS.map(([f, label, unit, min, max, hint]) => {
      inputs[f] = h('input', {
        type: 'number', min, max, step: 'any', inputmode: 'decimal', 'data-testid': `rules-${f}`, 'data-field': f, 'aria-label': label,
        on: { input: () => { clearFieldErrors(form, f); changed(); } },
      });
      return h('label.stack.settings-field', h('span', label, h('span.muted', `（${unit}）`)),
        h('span.unit-input', inputs[f], h('span.unit', unit)), fieldSlot(f), h('span.hint.muted', `${hint}；可设 ${min}–${max} ${unit}`));
    })),
    example, errorEl,
    h('div.actions', reset, save));
  mount(el, form);

  function fill(r) {
    for (const [f] of FIELDS) inputs[f].value = String(shown(f, r[f]));
    clearFieldErrors(form);
    mount(errorEl);
    changed();
  }
  fill(saved);
  el.dataset.loaded = 'true';

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    mount(errorEl);
    // Checked here so the messages speak the page's units (the API's speak a fraction).
    const bad = FIELDS.filter(([f, , , min, max]) => !(value(f) >= min && value(f) <= max))
      .map(([f, label, unit, min, max]) => ({ field: f, message: Number.isFinite(value(f)) ? `${label}须为 ${min}–${max} ${unit}` : `请填写${label}` }));
    if (bad.length) { placeProblem(form, { problem: { errors: bad } }); return; }
    const body = Object.fromEntries(FIELDS.map(([f]) => [f, sent(f, value(f))]));
    save.disabled = true;
    save.textContent = '保存中…';
    try {
      saved = await api('/api/v1/events/rules', { method: 'PUT', body });
      fill(saved);
      toast('受理规则已保存', 'info');
    } catch (e) {
      if (e.status !== 401 && !placeProblem(form, e)) mount(errorEl, problemBox(e, 'rules-problem'));
      changed();
    } finally {
      save.textContent = '保存';
    }
  });
}
