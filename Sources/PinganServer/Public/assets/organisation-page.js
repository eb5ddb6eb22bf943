// 单位 (#/organisation/{id}): credit code, kind, legal representative, masked phone, house and grid.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { card, fieldList, gridCrumbs, recordLink, showLoadError } from './record-widgets.js';

/** Draws the organisation page for the id in the route. */
export function renderOrganisationPage(main, { args }) {
  mount(main, h('p.muted.pad', '加载中…'));
  api(`/api/v1/organisations/${encodeURIComponent(args[0])}`).then((o) => {
    mount(main, h('section.record-page#organisation-page', { 'data-testid': 'organisation-page', 'data-id': o.id },
      h('div.record-head', h('span.kind-badge', '单位'), h('h2.record-title#organisation-name', { 'data-testid': 'organisation-name' }, o.name),
        o.kindName ? h('span.tag', o.kindName) : null),
      h('div.record-grid',
        card('单位信息', fieldList([
          ['统一社会信用代码', o.creditCode],
          ['类型', o.kindName || o.kind],
          ['法定代表人', o.legalRepresentative],
          ['联系电话', o.phone ? h('span.masked', o.phone) : null],
          ['从业人数', o.employees !== undefined && o.employees !== null ? String(o.employees) : null],
          ['地址', o.address],
          ['房屋', o.house ? recordLink('house', o.house.id, o.house.address, 'organisation-house') : '—'],
          ['所属网格', gridCrumbs(o.grid)],
        ])))));
  }).catch((e) => showLoadError(main, e));
}
