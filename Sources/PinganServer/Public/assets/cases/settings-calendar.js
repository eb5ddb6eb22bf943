// 工作日历 of 事件设置: one year's statutory holidays (days off) and make-up working days (weekend days
// worked, 调休上班), the days that decide what a "working hour" of a time limit is. The year is saved
// whole (the API replaces the year), so the lists are edited here and sent together.
import { api } from '../api.js';
import { h, mount, toast } from '../dom.js';
import { today } from './names.js';
import { clearFieldErrors, fieldSlot, placeProblem, problemBox } from './widgets.js';

const WEEKDAYS = '日一二三四五六';
const weekday = (day) => new Date(`${day}T00:00:00Z`).getUTCDay();

// key (API field), title, what the days mean
const LISTS = [
  ['holidays', '节假日（放假）', '法定节假日及调休放假的日期，不计入工作时间'],
  ['workdays', '调休上班日', '因调休需要上班的周六、周日，计入工作时间'],
];

export function renderCalendarSection() {
  const thisYear = Number(today().slice(0, 4));
  const el = h('div.settings-section', { 'data-testid': 'settings-calendar' });
  const yearSelect = h('select', { 'data-testid': 'calendar-year', 'aria-label': '年份' },
    [thisYear - 1, thisYear, thisYear + 1].map((y) => h('option', { value: String(y), selected: y === thisYear }, `${y} 年`)));
  const periodsEl = h('span.muted', { 'data-testid': 'calendar-periods' });
  const holder = h('div', h('p.muted.pad', '加载中…'));
  let editor = null;
  mount(el, h('div.settings-bar', h('label.inline-label', h('span', '年份'), yearSelect), periodsEl), holder);

  yearSelect.addEventListener('change', () => {
    if (editor && editor.dirty() && !window.confirm(`${editor.year} 年的修改尚未保存，切换年份将放弃这些修改。继续吗？`)) {
      yearSelect.value = String(editor.year);
      return;
    }
    load(Number(yearSelect.value));
  });
  function load(year) {
    mount(holder, h('p.muted.pad', '加载中…'));
    api('/api/v1/events/calendar', { query: { year } }).then((cal) => {
      const periods = cal.periods || [];
      const minutes = periods.reduce((sum, p) => sum + toMinutes(p.end) - toMinutes(p.start), 0);
      periodsEl.textContent = periods.length
        ? `工作时段 ${periods.map((p) => `${p.start}–${p.end}`).join('、')}，每个工作日 ${+(minutes / 60).toFixed(2)} 个工作小时` : '';
      editor = drawYear(holder, cal);
    }).catch((e) => { if (e.status !== 401) mount(holder, problemBox(e, 'calendar-error')); });
  }
  load(thisYear);
  return el;
}

function toMinutes(hhmm) {
  const [hh, mm] = String(hhmm).split(':').map(Number);
  return hh * 60 + mm;
}

