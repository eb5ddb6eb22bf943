// 事件详情 (#/events/ID): header with the step bar 受理→立案→派遣→处置→核查→结案, deadline with a
// countdown, details, a point map, photos, the full history and the buttons the caller may use now.
import { api } from '../api.js';
import { h, mount, formatTime, toast } from '../dom.js';
import { card, fieldList, gridCrumbs, hashFor, showLoadError } from '../record-widgets.js';
import { actionBar } from './event-actions.js';
import { eventMap } from './event-map.js';
import { loadReference, releaseImages } from './http.js';
import { ACTION_LABELS, ESCALATION_NAMES, FLOW, STAGE_NAMES, countdown, workingDuration } from './names.js';
import { eventBadges, frame, photoThumb, roles, stageBadge } from './widgets.js';

/** Where on the main line an event stands (a standing/cancelled event: the step it left from). */
function lineStage(ev) {
  if (FLOW.includes(ev.stage)) return ev.stage;
  const left = [...(ev.history || [])].reverse().find((x) => x.toStage === ev.stage && x.fromStage);
  return left ? left.fromStage : 'received';
}

/** The step bar; standing and cancelled show as a marker after the step they left from. */
export function stepBar(ev) {
  const at = FLOW.indexOf(lineStage(ev));
  const aside = ev.stage === 'standing' || ev.stage === 'cancelled';
  return h('ol.steps', { 'data-testid': 'event-steps', 'data-stage': ev.stage },
    FLOW.map((s, i) => {
      const state = i < at || (ev.stage === 'closed' && i === at) ? 'done' : i === at ? (aside ? 'held' : 'current') : 'todo';
      return h('li.step', { class: `step step-${state}`, 'data-stage': s, 'data-state': state },
        h('span.step-dot', state === 'done' ? '✓' : String(i + 1)), h('span.step-name', STAGE_NAMES[s]),
        i === at && aside ? h('span.step-aside', { class: `step-aside aside-${ev.stage}`, 'data-testid': 'step-aside' }, STAGE_NAMES[ev.stage]) : null);
    }));
}

function deadlineCard(ev) {
  const box = h('div.deadline-box', { 'data-testid': 'event-deadline' });
  const draw = () => {
    if (!ev.deadline) { mount(box, h('span.muted', ev.stage === 'received' ? '立案后开始计时' : '—')); return; }
    const running = !['closed', 'cancelled', 'standing'].includes(ev.stage);
    const c = running ? countdown(ev.deadline) : null;
    box.className = `deadline-box${c && c.overdue ? ' is-overdue' : ''}${ev.warning ? ' is-warning' : ''}`;
    mount(box,
      h('div.deadline-when', '处置时限 ', h('b', formatTime(ev.deadline).slice(0, 16))),
      c ? h('div.deadline-left', { 'data-testid': 'event-countdown', 'data-overdue': String(c.overdue) }, c.text) : null,
      ev.stage === 'closed' ? h('div', { class: ev.closedOnTime ? 'ok-text' : 'overdue-text', 'data-testid': 'event-closed-on-time' },
        ev.closedOnTime ? '按期结案' : '超期结案') : null,
      ev.stage === 'standing' ? h('div.muted', '挂账期间暂停计时') : null);
  };
  draw();
  return { box, draw };
}

/** Human text of a history entry's detail (department names, minutes, merge target, escalation). */
function detailText(entry, ref) {
  const d = entry.detail || {};
  const out = [];
  if (d.department) {
    const code = typeof d.department === 'object' ? d.department.code : d.department;
    const name = typeof d.department === 'object' ? d.department.name : (ref && ref.department(code) || {}).name;
    out.push(entry.action === 'sendBack' ? `退回部门：${name || code}` : `承办部门：${name || code}`);
  }
  if (d.minutes) out.push(`延期 ${workingDuration(d.minutes)}`);
  if (d.into) out.push(h('span', '合并到 ', h('a', { href: hashFor(['events', d.into]) }, `事件 ${d.into}`)));
  if (entry.action === 'escalate' && d.escalationLevel) out.push(`升级至${ESCALATION_NAMES[d.escalationLevel] || d.escalationLevel}综治中心`);
  return out;
}

function timeline(ev, ref) {
  const photos = new Map((ev.photos || []).map((p) => [p.id, p]));
  return h('ol.timeline', { 'data-testid': 'event-history' }, (ev.history || []).map((x) => h('li.tl-entry', {
    'data-testid': 'history-entry', 'data-action': x.action, 'data-seq': String(x.seq), class: `tl-entry tl-${x.action}`,
  },
  h('div.tl-head',
    h('b.tl-action', x.actionName || ACTION_LABELS[x.action] || x.action),
    x.fromStage && x.toStage && x.fromStage !== x.toStage ? h('span.tl-stages', `${STAGE_NAMES[x.fromStage]} → ${STAGE_NAMES[x.toStage]}`) : null,
    h('span.spacer'),
    h('time.tl-time', formatTime(x.at))),
  h('div.tl-actor', { 'data-testid': 'history-actor' }, (x.actor && x.actor.name) || '', x.actor && x.actor.roleName ? h('span.muted', `（${x.actor.roleName}）`) : null),
  x.note ? h('div.tl-note', { 'data-testid': 'history-note' }, x.note) : null,
  detailText(x, ref).map((t) => h('div.tl-detail', t)),
  (x.photos || []).length ? h('div.thumbs', x.photos.map((id) => photos.get(id)).filter(Boolean)
    .map((p) => photoThumb(p.url, `${x.actionName}照片`, 'history-photo'))) : null)));
}

