// 重点人员 (#/roster?grid=&group=&overdue=true): the one shared roster of special groups,
// filtered by group and overdue visits; overdue rows are highlighted.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { formatDate, hashFor, pager, recordLink } from './record-widgets.js';

const LIMIT = 50;
// The contract has no list of groups: the menu offers the groups seen so far this session.
const seenGroups = new Map();

/** Draws the roster for the filters in the route. */
export function renderRosterPage(main, { me, query }) {
  const roots = (me.scopes || []).filter((s) => s.layer === 'governance');
  const grid = query.get('grid') || (roots[0] && roots[0].code) || '';
  const group = query.get('group') || '';
  const overdue = query.get('overdue') === 'true';
  const offset = Math.max(0, Number(query.get('offset')) || 0);

  const groupSelect = h('select#roster-group', { 'data-testid': 'roster-group', 'aria-label': '人群类别' });
  const overdueBox = h('input#roster-overdue', { type: 'checkbox', 'data-testid': 'roster-overdue', checked: overdue });
  const gridInput = h('input#roster-grid', { 'data-testid': 'roster-grid', value: grid, placeholder: '网格编码', inputmode: 'numeric', size: 16 });
  const tbody = h('tbody#roster-rows', { 'data-testid': 'roster-rows' }, h('tr', h('td.empty', { colspan: 7 }, '加载中…')));
  const foot = h('div');
  const total = h('b#roster-total', { 'data-testid': 'roster-total' }, '');
  const peopleCount = h('span', { 'data-testid': 'roster-people' }, '');

  function fillGroups() {
    if (group && !seenGroups.has(group)) seenGroups.set(group, group);
    mount(groupSelect, h('option', { value: '' }, '全部类别'),
      [...seenGroups].map(([k, name]) => h('option', { value: k, selected: k === group }, name)));
  }
  fillGroups();

  const form = h('form.filters#roster-filters', { 'data-testid': 'roster-filters' },
    h('label', h('span', '类别'), groupSelect),
    h('label', h('span', '网格'), gridInput),
    h('label.check', overdueBox, h('span', '仅看走访逾期')),
    h('button.btn.btn-primary', { type: 'submit', 'data-testid': 'roster-search' }, '查询'));
  const apply = (o) => {
    location.hash = hashFor(['roster'], { grid: gridInput.value.trim(), group: groupSelect.value, overdue: overdueBox.checked ? 'true' : null, offset: o || null });
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); apply(0); });
  groupSelect.addEventListener('change', () => apply(0));
  overdueBox.addEventListener('change', () => apply(0));

  mount(main, h('section.table-page#roster-page', { 'data-testid': 'roster-page' },
    h('div.toolbar', h('h2.page-title', '重点人员'), h('span.muted', '“N 合一”名册：各部门共用一份'), h('div.spacer'), h('span', '共 ', total, peopleCount)),
    form,
    h('div.table-wrap', h('table.data#roster-table', { 'data-testid': 'roster-table' },
      h('thead', h('tr', ['姓名', '证件号码', '类别', '风险等级', '责任网格员', '下次走访', '状态'].map((t) => h('th', t)))),
      tbody)),
    foot));

  api('/api/v1/roster', { query: { grid, group, overdue: overdue ? 'true' : null, limit: LIMIT, offset } }).then((page) => {
    const items = page.items || [];
    for (const it of items) if (it.group) seenGroups.set(it.group, it.groupName || it.group);
    fillGroups();
    // A row is a tag: a person with two tags is listed twice, so rows and people are both said.
    total.textContent = `${page.total ?? items.length} 条`;
    peopleCount.textContent = page.people != null && page.people !== page.total ? `（${page.people} 人）` : '';
    mount(tbody, items.length ? items.map((r) => h('tr', {
      'data-testid': 'roster-row', 'data-id': r.personId, 'data-overdue': String(!!r.overdue), class: r.overdue ? 'row-overdue' : '',
    },
    h('td', recordLink('person', r.personId, r.name), r.minor ? h('span.badge.badge-minor', '未成年') : null),
    h('td.masked', r.residentId || ''),
    h('td', r.groupName || r.group || ''),
    h('td', h('span', { class: `risk risk-${r.risk || 'none'}` }, r.riskName || r.risk || '')),
    h('td', { title: r.responsibleWorker || '' }, r.responsibleWorkerName || r.responsibleWorker || ''),
    h('td.nowrap', formatDate(r.nextDue)),
    h('td', r.overdue ? h('span.badge.badge-overdue', '走访逾期') : h('span.outcome.outcome-ok', '正常'))))
      : h('tr', h('td.empty', { colspan: 7 }, '没有符合条件的人员')));
    mount(foot, pager({ total: page.total ?? items.length, offset, limit: LIMIT, testid: 'roster-pager', onPage: apply }));
  }).catch((e) => {
    if (e.status !== 401) mount(tbody, h('tr', h('td.empty', { colspan: 7, 'data-testid': 'roster-error' }, e.message)));
  });
}
