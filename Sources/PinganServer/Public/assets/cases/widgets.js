// Pieces shared by the pages of 网格事件与调解: badges, the part's tabs, problem messages, the
// event table, category/department selects and images loaded behind the session.
import { h, mount, formatTime } from '../dom.js';
import { hashFor } from '../record-widgets.js';
import { imageUrl } from './http.js';
import { ESCALATION_NAMES, SEVERITY_NAMES, STAGE_NAMES, countdown } from './names.js';

/** Roles of the workflow, from /me. */
export const roles = {
  centre: (me) => ['district-operator', 'town-operator', 'village-operator'].includes(me.role),
  department: (me) => me.role === 'department-officer',
  worker: (me) => me.role === 'grid-worker',
  can: (me, p) => (me.permissions || []).includes(p),
  reads: (me) => roles.can(me, 'events.read'),
  dashboards: (me) => roles.can(me, 'events.read') || roles.can(me, 'dashboards.read'),
  writes: (me) => roles.can(me, 'events.write'),
  // 事件设置: the API lets only a centre account with a district-level scope change reference data
  // (a town or village centre writes events but not settings). The API's 403 stays the final word.
  settings: (me) => roles.centre(me) && roles.writes(me) && (scopeRoot(me) || {}).level === 1,
};

/** The user's governance scope root ({code, name, level}) or null. */
export function scopeRoot(me) {
  const scopes = (me.scopes || []).filter((s) => (s.layer || 'governance') === 'governance');
  return scopes[0] || null;
}

/** The part's own tabs (under the shell's 网格事件与调解 entry), by role. */
export function partTabs(me, current) {
  const tabs = [];
  if (roles.worker(me)) {
    tabs.push(['mine', '我的任务', '#/events/mine'], ['report', '上报事件', '#/events/report']);
  } else if (roles.department(me)) {
    tabs.push(['inbox', '部门任务', '#/events']);
  } else {
    if (roles.reads(me)) tabs.push(['inbox', '事件受理', '#/events']);
    if (roles.centre(me) && roles.writes(me)) tabs.push(['report', '热线登记', '#/events/report']);
    if (roles.dashboards(me)) tabs.push(['board', '督办看板', '#/events/board'], ['kpis', '考核指标', '#/events/kpis']);
  }
  if (roles.reads(me) && !roles.department(me)) tabs.push(['mediation', '人民调解', '#/mediation']);
  if (roles.settings(me)) tabs.push(['settings', '事件设置', '#/events/settings']);
  // The shell lights its nav entry only for #/events…; mediation belongs to the same part.
  const nav = document.querySelector('[data-testid="nav-cases"]');
  if (nav) nav.classList.add('active');
  return h('nav.gov-tabs.cases-tabs', { 'data-testid': 'cases-tabs', 'aria-label': '网格事件与调解' },
    tabs.map(([key, label, href]) => h('a.gov-tab', {
      href, class: `gov-tab${key === current ? ' active' : ''}`, 'data-testid': `cases-tab-${key}`,
    }, label)));
}

/** A page frame: the part's tabs above, the page below; returns the element the page draws into. */
export function frame(main, me, current) {
  const pane = h('div.gov-pane.cases-pane');
  mount(main, partTabs(me, current), pane);
  return pane;
}

export function stageBadge(stage, name) {
  return h('span.stage', { class: `stage stage-${stage}`, 'data-testid': 'stage-badge', 'data-stage': stage }, name || STAGE_NAMES[stage] || stage);
}

/** Urgent / overdue / warning / escalated badges of an event or list item. */
export function eventBadges(e) {
  return [
    e.severity === 'urgent' ? h('span.ebadge.ebadge-urgent', { 'data-testid': 'badge-urgent' }, SEVERITY_NAMES.urgent) : null,
    e.overdue ? h('span.ebadge.ebadge-overdue', { 'data-testid': 'badge-overdue' }, '超期') : null,
    e.warning ? h('span.ebadge.ebadge-warning', { 'data-testid': 'badge-warning' }, '临期') : null,
    e.escalationLevel > 0 ? h('span.ebadge.ebadge-escalated', { 'data-testid': 'badge-escalated', 'data-level': String(e.escalationLevel) },
      `升级·${ESCALATION_NAMES[e.escalationLevel] || e.escalationLevel}督办`) : null,
  ];
}

/** Deadline with its countdown (or how long overdue). */
export function deadlineText(e) {
  if (!e.deadline) return h('span.muted', '—');
  const c = ['closed', 'cancelled', 'standing'].includes(e.stage) ? null : countdown(e.deadline);
  return h('span.deadline', { class: `deadline${c && c.overdue ? ' is-overdue' : ''}` },
    h('span.nowrap', formatTime(e.deadline).slice(0, 16)),
    c ? h('span.countdown', { 'data-testid': 'countdown' }, c.text) : null);
}

/** The problem+json of a failed request: detail plus the field errors. */
export function problemBox(e, testid = 'problem') {
  const p = (e && e.problem) || {};
  const errors = Array.isArray(p.errors) ? p.errors : [];
  return h('div.form-error.problem', { 'data-testid': testid, 'data-status': String(e && e.status) },
    h('div', e.message || p.detail || '操作失败'),
    errors.length ? h('ul.problem-errors', errors.map((x) => h('li', { 'data-field': x.field }, x.message || x.field))) : null);
}

