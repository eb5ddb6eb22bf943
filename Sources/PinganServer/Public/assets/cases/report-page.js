// 上报事件 (#/events/report): the grid worker's phone form — category (grouped), severity,
// description, position, photos — sent once: an Idempotency-Key made with the form makes a retry
// after a network error return the same event instead of filing it twice. Centre operators use the
// same form for hotline calls (caller's name and phone).
import { h, mount, formatTime } from '../dom.js';
import { hashFor } from '../record-widgets.js';
import { photoPicker } from './forms.js';
import { loadReference, newKey, postOnce } from './http.js';
import { SEVERITY_NAMES } from './names.js';
import { pointPicker } from './point-picker.js';
import { frame, problemBox, roles, stageBadge } from './widgets.js';

/** Draws the report page; returns its cleanup (the map). */
export function renderReportPage(main, { me }) {
  const pane = frame(main, me, 'report');
  let picker = null;
  let gone = false;

  async function drawForm() {
    if (picker) picker.destroy();
    const key = newKey();
    const hotline = !roles.worker(me);
    const form = h('form.report-form', { 'data-testid': 'report-form', 'data-idempotency-key': key, novalidate: true });
    const groupsEl = h('div.cat-groups', { 'data-testid': 'report-groups' });
    const catsEl = h('div.cat-buttons', { 'data-testid': 'report-categories' });
    const chosenEl = h('div.cat-chosen', { 'data-testid': 'report-category-chosen' }, '请选择事件类别');
    const description = h('textarea', { rows: 4, 'data-testid': 'report-description', placeholder: '发生了什么、在哪里、影响如何', maxlength: 2000 });
    const address = h('input', { type: 'text', 'data-testid': 'report-address', placeholder: '如：滨江路与建设路交叉口（可选）' });
    const callerName = h('input', { type: 'text', 'data-testid': 'report-caller-name', placeholder: '来电人姓名' });
    const callerPhone = h('input', { type: 'tel', 'data-testid': 'report-caller-phone', placeholder: '来电号码' });
    const photos = photoPicker({ testid: 'report-photos' });
    const errorEl = h('div', { 'data-testid': 'report-error-box' });
    const submit = h('button.btn.btn-primary.btn-touch.btn-block', { type: 'submit', 'data-testid': 'report-submit' }, '提交上报');
    let category = null;
    let severity = 'normal';
    picker = pointPicker(me, { testid: 'report', autoLocate: !hotline });

    const sevButtons = Object.entries(SEVERITY_NAMES).map(([v, label]) => h('button.seg', {
      type: 'button', 'data-testid': 'report-severity', 'data-value': v, class: `seg seg-${v}${v === severity ? ' active' : ''}`,
      'aria-pressed': String(v === severity),
      on: { click: () => { severity = v; for (const b of sevButtons) { b.classList.toggle('active', b.dataset.value === v); b.setAttribute('aria-pressed', String(b.dataset.value === v)); } } },
    }, label));

    mount(pane, h('section.report-page#report-page', { 'data-testid': 'report-page' },
      h('h2.phone-title', hotline ? '热线登记事件' : '上报事件'),
      h('p.muted.phone-sub', hotline ? '按来电内容登记，系统自动落入所在网格' : `上报至 ${(me.scopes && me.scopes[0] && me.scopes[0].name) || '本网格'}，提交后由综治中心受理`),
      form));
    mount(form,
      h('fieldset.rstep', h('legend', '1 事件类别'), groupsEl, catsEl, chosenEl),
      h('fieldset.rstep', h('legend', '2 紧急程度'), h('div.segmented', sevButtons)),
      h('fieldset.rstep', h('legend', '3 情况描述'), description),
      h('fieldset.rstep', h('legend', '4 事件位置'), picker.el, h('label.field', h('span.field-label', '地址描述'), address)),
      hotline ? h('fieldset.rstep', h('legend', '来电人'), h('div.two-col', callerName, callerPhone)) : null,
      h('fieldset.rstep', h('legend', '5 现场照片'), photos.el),
      errorEl,
      h('div.submit-bar', submit));

    // Categories: group chips, then the group's categories as big buttons.
    let ref;
    try { ref = await loadReference(); } catch (e) { mount(catsEl, problemBox(e)); return; }
    if (gone) return;
    const groups = [...new Set(ref.categories.map((c) => c.group))];
    const showGroup = (g) => {
      for (const b of groupsEl.children) b.classList.toggle('active', b.dataset.group === g);
      mount(catsEl, ref.categories.filter((c) => c.group === g).map((c) => h('button.cat-btn', {
        type: 'button', 'data-testid': 'report-category', 'data-code': c.code,
        class: `cat-btn${category && category.code === c.code ? ' active' : ''}`,
        on: { click: () => {
          category = c;
          for (const b of catsEl.children) b.classList.toggle('active', b.dataset.code === c.code);
          chosenEl.textContent = `已选：${c.group} › ${c.name}`;
          chosenEl.dataset.code = c.code;
          chosenEl.classList.add('chosen');
        } },
      }, c.name)));
    };
    mount(groupsEl, groups.map((g) => h('button.chip.group-chip', { type: 'button', 'data-testid': 'report-group', 'data-group': g, on: { click: () => showGroup(g) } }, g)));
    showGroup(groups[0]);

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      mount(errorEl);
      const pos = picker.value();
      const problems = [];
      if (!category) problems.push({ field: 'category', message: '请选择事件类别' });
      if (!description.value.trim()) problems.push({ field: 'description', message: '请填写情况描述' });
      if (!pos) problems.push({ field: 'lat', message: '请定位或在地图上点选事件位置' });
      if (problems.length) {
        mount(errorEl, problemBox({ message: '还有内容未填写', problem: { errors: problems } }, 'report-error'));
        errorEl.scrollIntoView({ block: 'center' });
        return;
      }
      submit.disabled = true;
      submit.textContent = '正在提交…';
      try {
        const body = {
          category: category.code, severity, description: description.value.trim(), lat: pos.lat, lng: pos.lng, crs: 'wgs84',
          address: address.value.trim() || undefined, photos: await photos.read(),
        };
        if (hotline) Object.assign(body, { channel: 'hotline', reporterName: callerName.value.trim() || undefined, reporterPhone: callerPhone.value.trim() || undefined });
        const { body: answer } = await postOnce('/api/v1/events', body, key);
        if (!gone) drawDone(answer);
      } catch (e) {
        if (e.status === 401) return;
        mount(errorEl, problemBox(e, 'report-error'));
        submit.textContent = e.status === 0 ? '重新提交' : '提交上报';
        errorEl.scrollIntoView({ block: 'center' });
      } finally {
        submit.disabled = false;
        if (submit.textContent === '正在提交…') submit.textContent = '提交上报';
      }
    });
  }

  function drawDone(ev) {
    if (picker) { picker.destroy(); picker = null; }
    const dups = ev.possibleDuplicates || [];
    mount(pane, h('section.report-page.report-done#report-done', { 'data-testid': 'report-result', 'data-id': ev.id },
      h('div.done-mark', '✓'),
      h('h2.phone-title', '上报成功'),
      h('p', '事件编号 ', h('a', { href: hashFor(['events', ev.id]), 'data-testid': 'report-number' }, ev.number)),
      h('p.muted', `${ev.category ? ev.category.name : ''} · ${ev.grid ? ev.grid.name : ''} · `, stageBadge(ev.stage, ev.stageName)),
      dups.length ? h('div.dup-box', { 'data-testid': 'report-duplicates' },
        h('h3', `附近可能有重复事件（${dups.length}）`),
        h('p.muted', '如确为同一事件，综治中心会合并处理。'),
        h('ul.dup-list', dups.map((d) => h('li', { 'data-testid': 'report-duplicate', 'data-id': d.id },
          h('a', { href: hashFor(['events', d.id]) }, d.number), ` ${d.categoryName} · ${d.stageName || d.stage} · 相距 ${d.distanceMeters} 米 · ${formatTime(d.reportedAt).slice(5, 16)}`)))) : null,
      h('div.done-actions',
        h('a.btn.btn-touch', { href: hashFor(['events', ev.id]), 'data-testid': 'report-open' }, '查看事件'),
        h('button.btn.btn-primary.btn-touch', { type: 'button', 'data-testid': 'report-again', on: { click: drawForm } }, '再报一件'),
        roles.worker(me) ? h('a.btn.btn-touch', { href: '#/events/mine', 'data-testid': 'report-to-mine' }, '我的任务') : null)));
  }

  drawForm();
  return () => { gone = true; if (picker) picker.destroy(); };
}
