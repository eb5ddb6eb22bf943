// 待合并 on the import page: rows an import held back because their identity (resident ID,
// credit code, house number) belongs to a record outside the importer's scope. The lowest centre
// covering both sees the row beside the record on file (both masked) and merges or rejects it.
import { api } from './api.js';
import { h, mount, toast } from './dom.js';
import { fieldName } from './record-widgets.js';

const KIND_NAMES = { person: '人员', organisation: '单位', house: '房屋', household: '家庭户' };

// Values the API sends as codes, in the words of the record pages.
const VALUE_NAMES = {
  sex: { male: '男', female: '女' },
  residency: { registered: '户籍人口', floating: '流动人口', away: '外出人口' },
  documentType: { residentId: '居民身份证', foreignPermanentResident: '外国人永久居留身份证', hkMacaoTaiwanPermit: '港澳台居民居住证', passport: '护照', none: '无' },
};
// The same fields in the same order on both sides, so the two columns read across.
const ORDER = ['name', 'residentId', 'documentNumber', 'documentType', 'creditCode', 'houseNumber', 'householdNumber', 'sex', 'birthDate', 'phone', 'address', 'grid'];

function fields(obj) {
  const rank = (k) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);
  const entries = Object.entries(obj || {}).filter(([k]) => k !== 'id').sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  const shown = (k, v) => (VALUE_NAMES[k] && VALUE_NAMES[k][v]) || String(v);
  return entries.length ? h('dl.merge-fields', entries.flatMap(([k, v]) => [h('dt', fieldName(k)), h('dd', shown(k, v))])) : h('span.muted', '（记录已不存在）');
}

/** The card of pending merges; `section` is filled in place and redrawn after each decision. */
export async function renderMergesCard(section) {
  let items;
  try {
    items = (await api('/api/v1/imports/merges')).items || [];
  } catch (e) {
    mount(section, h('p.form-error', e.message));
    return;
  }
  const decide = async (item, decision, buttons) => {
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const r = await api(`/api/v1/imports/merges/${encodeURIComponent(item.id)}`, { method: 'POST', body: { decision } });
      toast(decision === 'merge' ? `已合并：更新 ${r.report?.updated ?? 0}，冲突另存 ${(r.report?.conflicts || []).length}` : '已不予合并', 'info');
    } catch (e) {
      toast(e.message);
    }
    renderMergesCard(section);
  };
  mount(section,
    h('h3', '待合并的导入行', h('span.muted', ` · ${items.length} 行`)),
    h('p.muted', '以下行的证件号码、信用代码或房屋编号属于导入人管辖范围外的记录：导入人看到的是“新增”，记录未作任何改动。请核对后决定：合并将按导入来源的字段权威写入已有记录，不一致的值另存为冲突。'),
    items.length === 0 ? h('p.muted', { 'data-testid': 'merges-empty' }, '没有待合并的行。')
      : h('div.table-scroll', h('table.data', { 'data-testid': 'merges-table' },
        h('thead', h('tr', ['类别', '导入行', '已有记录', '导入人 · 来源', '处理'].map((t) => h('th', t)))),
        h('tbody', items.map((item) => {
          const merge = h('button.btn.btn-primary', { type: 'button', 'data-testid': 'merge-accept' }, '合并');
          const reject = h('button.btn', { type: 'button', 'data-testid': 'merge-reject' }, '不合并');
          merge.addEventListener('click', () => decide(item, 'merge', [merge, reject]));
          reject.addEventListener('click', () => decide(item, 'reject', [merge, reject]));
          return h('tr', { 'data-testid': 'merge-row', 'data-id': item.id },
            h('td', KIND_NAMES[item.kind] || item.kind), h('td', fields(item.incoming), h('div.muted', `第 ${item.row} 行`)),
            h('td', fields(item.existing)), h('td', `${item.importer} · ${item.source}`, h('div.muted', item.createdAt)),
            h('td.actions', merge, reject));
        })))));
}
