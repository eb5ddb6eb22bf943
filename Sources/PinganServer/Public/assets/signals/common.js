// Shared pieces of the 智慧信号 pages: periods, number formats, the part's tabs, error boxes and
// the confirmation dialog. Kept free of page logic so every page reads the same way.
import { h, mount } from '../dom.js';

/** The four periods of the day, in the order people think of them. */
export const PERIODS = [
  ['morningPeak', '早高峰'], ['offPeak', '平峰'], ['eveningPeak', '晚高峰'], ['night', '夜间'],
];
export const PERIOD_NAMES = Object.fromEntries(PERIODS);
export const DEFAULT_PERIOD = 'morningPeak';

/** The period of the route's query, or the default when missing or unknown. */
export function periodOf(query) {
  const p = query && query.get('period');
  return p && PERIOD_NAMES[p] ? p : DEFAULT_PERIOD;
}

/** True when /me allows changing plans. */
export function canWrite(me) { return !!me && (me.permissions || []).includes('signals.write'); }

/** Seconds as people read them: whole numbers stay whole, others keep one decimal. */
export function num(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(Number(v))) return '—';
  const x = Number(v);
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}
export function sec(v) { return v === null || v === undefined ? '—' : `${num(v)} 秒`; }
/** A ratio (0.385) as a percentage (38.5%). */
export function pct(v) { return v === null || v === undefined ? '—' : `${(Number(v) * 100).toFixed(1)}%`; }
/** Metres as kilometres with two decimals. */
export function km(m) { return m === null || m === undefined ? '—' : `${(Number(m) / 1000).toFixed(2)} 公里`; }
/** A signed difference with its unit (+12 秒, −3.5 秒); empty when no difference. */
export function delta(v, unit = '秒') {
  if (v === null || v === undefined || Math.abs(v) < 0.05) return '';
  return `${v > 0 ? '+' : '−'}${num(Math.abs(v))}${unit ? ` ${unit}` : ''}`;
}

/** #/signals/... with a query (empty values left out). */
export function signalsHash(parts, query = {}) {
  const path = ['signals', ...parts].map(encodeURIComponent).join('/');
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
  return `#/${path}${qs ? `?${qs}` : ''}`;
}

/** The part's own tabs (干线绿波 / 仿真评估) around a page; returns the pane the page draws into. */
export function signalsFrame(main, active) {
  const tab = (key, label, href) => h('a.gov-tab', {
    href, class: `gov-tab${key === active ? ' active' : ''}`, 'data-testid': `signals-tab-${key}`,
  }, label);
  const pane = h('div.sig-pane');
  mount(main, h('div.gov-tabs.sig-tabs', { 'data-testid': 'signals-tabs' },
    tab('arterials', '干线绿波', signalsHash([])),
    tab('evaluation', '仿真评估', signalsHash(['evaluation']))), pane);
  return pane;
}

/** Segmented period switcher; each choice is a link so the period stays in the address. */
export function periodSwitch(current, hrefFor) {
  return h('div.sig-segment', { role: 'tablist', 'aria-label': '时段', 'data-testid': 'period-switch', 'data-period': current },
    PERIODS.map(([key, name]) => h('a.sig-segment-item', {
      href: hrefFor(key), role: 'tab', 'aria-selected': String(key === current),
      class: `sig-segment-item${key === current ? ' active' : ''}`, 'data-testid': `period-${key}`, 'data-period': key,
    }, name)));
}

const FIELD_NAMES = { cycle: '周期', offset: '相位差', phases: '相位', period: '时段', green: '绿灯', amber: '黄灯',
  allRed: '全红', pedestrianMinimum: '行人最短绿灯', name: '名称', movements: '放行流向' };

/** "phases[1].green" → "相位 2 · 绿灯" (indices in the API count from 0). */
export function fieldLabel(field) {
  if (!field) return '';
  const m = /^phases\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (m) return `相位 ${Number(m[1]) + 1}${m[2] ? ` · ${FIELD_NAMES[m[2]] || m[2]}` : ''}`;
  return FIELD_NAMES[field] || field;
}

/** Shows a ProblemError in box: its detail and every errors[] entry; hides the box when e is null. */
export function showProblem(box, e, { skipFields = [] } = {}) {
  if (!e) { box.hidden = true; mount(box); return; }
  const errors = ((e.problem && e.problem.errors) || []).filter((x) => !skipFields.includes(x.field));
  mount(box, h('div.sig-problem-detail', { 'data-testid': 'problem-detail' }, e.message),
    errors.length ? h('ul.sig-problem-list', errors.map((x) => h('li', { 'data-testid': 'problem-error', 'data-field': x.field || '' },
      x.field ? h('b', `${fieldLabel(x.field)}：`) : null, x.message))) : null);
  box.hidden = false;
}

/**
 * Runs a write action (优化, 采用, 应用) with the section's buttons locked and the pressed one saying
 * what is happening; a problem+json answer goes to the error box. `send()` makes the request,
 * `onAnswer(answer)` draws what came back, `unlock()` re-enables the buttons as the section's state
 * allows, and nothing is touched once `isGone()` says the page was left.
 */
export async function runAction({ button, busyText, buttons, errorBox, isGone, send, onAnswer, unlock }) {
  const label = button.textContent;
  for (const b of buttons) b.disabled = true;
  button.textContent = busyText;
  showProblem(errorBox, null);
  try {
    const answer = await send();
    if (isGone()) return false;
    await onAnswer(answer);
    return true;
  } catch (e) {
    if (!isGone() && e.status !== 401) showProblem(errorBox, e);
    return false;
  } finally {
    if (!isGone()) { button.textContent = label; unlock(); }
  }
}

/** An empty error box (role=alert) for showProblem. */
export function problemBox(testid = 'signals-error') {
  return h('div.form-error.sig-problem', { 'data-testid': testid, role: 'alert', hidden: true });
}

/** Asks a yes/no question in a modal dialog; resolves true when confirmed. */
export function confirmDialog({ title, message, confirmText = '确定', danger = false }) {
  return new Promise((resolve) => {
    const ok = h('button.btn.btn-primary', { type: 'submit', 'data-testid': 'confirm-ok', class: `btn btn-primary${danger ? ' sig-btn-danger' : ''}` }, confirmText);
    const cancel = h('button.btn', { type: 'button', 'data-testid': 'confirm-cancel' }, '取消');
    const form = h('form.dialog-body', { method: 'dialog' }, h('h3', title), h('div.sig-confirm-text', message), h('div.dialog-actions', cancel, ok));
    const dialog = h('dialog.dialog', { 'data-testid': 'confirm-dialog' }, form);
    document.body.append(dialog);
    const finish = (value) => { if (dialog.open) dialog.close(); dialog.remove(); resolve(value); };
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', () => finish(false));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); finish(true); });
    dialog.showModal();
    ok.focus();
  });
}

/** The page-level error for a failed load (404 gets its own wording). */
export function loadError(pane, e, what) {
  if (e.status === 401) return;
  const text = e.status === 404 ? `未找到该${what}，可能已被删除或不在您的管辖范围内。` : e.message;
  mount(pane, h('div.empty-state', { 'data-testid': 'signals-load-error' }, h('h2', '无法打开'), h('p', text),
    h('p', h('a', { href: signalsHash([]) }, '返回干线列表'))));
}
