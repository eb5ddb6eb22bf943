// 人员 (#/person/{id}): identity, masked ID/phone with 查看 (reason dialog), residency, household,
// house, workplace, grid, special-group tags with visits, and where each fact came from.
import { api } from './api.js';
import { h, mount, formatTime } from './dom.js';
import { askReveal } from './reveal-dialog.js';
import { card, fieldList, fieldName, formatDate, gridCrumbs, recordLink, showLoadError } from './record-widgets.js';

const SEX_NAMES = { male: '男', female: '女', unknown: '未知' };

/** A masked value with a 查看 button when the server allows revealing it. */
function revealable(person, key, label, testid) {
  const value = h('span.masked', { 'data-testid': testid }, person[key] || '—');
  if (!person[key] || !(person.canReveal || {})[key]) return value;
  const button = h('button.btn.btn-small.reveal-btn', { type: 'button', 'data-testid': `${testid}-reveal` }, '查看');
  button.addEventListener('click', async () => {
    const answer = await askReveal(person.id, label);
    if (!answer || !answer[key]) return;
    value.textContent = answer[key];
    value.classList.add('revealed');
    value.dataset.revealed = 'true';
    button.remove();
  });
  return h('span.reveal', value, button);
}

function tagCard(tags) {
  return card('重点人员标签', h('div.tags#person-tags', { 'data-testid': 'person-tags' }, tags.map((t) => h('div.tag-card', {
    'data-testid': 'person-tag', 'data-group': t.group, class: `tag-card risk-${t.risk || 'none'}${t.overdue ? ' overdue' : ''}`,
  },
  h('div.tag-head', h('b', t.groupName || t.group), t.riskName ? h('span.risk', `风险：${t.riskName}`) : null,
    t.minor ? h('span.badge.badge-minor', '未成年人') : null, t.overdue ? h('span.badge.badge-overdue', '走访逾期') : null),
  fieldList([['责任网格员', t.responsibleWorker], ['下次走访', t.nextDue ? h('span', { class: t.overdue ? 'overdue-text' : '' }, formatDate(t.nextDue)) : null]], 'fields fields-tight'),
  (t.visits || []).length ? h('table.data.visits', h('thead', h('tr', h('th', '应走访'), h('th', '完成时间'))),
    h('tbody', t.visits.map((v) => h('tr', { class: v.overdue ? 'row-overdue' : '', 'data-testid': 'visit-row', 'data-overdue': String(!!v.overdue) },
      h('td', formatDate(v.dueAt)), h('td', v.doneAt ? formatTime(v.doneAt) : (v.overdue ? '逾期未走访' : '待走访')))))) : null))));
}

function provenanceCard(provenance, conflicts) {
  return card('数据来源',
    h('p.muted.note', '一数一源：各部门提交一次，全平台共用。'),
    provenance.length ? h('ul.provenance#person-provenance', { 'data-testid': 'person-provenance' }, provenance.map((p) => h('li', { 'data-testid': 'provenance-item' },
      `来源：${p.source} ${formatTime(p.at)} 导入${p.importId ? ` #${p.importId}` : ''}`,
      (p.fields || []).length ? h('span.muted', `（${p.fields.map(fieldName).join('、')}）`) : null)))
      : h('p.muted', '暂无来源记录'),
    conflicts.length ? [h('h4.conflict-title', `数据冲突（${conflicts.length}）`),
      h('table.data#person-conflicts', { 'data-testid': 'person-conflicts' },
        h('thead', h('tr', ['字段', '另一来源的值', '来源', '时间'].map((t) => h('th', t)))),
        h('tbody', conflicts.map((c) => h('tr', h('td', fieldName(c.field)), h('td', String(c.value ?? '')), h('td', c.source || ''), h('td.nowrap', formatTime(c.at))))))] : null);
}

/** Draws the person page for the id in the route. */
export function renderPersonPage(main, { args }) {
  const id = args[0];
  mount(main, h('p.muted.pad', '加载中…'));
  api(`/api/v1/people/${encodeURIComponent(id)}`).then((p) => {
    const away = p.residency === 'away' && (p.awayPlace || p.awayReason) ? `（${[p.awayPlace, p.awayReason].filter(Boolean).join('，')}）` : '';
    const hh = p.household;
    mount(main, h('section.record-page#person-page', { 'data-testid': 'person-page', 'data-id': p.id },
      h('div.record-head',
        h('span.kind-badge', '人员'),
        h('h2.record-title#person-name', { 'data-testid': 'person-name' }, p.name),
        p.residencyName ? h('span.tag', { 'data-testid': 'person-residency' }, p.residencyName) : null,
        (p.tags || []).map((t) => h('span', { class: `tag tag-group${t.overdue ? ' tag-overdue' : ''}` }, t.groupName || t.group))),
      h('div.record-grid',
        card('基本信息', fieldList([
          ['证件类型', p.documentTypeName || p.documentType],
          ['证件号码', revealable(p, 'residentId', '证件号码', 'person-resident-id')],
          ['联系电话', revealable(p, 'phone', '联系电话', 'person-phone')],
          ['性别', SEX_NAMES[p.sex] || p.sex],
          ['出生日期', p.birthDate ? `${p.birthDate}${p.age !== undefined && p.age !== null ? `（${p.age} 岁）` : ''}` : null],
          ['居住状态', p.residencyName ? `${p.residencyName}${away}` : null],
        ])),
        card('户籍与居住', fieldList([
          ['家庭户', hh ? h('span', recordLink('household', hh.id, hh.number, 'person-household'), hh.relationToHead ? h('span.muted', ` · ${hh.relationToHead}`) : null) : '—'],
          ['房屋', p.house ? recordLink('house', p.house.id, p.house.address, 'person-house') : '—'],
          ['工作单位', p.workplace ? recordLink('organisation', p.workplace.id, p.workplace.name, 'person-workplace') : '—'],
          ['所属网格', gridCrumbs(p.grid)],
        ])),
        p.tags && p.tags.length ? tagCard(p.tags) : null,
        provenanceCard(p.provenance || [], p.conflicts || []))));
  }).catch((e) => showLoadError(main, e));
}
