// 数据导入 (#/import): a department's CSV/XLSX file → 试运行 (dryRun=true) shows what would change
// and every rejected row, then 确认导入 (dryRun=false) with the same file and options.
import { ProblemError, getToken, clearToken } from './api.js';
import { h, mount, toast } from './dom.js';
import { fieldName } from './record-widgets.js';
import { renderMergesCard } from './import-merges.js';

const KIND_OPTIONS = [['people', '人员'], ['households', '家庭户'], ['houses', '房屋'], ['organisations', '单位']];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FIELD_HINTS = {
  people: '姓名、证件类型、证件号码、联系电话、性别、出生日期、居住状态、户号、与户主关系、房屋地址、网格编码',
  households: '户号、公民身份号码（每行一名成员）、与户主关系、户主身份证号、房屋编号或房屋地址、网格编码',
  houses: '房屋编号、房屋地址、纬度、经度、坐标系、房屋用途、产权人、产权人身份证号、层数、网格编码',
  organisations: '名称、统一社会信用代码、类型、法定代表人、联系电话、地址、网格编码',
};

/** The Content-Type to send a file with: XLSX by name or type, CSV otherwise. */
export function fileContentType(file) {
  return /\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE ? XLSX_TYPE : 'text/csv';
}

/** Parses the optional column mapping; returns {value} (compact JSON or '') or {error}. */
export function parseMapping(text) {
  const t = (text || '').trim();
  if (!t) return { value: '' };
  try {
    const m = JSON.parse(t);
    if (!m || typeof m !== 'object' || Array.isArray(m)) return { error: '列映射须为 JSON 对象，如 {"身份证号":"residentId"}' };
    return { value: JSON.stringify(m) };
  } catch {
    return { error: '列映射不是有效的 JSON' };
  }
}

// The file goes as the raw request body (api.js sends JSON only), so this posts by itself.
async function postImport(file, params) {
  const url = `/api/v1/imports?${new URLSearchParams(params)}`;
  let response;
  try {
    response = await fetch(url, {
      method: 'POST', body: file,
      headers: { Accept: 'application/json, application/problem+json', 'Content-Type': fileContentType(file), Authorization: `Bearer ${getToken()}` },
    });
  } catch {
    throw new ProblemError(0, { detail: '无法连接服务器，请检查网络后重试' });
  }
  const body = await response.json().catch(() => null);
  if (response.ok) return body;
  if (response.status === 401) {
    clearToken();
    sessionStorage.setItem('pingan.notice', '登录已失效，请重新登录');
    location.hash = '#/login';
  }
  throw new ProblemError(response.status, body);
}

function reportView(r) {
  const conflicts = r.conflicts || [];
  const num = (key, label, cls = '') => h('div.big-number', { class: `big-number ${cls}`, 'data-key': key },
    h('span.big-value', { 'data-testid': `import-${key}` }, String(r[key] ?? 0)), h('span.big-label', label));
  return h('div#import-report', { 'data-testid': 'import-report', 'data-dry-run': String(!!r.dryRun) },
    h('p.report-title', { 'data-testid': 'import-report-title' },
      r.dryRun ? '试运行结果（尚未写入，确认后才导入）' : '导入完成',
      h('span.muted', ` · 共 ${r.rows ?? 0} 行 · 编码 `, h('span', { 'data-testid': 'import-encoding' }, r.encoding || '—'))),
    h('div.big-numbers',
      num('imported', r.dryRun ? '将新增' : '新增'), num('updated', r.dryRun ? '将更新' : '更新'),
      num('unchanged', '无变化'), num('rejected', '拒绝', r.rejected ? 'alert' : '')),
    conflicts.length ? h('div.table-scroll', h('table.data#import-conflicts', { 'data-testid': 'import-conflicts' },
      h('thead', h('tr', ['行号', '字段', '值', '问题'].map((t) => h('th', t)))),
      h('tbody', conflicts.map((c) => h('tr', { 'data-testid': 'import-conflict-row', 'data-row': String(c.row) },
        h('td.num', String(c.row)), h('td', c.field ? fieldName(c.field) : ''), h('td', String(c.value ?? '')), h('td', c.message || ''))))))
      : h('p.muted', '没有被拒绝或冲突的行。'));
}

