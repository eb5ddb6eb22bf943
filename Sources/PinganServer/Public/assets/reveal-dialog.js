// 查看完整证件号/电话: asks for a reason (audited with it), POST /people/{id}/reveal, returns the values.
import { api } from './api.js';
import { h } from './dom.js';

/** Opens the reason dialog for `what` ('证件号码' | '联系电话'); resolves to the reveal answer, or null when cancelled. */
export function askReveal(personId, what) {
  return new Promise((resolve) => {
    const reason = h('textarea#reveal-reason', { 'data-testid': 'reveal-reason', rows: 3, maxlength: 200, placeholder: '如：入户走访核实身份、协助民警办案（将记入审计日志）' });
    const error = h('div.form-error#reveal-error', { 'data-testid': 'reveal-error', role: 'alert', hidden: true });
    const submit = h('button.btn.btn-primary#reveal-submit', { type: 'submit', 'data-testid': 'reveal-submit' }, '确定查看');
    const cancel = h('button.btn#reveal-cancel', { type: 'button', 'data-testid': 'reveal-cancel' }, '取消');
    const form = h('form.dialog-body', { method: 'dialog' },
      h('h3', `查看完整${what}`),
      h('p.muted', '完整信息仅用于工作需要，查看原因与时间将记入审计日志。'),
      h('label.stack', h('span', '查看原因（必填）'), reason),
      error,
      h('div.dialog-actions', cancel, submit));
    const dialog = h('dialog.dialog#reveal-dialog', { 'data-testid': 'reveal-dialog' }, form);
    document.body.append(dialog);

    let settled = false;
    const finish = (value) => {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(value);
    };
    const fail = (message) => { error.textContent = message; error.hidden = false; };

    cancel.addEventListener('click', () => finish(null));
    dialog.addEventListener('cancel', () => finish(null));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const text = reason.value.trim();
      if (!text) { fail('请填写查看原因'); reason.focus(); return; }
      submit.disabled = true;
      try {
        finish(await api(`/api/v1/people/${encodeURIComponent(personId)}/reveal`, { method: 'POST', body: { reason: text } }));
      } catch (e) {
        if (e.status === 401) { finish(null); return; }
        const fieldError = (e.problem.errors || []).find((x) => x.field === 'reason');
        fail(fieldError ? fieldError.message : e.message);
        submit.disabled = false;
      }
    });
    dialog.showModal();
    reason.focus();
  });
}
