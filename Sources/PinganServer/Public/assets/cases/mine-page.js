// 我的任务 (#/events/mine, a grid worker's phone home): a big 上报 button, the events waiting for
// their on-site check (核查通过 / 返工, with the department's feedback and photos) and their reports.
import { api } from '../api.js';
import { h, mount, formatTime, toast } from '../dom.js';
import { hashFor } from '../record-widgets.js';
import { postAction } from './event-actions.js';
import { openForm } from './forms.js';
import { listen, releaseImages } from './http.js';
import { debounce, eventBadges, frame, photoThumb, problemBox, stageBadge } from './widgets.js';

/** The department's latest feedback (note + photos) of an event. */
function feedbackOf(ev) {
  const fb = [...(ev.history || [])].reverse().find((x) => x.action === 'feedback');
  if (!fb) return null;
  const photos = (ev.photos || []).filter((p) => (fb.photos || []).includes(p.id));
  return h('div.feedback', { 'data-testid': 'verify-feedback' },
    h('div', h('b', '处置反馈：'), fb.note || '', h('span.muted', ` —— ${(fb.actor && fb.actor.name) || ''} ${formatTime(fb.at).slice(5, 16)}`)),
    photos.length ? h('div.thumbs', photos.map((p) => photoThumb(p.url, '处置照片', 'verify-photo'))) : null);
}

function verifyCard(item, reload) {
  const body = h('div.task-body', h('p.muted', '加载处置反馈…'));
  const buttons = h('div.task-buttons');
  const cardEl = h('article.task-card', { 'data-testid': 'verify-card', 'data-id': item.id },
    h('a.task-head', { href: hashFor(['events', item.id]) },
      h('b', item.number), h('span', item.categoryName), eventBadges(item)),
    h('p.task-desc', item.description), body, buttons);
  api(`/api/v1/events/${encodeURIComponent(item.id)}`).then((ev) => {
    mount(body, feedbackOf(ev) || h('p.muted', '部门未填写反馈'));
    // After 核查通过 the server still allows 返工 until the centre closes; the worker's part is done then.
    const allowed = (ev.allowedActions || []).includes('verify') ? ev.allowedActions : [];
    const run = async (action, values) => {
      try {
        await postAction(ev.id, action, values);
        toast(action === 'verify' ? '已核查通过，等待综治中心结案' : '已退回返工', 'info');
        reload();
      } catch (e) {
        if (e.status !== 401) mount(body, feedbackOf(ev), problemBox(e, 'verify-error'));
      }
    };
    mount(buttons,
      allowed.includes('verify') ? h('button.btn.btn-primary.btn-touch', { type: 'button', 'data-testid': 'verify-pass', on: { click: () => run('verify', {}) } }, '核查通过') : null,
      allowed.includes('rework') ? h('button.btn.btn-touch.btn-warn', {
        type: 'button', 'data-testid': 'verify-rework',
        on: { click: () => openForm({
          title: `返工 · ${ev.number}`, submitLabel: '返工', danger: true, data: { action: 'rework' },
          fields: [{ name: 'reason', label: '返工原因', type: 'textarea', required: true, placeholder: '如：现场仍有残留，未处理到位' }],
          onSubmit: (v) => postAction(ev.id, 'rework', v),
        }).then((done) => { if (done) { toast('已退回返工', 'info'); reload(); } }) },
      }, '返工') : null,
      !allowed.length ? h('span.ok-text', { 'data-testid': 'verify-done' }, '已核查通过，等待综治中心结案') : null);
  }).catch((e) => { if (e.status !== 401) mount(body, problemBox(e)); });
  return cardEl;
}

function reportRow(item) {
  return h('li', h('a.report-row', { href: hashFor(['events', item.id]), 'data-testid': 'my-report', 'data-id': item.id, 'data-stage': item.stage },
    h('div.report-row-head', h('b', item.categoryName), stageBadge(item.stage, item.stageName), eventBadges(item)),
    h('div.report-row-desc', item.description),
    h('div.muted.report-row-foot', `${item.number} · ${formatTime(item.reportedAt).slice(5, 16)}`)));
}

/** Draws the grid worker's task page; returns its cleanup. */
export function renderMinePage(main, { me }) {
  const pane = frame(main, me, 'mine');
  const verifyEl = h('div.task-list', { 'data-testid': 'verify-list' }, h('p.muted', '加载中…'));
  const reportsEl = h('ul.report-list', { 'data-testid': 'my-reports' });
  const verifyCount = h('span.count-badge', { 'data-testid': 'verify-count' }, '…');
  const page = h('section.mine-page#mine-page', { 'data-testid': 'mine-page' },
    h('a.big-report', { href: '#/events/report', 'data-testid': 'mine-report' }, h('span.big-plus', '＋'), h('span', '上报事件')),
    h('h3.section-title', '待我核查 ', verifyCount), verifyEl,
    h('h3.section-title', '我上报的事件'), reportsEl);
  mount(pane, page);
  let gone = false;

  async function load() {
    try {
      const [todo, mine] = await Promise.all([
        api('/api/v1/events', { query: { mine: 'true', stage: 'verifying', limit: 50 } }),
        api('/api/v1/events', { query: { mine: 'true', limit: 30 } }),
      ]);
      if (gone) return;
      verifyCount.textContent = String(todo.total);
      mount(verifyEl, todo.items.length ? todo.items.map((it) => verifyCard(it, load)) : h('p.muted.empty-note', '暂无待核查事件'));
      mount(reportsEl, mine.items.length ? mine.items.map(reportRow) : h('li.muted.empty-note', '还没有上报过事件'));
      page.dataset.loaded = 'true';
    } catch (e) {
      if (!gone && e.status !== 401) mount(verifyEl, problemBox(e));
    }
  }
  const refresh = debounce(load, 500);
  const stop = listen({ stage: refresh, created: refresh });
  load();
  return () => { gone = true; refresh.cancel(); stop(); releaseImages(); };
}
