// 家庭户 (#/household/{id}): head, members (each a link to the person), house and grid.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { card, fieldList, gridCrumbs, recordLink, showLoadError } from './record-widgets.js';

const RESIDENCY = { registered: '户籍', floating: '流动', away: '外出' };

/** Draws the household page for the id in the route. */
export function renderHouseholdPage(main, { args }) {
  mount(main, h('p.muted.pad', '加载中…'));
  api(`/api/v1/households/${encodeURIComponent(args[0])}`).then((hh) => {
    const members = hh.members || [];
    mount(main, h('section.record-page#household-page', { 'data-testid': 'household-page', 'data-id': hh.id },
      h('div.record-head', h('span.kind-badge', '家庭户'), h('h2.record-title#household-number', { 'data-testid': 'household-number' }, hh.number)),
      h('div.record-grid',
        card('户信息', fieldList([
          ['户主', hh.head ? recordLink('person', hh.head.id, hh.head.name, 'household-head') : '—'],
          ['成员数', String(members.length)],
          ['房屋', hh.house ? recordLink('house', hh.house.id, hh.house.address, 'household-house') : '—'],
          ['所属网格', gridCrumbs(hh.grid)],
        ])),
        card(`家庭成员（${members.length}）`, h('div.table-scroll', h('table.data#household-members', { 'data-testid': 'household-members' },
          h('thead', h('tr', ['姓名', '与户主关系', '证件号码', '联系电话', '居住状态'].map((t) => h('th', t)))),
          h('tbody', members.map((m) => h('tr', { 'data-testid': 'member-row', 'data-id': m.id },
            h('td', recordLink('person', m.id, m.name)),
            h('td', m.relationToHead || ''),
            h('td.masked', m.residentId || ''),
            h('td.masked', m.phone || ''),
            h('td', RESIDENCY[m.residency] || m.residency || ''))))))))));
  }).catch((e) => showLoadError(main, e));
}