/** Draws the event page; returns its cleanup. */
export function renderEventPage(main, { me, args }) {
  const id = args[0];
  const pane = frame(main, me, roles.worker(me) ? 'mine' : 'inbox');
  mount(pane, h('p.muted.pad', '加载中…'));
  let stopMap = () => {};
  let timer = null;
  let gone = false;

  function draw(ev, ref) {
    stopMap();
    clearInterval(timer);
    const dl = deadlineCard(ev);
    timer = setInterval(dl.draw, 30000);
    const mapEl = h('div.point-map#event-map', { 'data-testid': 'event-map' });
    const rep = ev.reporter || {};
    const mediationLink = ev.category && ev.category.group === '矛盾纠纷' && roles.writes(me) && !roles.department(me)
      ? h('a.btn.btn-touch', { href: hashFor(['mediation', 'new'], { event: ev.id }), 'data-testid': 'event-to-mediation' }, '转人民调解') : null;
    mount(pane, h('section.record-page.event-page#event-page', { 'data-testid': 'event-page', 'data-id': ev.id, 'data-stage': ev.stage },
      h('div.event-head',
        h('div.record-head',
          h('span.kind-badge', '网格事件'),
          h('h2.record-title', { 'data-testid': 'event-number' }, ev.number),
          h('span.event-category', { 'data-testid': 'event-category' }, ev.category ? `${ev.category.group} › ${ev.category.name}` : ''),
          stageBadge(ev.stage, ev.stageName), eventBadges(ev),
          ev.duplicateOf ? h('a.ebadge', { href: hashFor(['events', ev.duplicateOf]) }, `重复件，已合并到 ${ev.duplicateOf}`) : null),
        stepBar(ev),
        h('div.event-deadline-row', dl.box,
          ev.extensionPending ? h('div.ext-pending', { 'data-testid': 'extension-pending' },
            `延期申请待审批：${workingDuration(ev.extensionPending.minutes)}，${ev.extensionPending.reason || ''}`) : null),
        h('div.action-row', actionBar(ev, (updated, action) => {
          toast(action ? `${ACTION_LABELS[action] || '操作'}成功` : '事件已被他人办理，页面已刷新', 'info');
          draw(updated, ref);
        }), mediationLink)),
      h('div.record-grid.event-grid',
        card('事件信息', fieldList([
          ['情况描述', h('span.pre', ev.description), 'event-description'],
          ['紧急程度', ev.severityName],
          ['来源', ev.channelName],
          ['上报人', [rep.name, rep.phone ? h('span.masked', ` ${rep.phone}`) : null], 'event-reporter'],
          ['上报时间', formatTime(ev.reportedAt)],
          ['地址', ev.address],
          ['所属网格', gridCrumbs(ev.grid, 'event-grid')],
          ['承办部门', ev.department ? ev.department.name : null, 'event-department'],
          ['立案时间', formatTime(ev.registeredAt)],
          ['派遣时间', formatTime(ev.dispatchedAt)],
          ['结案时间', formatTime(ev.closedAt)],
          ['退回 / 返工 / 延期', `${ev.sendBackCount || 0} / ${ev.reworkCount || 0} / ${ev.extensionCount || 0} 次`],
        ])),
        card('位置', mapEl, h('div.muted.coords', `${Number(ev.lat).toFixed(6)}, ${Number(ev.lng).toFixed(6)}`)),
        (ev.photos || []).length ? card(`照片（${ev.photos.length}）`, h('div.thumbs', { 'data-testid': 'event-photos' },
          ev.photos.map((p) => photoThumb(p.url, '事件照片', 'event-photo')))) : null,
        h('section.card.history-card', h('h3.card-title', `办理过程（${(ev.history || []).length}）`), timeline(ev, ref)))));
    stopMap = eventMap(mapEl, ev, me.map);
  }

  Promise.all([api(`/api/v1/events/${encodeURIComponent(id)}`), loadReference().catch(() => null)])
    .then(([ev, ref]) => { if (!gone) draw(ev, ref); })
    .catch((e) => { if (!gone) showLoadError(pane, e, 'event-error'); });

  return () => { gone = true; stopMap(); clearInterval(timer); releaseImages(); };
}