/** Where a field's message from a problem goes (under its input); placeProblem fills it. */
export function fieldSlot(field) {
  return h('div.field-msg', { 'data-testid': 'field-error', 'data-field': field, role: 'alert', hidden: true });
}

/** Hides the field messages (of one field, or all) inside `scope` and unmarks their inputs. */
export function clearFieldErrors(scope, field) {
  const sel = field ? `[data-field="${CSS.escape(field)}"]` : '[data-field]';
  for (const el of scope.querySelectorAll(`.field-msg${sel}`)) { el.hidden = true; el.textContent = ''; }
  for (const el of scope.querySelectorAll(`.is-invalid${sel}`)) el.classList.remove('is-invalid');
}

/**
 * Puts a problem's field errors beside their fields (fieldSlot elements inside `scope`) and marks the
 * inputs carrying the same data-field. Returns true when every error found its field, so the caller
 * shows problemBox only for what is left (403, network, a field without a slot).
 */
export function placeProblem(scope, e) {
  clearFieldErrors(scope);
  const errors = (e && e.problem && Array.isArray(e.problem.errors)) ? e.problem.errors : [];
  let placed = 0;
  for (const x of errors) {
    const slot = scope.querySelector(`.field-msg[data-field="${CSS.escape(x.field || '')}"]`);
    if (!slot) continue;
    slot.textContent = x.message || e.message;
    slot.hidden = false;
    placed += 1;
    for (const el of scope.querySelectorAll(`[data-field="${CSS.escape(x.field)}"]:not(.field-msg)`)) el.classList.add('is-invalid');
  }
  return errors.length > 0 && placed === errors.length;
}

/** The event list (centre inbox, department tasks, boards): a table that stacks into cards on phones. `compact` (boards) drops 情况 and 上报时间. */
export function eventTable(items, { testid = 'event-list', total, empty = '没有符合条件的事件', compact = false } = {}) {
  const cols = [
    ['编号', (e) => h('a.event-link', { href: hashFor(['events', e.id]), 'data-testid': 'event-link' }, e.number)],
    ['类别', (e) => [e.categoryName, eventBadges(e)]],
    compact ? null : ['情况', (e) => e.description, 'desc'],
    ['网格', (e) => e.gridName],
    ['承办部门', (e) => e.departmentName || h('span.muted', '—')],
    ['环节', (e) => stageBadge(e.stage, e.stageName)],
    compact ? null : ['上报时间', (e) => formatTime(e.reportedAt).slice(0, 16), 'nowrap'],
    ['处置时限', (e) => deadlineText(e)],
  ].filter(Boolean);
  return h('table.data.event-table', { class: `data event-table${compact ? ' compact' : ''}`, 'data-testid': testid, 'data-total': total === undefined ? undefined : String(total) },
    h('thead', h('tr', cols.map(([t]) => h('th', t)))),
    h('tbody', items.length ? items.map((e) => h('tr', {
      'data-testid': 'event-row', 'data-id': e.id, 'data-stage': e.stage,
      class: `${e.overdue ? 'row-overdue' : ''}${e.warning ? ' row-warning' : ''}`,
    }, cols.map(([label, cell, cls]) => h('td', { class: cls, 'data-label': label }, cell(e)))))
      : h('tr', h('td.empty', { colspan: cols.length }, empty))));
}

/** <select> of categories grouped by their group (optgroups); first option is `allLabel`. */
export function categorySelect(categories, value, attrs = {}, allLabel = '全部类别') {
  const groups = new Map();
  for (const c of categories) {
    if (!groups.has(c.group)) groups.set(c.group, []);
    groups.get(c.group).push(c);
  }
  return h('select', attrs, h('option', { value: '' }, allLabel),
    [...groups].map(([g, list]) => h('optgroup', { label: g },
      list.map((c) => h('option', { value: c.code, selected: c.code === value }, c.name)))));
}

export function departmentSelect(departments, value, attrs = {}, allLabel = '全部部门') {
  return h('select', attrs, allLabel === null ? null : h('option', { value: '' }, allLabel),
    departments.map((d) => h('option', { value: d.code, selected: d.code === value }, d.name)));
}

/** An <img> loaded through the session; click opens the full photo. */
export function photoThumb(url, alt, testid = 'photo') {
  const img = h('img.thumb', { alt, 'data-testid': testid, 'data-url': url, loading: 'lazy' });
  imageUrl(url).then((u) => { img.src = u; img.dataset.loaded = 'true'; }).catch(() => { img.alt = '照片加载失败'; img.classList.add('broken'); });
  img.addEventListener('click', () => openPhoto(url, alt));
  return img;
}

/** A full-screen view of one photo. */
export function openPhoto(url, alt) {
  const img = h('img.lightbox-img', { alt });
  const dlg = h('dialog.lightbox', { 'data-testid': 'photo-viewer' },
    h('button.btn-icon.lightbox-close', { type: 'button', 'aria-label': '关闭', 'data-testid': 'photo-viewer-close', on: { click: () => dlg.close() } }, '×'),
    img);
  dlg.addEventListener('close', () => dlg.remove());
  dlg.addEventListener('click', (ev) => { if (ev.target === dlg) dlg.close(); });
  document.body.append(dlg);
  dlg.showModal();
  imageUrl(url).then((u) => { img.src = u; }).catch(() => { img.alt = '照片加载失败'; });
}

/** Debounces a refresh so a burst of stream messages makes one request. */
export function debounce(fn, ms = 400) {
  let t = null;
  const run = (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
  run.cancel = () => clearTimeout(t);
  return run;
}
