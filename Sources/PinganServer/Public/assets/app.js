// Entry point of the single-page app: hash routes, the session's /me, and the shell around pages.
import { api, getToken, clearToken, setUnauthorizedHandler } from './api.js';
import { mount, toast } from './dom.js';
import { renderLogin } from './login.js';
import { renderShell, navItems } from './shell.js';
import { renderMapPage } from './map-page.js';
import { renderPartPage } from './part-page.js';
import { renderAuditPage } from './audit-page.js';
import { renderUsersPage } from './users-page.js';

const app = document.getElementById('app');
let me = null;          // the signed-in user's /api/v1/me, null when signed out
let cleanup = null;     // tears down the current page (e.g. the Leaflet map)
let routeSeq = 0;       // only the latest navigation may draw (routes overlap while /me loads)

// Which page each route shows; `allowed` decides from /me whether the user may open it.
const routes = {
  map: { render: renderMapPage, allowed: (m) => can(m, 'grids.read') },
  part: { render: renderPartPage, allowed: (m) => can(m, 'grids.read') },
  audit: { render: renderAuditPage, allowed: (m) => can(m, 'audit.read') },
  users: { render: renderUsersPage, allowed: (m) => canManageUsers(m) },
};

/** True when /me lists the permission. */
export function can(m, permission) { return !!m && (m.permissions || []).includes(permission); }
/** The users page is for the system administrator (any users.* permission). */
export function canManageUsers(m) { return !!m && (m.permissions || []).some((p) => p.startsWith('users.')); }

function parseHash() {
  const [name = '', ...args] = location.hash.replace(/^#\/?/, '').split('/');
  return { name, args: args.map(decodeURIComponent) };
}

function defaultRoute(m) {
  const first = navItems(m)[0];
  return first ? first.href : '#/none';
}

/** Forgets the session locally and shows the login page (optionally with a notice). */
export function toLogin(notice) {
  me = null;
  clearToken();
  if (notice) sessionStorage.setItem('pingan.notice', notice);
  if (location.hash !== '#/login') location.hash = '#/login'; else route();
}

setUnauthorizedHandler(() => toLogin('登录已失效，请重新登录'));

/** Called by the login page once a token is stored. */
export async function afterLogin() {
  me = null;
  if (location.hash === '#/') route(); else location.hash = '#/';
}

/** Ends the session on the server (best effort) and returns to login. */
export async function logout() {
  try { await api('/api/v1/session', { method: 'DELETE' }); } catch { /* already gone */ }
  toLogin();
}

async function route() {
  const seq = ++routeSeq;
  if (cleanup) { try { cleanup(); } catch { /* page already gone */ } cleanup = null; }
  const { name, args } = parseHash();

  if (!getToken()) {
    if (name !== 'login') { location.hash = '#/login'; return; }
    const notice = sessionStorage.getItem('pingan.notice');
    sessionStorage.removeItem('pingan.notice');
    renderLogin(app, { notice, onLogin: afterLogin });
    return;
  }
  if (!me) {
    try {
      const loaded = await api('/api/v1/me');
      if (seq !== routeSeq) return;
      me = loaded;
    } catch (e) {
      if (seq === routeSeq && e.status !== 401) { toast(e.message); mount(app); }
      return;
    }
  }
  const page = routes[name];
  if (!page || !page.allowed(me)) {
    const target = defaultRoute(me);
    if (location.hash !== target && name !== 'none') { location.hash = target; return; }
  }
  const main = renderShell(app, me, { current: location.hash, onLogout: logout });
  if (page && page.allowed(me)) cleanup = page.render(main, { me, args }) || null;
}

window.addEventListener('hashchange', route);
route();
