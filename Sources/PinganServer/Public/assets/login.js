// The login page: username/password → POST /api/v1/session; shows the problem's detail on failure.
import { api, setToken, ProblemError } from './api.js';
import { h, mount } from './dom.js';

/** Draws the login form; calls onLogin() after the token is stored. */
export function renderLogin(root, { notice, onLogin }) {
  const error = h('div.form-error#login-error', { 'data-testid': 'login-error', role: 'alert', hidden: !notice }, notice || '');
  const username = h('input#login-username', { name: 'username', autocomplete: 'username', required: true, 'data-testid': 'login-username', placeholder: '用户名' });
  const password = h('input#login-password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'login-password', placeholder: '密码' });
  const submit = h('button.btn.btn-primary.btn-block#login-submit', { type: 'submit', 'data-testid': 'login-submit' }, '登 录');

  const form = h('form.login-card#login-form', {
    'data-testid': 'login-form',
    on: {
      submit: async (ev) => {
        ev.preventDefault();
        error.hidden = true;
        submit.disabled = true;
        submit.textContent = '正在登录…';
        try {
          const session = await api('/api/v1/session', {
            method: 'POST', auth: false,
            body: { username: username.value.trim(), password: password.value },
          });
          setToken(session.token);
          await onLogin(session);
        } catch (e) {
          error.textContent = e instanceof ProblemError ? e.message : '登录失败，请稍后重试';
          error.hidden = false;
          password.select();
        } finally {
          submit.disabled = false;
          submit.textContent = '登 录';
        }
      },
    },
  },
  h('div.login-brand', h('span.brand-mark.brand-mark-lg', '平安'), h('div', h('h1', '社会治理综合平台'), h('p.muted', '网格化服务管理 · 综治中心'))),
  h('label', h('span', '用户名'), username),
  h('label', h('span', '密码'), password),
  error,
  submit,
  h('p.login-foot', '本系统仅限授权人员使用，所有操作均记录审计日志。'));

  mount(root, h('div.login-page#login-page', { 'data-testid': 'login-page' }, form));
  username.focus();
}
