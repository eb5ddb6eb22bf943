// 类别与时限 of 事件设置: per category, the department in charge, whether it is public (Open311) and
// its normal/urgent limits. People think of limits in working hours; the API keeps working minutes.
// Each row saves on its own; the server decides what is allowed (e.g. 治安 and 矛盾纠纷 stay private)
// and its message is shown beside the field, with the row's edits kept.
import { api } from '../api.js';
import { h, mount, toast } from '../dom.js';
import { clearFieldErrors, departmentSelect, fieldSlot, placeProblem, problemBox } from './widgets.js';

const MIN_HOURS = 0.5;  // the API's 30–25200 working minutes
const MAX_HOURS = 420;
const DAY_MINUTES = 420; // a working day with the standard hours (the calendar section shows the real ones)
const toHours = (minutes) => String(+(minutes / 60).toFixed(2));
/** Long limits also read as working days; short ones are clear enough in hours. */
const inDays = (minutes) => (minutes >= DAY_MINUTES ? `≈ ${+(minutes / DAY_MINUTES).toFixed(1)} 个工作日` : '');

export function renderCategoriesSection() {
  const el = h('div.settings-section', { 'data-testid': 'settings-categories' }, h('p.muted.pad', '加载中…'));
  Promise.all([api('/api/v1/events/categories'), api('/api/v1/departments')])
    .then(([c, d]) => draw(el, c.items || [], d.items || []))
    .catch((e) => { if (e.status !== 401) mount(el, problemBox(e, 'categories-error')); });
  return el;
}

function draw(el, categories, departments) {
  const errorEl = h('div.settings-error');
  let lastGroup = null;
  const rows = [];
  for (const c of categories) {
    if (c.group !== lastGroup) {
      rows.push(h('tr.group-row', h('th', { colspan: 7, scope: 'rowgroup' }, c.group)));
      lastGroup = c.group;
    }
    rows.push(categoryRow(c, departments, errorEl));
  }
  mount(el, h('div.card.settings-card',
    h('h3.card-title', '事件类别', h('span.muted.card-note', `共 ${categories.length} 类 · 时限按工作小时计（1 个工作日 = 7 个工作小时）`)),
    errorEl,
    h('div.table-scroll', h('table.data.settings-table', { 'data-testid': 'category-table' },
      h('thead', h('tr', ['编码', '类别', '承办部门', '对外公开', '一般事件时限', '紧急事件时限', ''].map((t) => h('th', t)))),
      h('tbody', rows)))));
  el.dataset.loaded = 'true';
}

/** One category's editable row. */
function categoryRow(c, departments, errorEl) {
  let saved = c;
  const dept = departmentSelect(departments, c.departmentCode, { 'data-testid': 'category-department', 'data-field': 'departmentCode', 'aria-label': `${c.name}承办部门` }, null);
  const pub = h('input', { type: 'checkbox', 'data-testid': 'category-public', 'data-field': 'public', 'aria-label': `${c.name}对外公开` });
  const limit = (kind, label) => h('input.hours-input', {
    type: 'number', min: MIN_HOURS, max: MAX_HOURS, step: 0.5, inputmode: 'decimal',
    'data-testid': `category-${kind}`, 'data-field': `${kind}LimitMinutes`, 'aria-label': `${c.name}${label}（工作小时）`,
  });
  const normal = limit('normal', '一般事件时限');
  const urgent = limit('urgent', '紧急事件时限');
  const normalNote = h('span.hint.muted.days-note', { 'data-testid': 'category-normal-days' });
  const urgentNote = h('span.hint.muted.days-note');
  const save = h('button.btn.btn-primary.btn-small', { type: 'button', 'data-testid': 'category-save', disabled: true }, '保存');
  const reset = h('button.btn.btn-ghost.btn-small', { type: 'button', 'data-testid': 'category-reset', hidden: true }, '还原');
  const hoursCell = (input, note, field) => h('td.nowrap', h('span.unit-input', input, h('span.unit', '小时'), note), fieldSlot(field));
  const row = h('tr.category-row', { 'data-testid': 'category-row', 'data-code': c.code, 'data-group': c.group },
    h('td.muted.nowrap', c.code),
    h('td.nowrap', c.name),
    h('td', dept, fieldSlot('departmentCode')),
    h('td', h('label.check', pub, '公开'), fieldSlot('public')),
    hoursCell(normal, normalNote, 'normalLimitMinutes'),
    hoursCell(urgent, urgentNote, 'urgentLimitMinutes'),
    h('td.nowrap.row-actions', reset, save));

  const minutes = (input) => (input.value.trim() === '' ? NaN : Math.round(Number(input.value) * 60));
  const values = () => ({ departmentCode: dept.value, public: pub.checked, normalLimitMinutes: minutes(normal), urgentLimitMinutes: minutes(urgent) });
  const dirty = () => {
    const v = values();
    return v.departmentCode !== saved.departmentCode || v.public !== saved.public
      || v.normalLimitMinutes !== saved.limits.normal || v.urgentLimitMinutes !== saved.limits.urgent;
  };
  function changed(field) {
    if (field) clearFieldErrors(row, field);
    const d = dirty();
    save.disabled = !d;
    reset.hidden = !d;
    row.classList.toggle('is-dirty', d);
    for (const [input, note] of [[normal, normalNote], [urgent, urgentNote]]) {
      const m = minutes(input);
      note.textContent = Number.isFinite(m) ? inDays(m) : '';
    }
  }
  function fill(x) {
    dept.value = x.departmentCode;
    pub.checked = !!x.public;
    normal.value = toHours(x.limits.normal);
    urgent.value = toHours(x.limits.urgent);
    clearFieldErrors(row);
    changed();
  }
  for (const [input, field] of [[dept, 'departmentCode'], [pub, 'public'], [normal, 'normalLimitMinutes'], [urgent, 'urgentLimitMinutes']]) {
    input.addEventListener(input === dept || input === pub ? 'change' : 'input', () => changed(field));
  }
  for (const input of [normal, urgent]) {
    input.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && !save.disabled) { ev.preventDefault(); submit(); } });
  }
  reset.addEventListener('click', () => fill(saved));
  save.addEventListener('click', submit);
  fill(saved);

  async function submit() {
    clearFieldErrors(row);
    mount(errorEl);
    const body = values();
    // Checked here so the message speaks hours; the API's speaks working minutes.
    const bad = [['normalLimitMinutes', '一般事件时限'], ['urgentLimitMinutes', '紧急事件时限']]
      .filter(([f]) => !(body[f] >= MIN_HOURS * 60 && body[f] <= MAX_HOURS * 60))
      .map(([f, label]) => ({ field: f, message: `${label}须为 ${MIN_HOURS}–${MAX_HOURS} 个工作小时` }));
    if (bad.length) { placeProblem(row, { problem: { errors: bad } }); return; }
    save.disabled = true;
    save.textContent = '保存中…';
    try {
      saved = await api(`/api/v1/events/categories/${encodeURIComponent(c.code)}`, { method: 'PUT', body });
      fill(saved);
      toast(`已保存“${c.name}”`, 'info');
    } catch (e) {
      if (e.status === 401) return;
      if (!placeProblem(row, e)) mount(errorEl, problemBox({ ...e, message: `“${c.name}”未保存：${e.message}`, problem: e.problem }, 'category-problem'));
      changed();
    } finally {
      save.textContent = '保存';
    }
  }
  return row;
}