/** Draws the import page. */
export function renderImportPage(main, ctx = {}) {
  const kind = h('select#import-kind', { 'data-testid': 'import-kind' }, KIND_OPTIONS.map(([v, n]) => h('option', { value: v }, n)));
  const file = h('input#import-file', { type: 'file', 'data-testid': 'import-file', accept: '.csv,.xlsx,text/csv,' + XLSX_TYPE });
  const mapping = h('textarea#import-mapping', { 'data-testid': 'import-mapping', rows: 3, placeholder: '可选：列映射 JSON，如 {"身份证号":"residentId","手机":"phone"}' });
  const keepValid = h('input#import-keep-valid', { type: 'checkbox', 'data-testid': 'import-keep-valid' });
  const hint = h('p.muted.hint', { 'data-testid': 'import-hint' });
  const dryRun = h('button.btn.btn-primary#import-dry-run', { type: 'button', 'data-testid': 'import-dry-run' }, '试运行');
  const confirm = h('button.btn#import-confirm', { type: 'button', 'data-testid': 'import-confirm', disabled: true }, '确认导入');
  const error = h('div.form-error#import-error', { 'data-testid': 'import-error', role: 'alert', hidden: true });
  const report = h('section.card#import-result', { hidden: true });
  // Centres decide the rows other imports held back inside their scope.
  const mayMerge = (ctx.me?.permissions || []).includes('imports.merge');
  const merges = h('section.card#import-merges', { 'data-testid': 'import-merges', hidden: !mayMerge });
  const showHint = () => { hint.textContent = `常用列：${FIELD_HINTS[kind.value]}。支持 UTF-8（含 BOM）、GB18030/GBK 编码的 CSV 及 XLSX。`; };
  showHint();

  // 确认导入 only applies the exact file and options the last dry run checked.
  let checked = null;
  const invalidate = () => { checked = null; confirm.disabled = true; };
  for (const el of [kind, file, mapping, keepValid]) el.addEventListener('change', invalidate);
  mapping.addEventListener('input', invalidate);
  kind.addEventListener('change', showHint);

  async function run(isDry) {
    error.hidden = true;
    const f = file.files[0];
    if (!f) { error.textContent = '请选择要导入的文件（CSV 或 XLSX）'; error.hidden = false; return; }
    const m = parseMapping(mapping.value);
    if (m.error) { error.textContent = m.error; error.hidden = false; return; }
    const params = { kind: kind.value, dryRun: String(isDry), keepValid: String(keepValid.checked) };
    if (m.value) params.mapping = m.value;
    dryRun.disabled = true; confirm.disabled = true;
    const button = isDry ? dryRun : confirm;
    const label = button.textContent;
    button.textContent = isDry ? '正在检查…' : '正在导入…';
    try {
      const r = await postImport(f, params);
      mount(report, reportView(r));
      report.hidden = false;
      checked = isDry ? `${f.name}|${f.size}|${f.lastModified}|${JSON.stringify(params)}` : null;
      if (!isDry) toast(`导入完成：新增 ${r.imported ?? 0}，更新 ${r.updated ?? 0}，拒绝 ${r.rejected ?? 0}`, 'info');
    } catch (e) {
      if (e.status !== 401) {
        const fields = (e.problem.errors || []).map((x) => `${x.field}：${x.message}`).join('；');
        error.textContent = fields ? `${e.message}（${fields}）` : e.message;
        error.hidden = false;
      }
    } finally {
      button.textContent = label;
      dryRun.disabled = false;
      confirm.disabled = !checked;
    }
  }
  dryRun.addEventListener('click', () => run(true));
  confirm.addEventListener('click', () => run(false));

  mount(main, h('section.list-page#import-page', { 'data-testid': 'import-page' },
    h('div.toolbar', h('h2.page-title', '数据导入'), h('span.muted', '各部门数据提交一次、全平台共用；先试运行核对，再确认导入')),
    h('div.stats-body',
      h('section.card.import-form',
        h('div.form-grid',
          h('label.stack', h('span', '数据类别'), kind),
          h('label.stack', h('span', '文件（CSV / XLSX）'), file),
          h('label.stack.wide', h('span', '列映射（可选）'), mapping),
          h('label.check.wide', keepValid, h('span', '有错误行时仍导入其余正确的行（否则整批不导入）'))),
        hint, error,
        h('div.actions', dryRun, confirm)),
      report,
      merges)));
  if (mayMerge) renderMergesCard(merges);
}