/** The two lists of one year; returns {year, dirty()}. */
function drawYear(holder, cal) {
  const year = cal.year;
  let saved = { holidays: [...cal.holidays].sort(), workdays: [...cal.workdays].sort() };
  const days = { holidays: [...saved.holidays], workdays: [...saved.workdays] };
  const errorEl = h('div');
  const summary = h('span.muted', { 'data-testid': 'calendar-summary' });
  const save = h('button.btn.btn-primary', { type: 'button', 'data-testid': 'calendar-save' }, '保存日历');
  const reset = h('button.btn', { type: 'button', 'data-testid': 'calendar-reset' }, '还原');
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const dirty = () => LISTS.some(([k]) => !same(days[k], saved[k]));
  const boxes = {};

  const cards = LISTS.map(([key, title, note]) => {
    const chips = h('div.date-chips', { 'data-testid': `calendar-${key}`, 'data-field': key });
    const input = h('input', { type: 'date', min: `${year}-01-01`, max: `${year}-12-31`, 'data-testid': `calendar-${key}-date`, 'data-field': key, 'aria-label': `添加${title}` });
    const add = h('button.btn', { type: 'button', 'data-testid': `calendar-${key}-add` }, '添加');
    const count = h('span.tab-count');
    boxes[key] = { chips, count };
    add.addEventListener('click', () => {
      const message = refusal(key, input.value, year, days);
      if (message) { placeProblem(card, { problem: { errors: [{ field: key, message }] } }); return; }
      days[key] = [...days[key], input.value].sort();
      input.value = '';
      changed(key);
    });
    input.addEventListener('input', () => clearFieldErrors(card, key));
    input.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); add.click(); } });
    const card = h('section.card.settings-card.calendar-card', { 'data-testid': `calendar-card-${key}` },
      h('h3.card-title', title, count),
      h('p.hint.muted.card-sub', note),
      chips,
      h('div.add-row', input, add),
      fieldSlot(key));
    return card;
  });

  function drawChips(key) {
    const { chips, count } = boxes[key];
    count.textContent = String(days[key].length);
    mount(chips, days[key].length ? days[key].map((d) => {
      const wd = weekday(d);
      return h('span.date-chip', { 'data-testid': 'calendar-day', 'data-day': d, class: `date-chip${wd === 0 || wd === 6 ? ' weekend' : ''}` },
        h('span', `${Number(d.slice(5, 7))}月${Number(d.slice(8))}日`), h('span.date-weekday', `周${WEEKDAYS[wd]}`),
        h('button.date-remove', { type: 'button', 'aria-label': `删除 ${d}`, 'data-testid': 'calendar-day-remove',
          on: { click: () => { days[key] = days[key].filter((x) => x !== d); changed(key); } } }, '×'));
    }) : h('span.muted', '（无）'));
  }
  function changed(key) {
    if (key) clearFieldErrors(holder, key);
    for (const [k] of LISTS) drawChips(k);
    const d = dirty();
    save.disabled = !d;
    reset.disabled = !d;
    summary.textContent = d ? '有未保存的修改' : `${year} 年：${days.holidays.length} 天节假日，${days.workdays.length} 天调休上班日`;
    summary.classList.toggle('unsaved', d);
  }
  reset.addEventListener('click', () => {
    for (const [k] of LISTS) days[k] = [...saved[k]];
    clearFieldErrors(holder);
    mount(errorEl);
    changed();
  });
  save.addEventListener('click', async () => {
    clearFieldErrors(holder);
    mount(errorEl);
    save.disabled = true;
    save.textContent = '保存中…';
    try {
      await api('/api/v1/events/calendar', { method: 'PUT', body: { year, holidays: days.holidays, workdays: days.workdays } });
      saved = { holidays: [...days.holidays], workdays: [...days.workdays] };
      toast(`${year} 年工作日历已保存`, 'info');
    } catch (e) {
      if (e.status !== 401 && !placeProblem(holder, e)) mount(errorEl, problemBox(e, 'calendar-problem'));
    } finally {
      save.textContent = '保存日历';
      changed();
    }
  });

  mount(holder, h('div.calendar-lists', { 'data-testid': 'calendar-lists', 'data-year': String(year) }, cards),
    errorEl, h('div.actions.settings-actions', summary, h('span.spacer'), reset, save));
  changed();
  return { year, dirty };
}

/** Why a date cannot be added to list `key`, or null. The server checks again on save. */
function refusal(key, day, year, days) {
  if (!day) return '请选择日期';
  if (!day.startsWith(`${year}-`)) return `请选择 ${year} 年的日期`;
  if (days[key].includes(day)) return `${day} 已在列表中`;
  const other = key === 'holidays' ? 'workdays' : 'holidays';
  if (days[other].includes(day)) return `${day} 已是${key === 'holidays' ? '调休上班日' : '节假日'}，请先从那里删除`;
  if (key === 'workdays' && ![0, 6].includes(weekday(day))) return `${day} 是周${WEEKDAYS[weekday(day)]}，调休上班日只能是周六或周日`;
  return null;
}
