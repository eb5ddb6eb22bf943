// Forms of the workflow: a small modal form built from field descriptions, and the photo picker
// (camera on phones, several photos, previews, sent as base64 in JSON).
import { h, mount } from '../dom.js';
import { problemBox } from './widgets.js';

const MAX_BYTES = 8 * 1024 * 1024;
const SHRINK_ABOVE = 1.5 * 1024 * 1024; // phone photos are 3–6 MB: shrink them for weak networks
const MAX_SIDE = 1920;

function readAsBase64(blob) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(new Error('照片读取失败'));
    r.readAsDataURL(blob);
  });
}

/** Re-encodes a big photo as JPEG at most MAX_SIDE px wide or high; returns the original when that fails. */
async function shrink(file) {
  if (file.size <= SHRINK_ABOVE || typeof createImageBitmap !== 'function') return file;
  try {
    const bmp = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bmp.width * scale);
    canvas.height = Math.round(bmp.height * scale);
    canvas.getContext('2d').drawImage(bmp, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    return blob && blob.size < file.size ? blob : file;
  } catch {
    return file;
  }
}

/** Photo picker: {el, read() → [{name, data}], count(), clear()}. */
export function photoPicker({ max = 6, testid = 'photos' } = {}) {
  const files = [];
  const previews = h('div.photo-previews', { 'data-testid': `${testid}-previews` });
  const input = h('input.photo-input', {
    type: 'file', accept: 'image/*', capture: 'environment', multiple: true, 'data-testid': `${testid}-input`, 'aria-label': '拍照或选择照片',
  });
  const add = h('label.photo-add', { 'data-testid': `${testid}-add` }, h('span.photo-add-icon', '＋'), h('span', '拍照/相册'), input);
  const note = h('div.hint.muted', `最多 ${max} 张，每张不超过 8 MB`);
  const el = h('div.photo-picker', { 'data-testid': testid }, h('div.photo-row', previews, add), note);

  function draw() {
    mount(previews, files.map((f, i) => {
      const url = URL.createObjectURL(f);
      return h('figure.photo-preview', { 'data-testid': `${testid}-preview` },
        h('img', { src: url, alt: f.name, on: { load: () => URL.revokeObjectURL(url) } }),
        h('button.photo-remove', { type: 'button', 'aria-label': '删除照片', 'data-testid': `${testid}-remove`, on: { click: () => { files.splice(i, 1); draw(); } } }, '×'));
    }));
    add.hidden = files.length >= max;
    el.dataset.count = String(files.length);
  }
  input.addEventListener('change', () => {
    const chosen = [...input.files];
    input.value = '';
    const rejected = [];
    for (const f of chosen) {
      if (files.length >= max) { rejected.push(`${f.name}（超过 ${max} 张）`); continue; }
      if (!/^image\//.test(f.type)) { rejected.push(`${f.name}（不是图片）`); continue; }
      if (f.size > 4 * MAX_BYTES) { rejected.push(`${f.name}（文件过大）`); continue; }
      files.push(f);
    }
    note.textContent = rejected.length ? `未添加：${rejected.join('，')}` : `已选 ${files.length} 张，最多 ${max} 张`;
    note.classList.toggle('bad', rejected.length > 0);
    draw();
  });
  draw();
  return {
    el,
    count: () => files.length,
    clear: () => { files.length = 0; draw(); },
    async read() {
      const out = [];
      for (const f of files) {
        const blob = await shrink(f);
        if (blob.size > MAX_BYTES) throw new Error(`照片“${f.name}”超过 8 MB，请重新拍摄`);
        const name = blob === f ? f.name : f.name.replace(/\.[^.]*$/, '') + '.jpg';
        out.push({ name, data: await readAsBase64(blob) });
      }
      return out;
    },
  };
}

/** One field of a form: {name, label, type, required, options:[[v,l]], value, placeholder, hint, chips:[[l,v]], min, max}. */
function fieldInput(f) {
  const attrs = { name: f.name, 'data-testid': `field-${f.name}`, required: !!f.required, placeholder: f.placeholder };
  switch (f.type) {
    case 'textarea': return h('textarea', { ...attrs, rows: f.rows || 3 }, f.value || '');
    case 'select': return h('select', attrs, f.options.map(([v, l]) => h('option', { value: v, selected: v === f.value }, l)));
    case 'number': return h('input', { ...attrs, type: 'number', inputmode: 'numeric', min: f.min, max: f.max, value: f.value ?? '' });
    case 'date': return h('input', { ...attrs, type: 'date', value: f.value || '' });
    case 'datetime': return h('input', { ...attrs, type: 'datetime-local', value: f.value || '' });
    case 'checkbox': return h('input', { ...attrs, type: 'checkbox', checked: !!f.value });
    case 'checks': return h('div.checks', { 'data-testid': `field-${f.name}` }, f.options.map(([v, l]) => h('label.check',
      h('input', { type: 'checkbox', name: f.name, value: v, checked: (f.value || []).includes(v) }), l)));
    case 'radio': return h('div.radios', { 'data-testid': `field-${f.name}` }, f.options.map(([v, l]) => h('label.check.radio-chip',
      h('input', { type: 'radio', name: f.name, value: v, checked: v === f.value }), l)));
    default: return h('input', { ...attrs, type: 'text', value: f.value || '' });
  }
}

/** Builds the fields into a container; returns {el, values() → Promise<object>, photos}. */
export function formFields(fields) {
  const pickers = {};
  const rows = fields.map((f) => {
    if (f.type === 'photos') {
      pickers[f.name] = photoPicker({ testid: `field-${f.name}` });
      return h('div.field', h('span.field-label', f.label), pickers[f.name].el);
    }
    const input = fieldInput(f);
    const chips = f.chips ? h('div.chips.field-chips', f.chips.map(([label, v]) => h('button.chip', {
      type: 'button', 'data-testid': `chip-${f.name}`, 'data-value': String(v),
      on: { click: () => { input.value = String(v); input.dispatchEvent(new Event('input')); } },
    }, label))) : null;
    const Tag = f.type === 'checkbox' ? 'label.check.field' : 'label.field';
    return h(Tag, { 'data-field': f.name },
      f.type === 'checkbox' ? [input, h('span', f.label)] : [h('span.field-label', f.label, f.required ? h('b.req', ' *') : null), input],
      chips, f.hint ? h('span.hint.muted', f.hint) : null, f.extra || null);
  });
  const el = h('div.form-fields', rows);
  return {
    el,
    pickers,
    async values() {
      const out = {};
      for (const f of fields) {
        if (f.type === 'photos') { out[f.name] = await pickers[f.name].read(); continue; }
        if (f.type === 'checks') { out[f.name] = [...el.querySelectorAll(`input[name="${f.name}"]:checked`)].map((x) => x.value); continue; }
        if (f.type === 'radio') { const r = el.querySelector(`input[name="${f.name}"]:checked`); out[f.name] = r ? r.value : ''; continue; }
        const input = el.querySelector(`[name="${f.name}"]`);
        if (f.type === 'checkbox') out[f.name] = input.checked;
        else if (f.type === 'number') out[f.name] = input.value === '' ? null : Number(input.value);
        else out[f.name] = input.value.trim();
      }
      return out;
    },
  };
}

/** Checks required fields; returns the first missing field's label or null. */
function missing(fields, values) {
  for (const f of fields) {
    if (!f.required) continue;
    const v = values[f.name];
    if (v === '' || v === null || v === undefined || (Array.isArray(v) && !v.length)) return f.label;
  }
  return null;
}

/**
 * A modal form. onSubmit(values) runs the request; a rejection shows the problem (detail + errors)
 * inside the dialog and keeps it open. Resolves when the dialog closes: the submit's result or null.
 */
export function openForm({ title, intro, fields, submitLabel = '确定', danger = false, testid = 'action-dialog', data = {}, onSubmit }) {
  return new Promise((resolve) => {
    const form = formFields(fields);
    const errorEl = h('div.dialog-error', { 'data-testid': `${testid}-error` });
    const submit = h('button.btn.btn-primary', { type: 'submit', class: `btn btn-primary${danger ? ' btn-danger' : ''}`, 'data-testid': `${testid}-submit` }, submitLabel);
    let result = null;
    const dlg = h('dialog.dialog.form-dialog', { 'data-testid': testid, ...Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v])) },
      h('form.dialog-body', { method: 'dialog', novalidate: true },
        h('h3', title), intro || null, form.el, errorEl,
        h('div.dialog-actions',
          h('button.btn', { type: 'button', 'data-testid': `${testid}-cancel`, on: { click: () => dlg.close() } }, '取消'),
          submit)));
    dlg.querySelector('form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      mount(errorEl);
      let values;
      try {
        values = await form.values();
      } catch (e) {
        mount(errorEl, problemBox(e, `${testid}-problem`));
        return;
      }
      const absent = missing(fields, values);
      if (absent) { mount(errorEl, problemBox({ message: `请填写“${absent}”` }, `${testid}-problem`)); return; }
      submit.disabled = true;
      submit.textContent = '提交中…';
      try {
        result = await onSubmit(values);
        dlg.close();
      } catch (e) {
        if (e.status !== 401) mount(errorEl, problemBox(e, `${testid}-problem`));
      } finally {
        submit.disabled = false;
        submit.textContent = submitLabel;
      }
    });
    dlg.addEventListener('close', () => { dlg.remove(); resolve(result); });
    document.body.append(dlg);
    dlg.showModal();
    const first = dlg.querySelector('textarea, input:not([type=file]):not([type=checkbox]):not([type=radio]), select');
    if (first) first.focus();
  });
}
