// Entry point of the single-page app: hash routes, the session's /me, and the shell around pages.
import { api, getToken, clearToken, setUnauthorizedHandler } from './api.js';
import { mount, toast } from './dom.js';
import { renderLogin } from './login.js';
import { renderShell, navItems } from './shell.js';
import { renderMapPage } from './map-page.js';
import { renderPartPage } from './part-page.js';
import { renderAuditPage } from './audit-page.js';
import { renderUsersPage } from './users-page.js';
import { renderGovernanceFrame } from './governance-tabs.js';
import { renderSearchPage, topSearch } from './search-page.js';
import { renderPersonPage } from './person-page.js';
import { renderHouseholdPage } from './household-page.js';
import { renderHousePage } from './house-page.js';
import { renderOrganisationPage } from './organisation-page.js';
import { renderPlacePage } from './place-page.js';
import { renderGridContentsPage } from './grid-contents-page.js';
import { renderStatsPage } from './stats-page.js';
import { renderRecordsPage } from './records-page.js';
import { renderRosterPage } from './roster-page.js';
import { renderImportPage } from './import-page.js';
import { setViewer } from './record-widgets.js';
import { casesRoutes } from './cases/routes.js';
import { signalsRoutes } from './signals/routes.js';

const app = document.getElementById('app');
let me = null;          // the signed-in user's /api/v1/me, null when signed out
let cleanup = null;     // tears down the current page (e.g. the Leaflet map)
let routeSeq = 0;       // only the latest navigation may draw (routes overlap while /me loads)

// Which page each route shows; `allowed` decides from /me whether the user may open it.
// `tab` puts the page under 网格与基础数据's tabs (null: under the part, no tab highlighted).
const routes = {
  map: { render: renderMapWithFocus, allowed: (m) => can(m, 'grids.read'), tab: 'map' },
  search: { render: renderSearchPage, allowed: (m) => can(m, 'grids.read'), tab: 'search' },
  person: { render: renderPersonPage, allowed: (m) => can(m, 'people.read'), tab: null },
  household: { render: renderHouseholdPage, allowed: (m) => can(m, 'people.read'), tab: null },
  house: { render: renderHousePage, allowed: (m) => can(m, 'people.read'), tab: null },
  organisation: { render: renderOrganisationPage, allowed: (m) => can(m, 'people.read'), tab: null },
  place: { render: renderPlacePage, allowed: (m) => can(m, 'people.read'), tab: null },
  grid: { render: renderGridContentsPage, allowed: (m) => can(m, 'people.read'), tab: null },
  stats: { render: renderStatsPage, allowed: (m) => can(m, 'people.read'), tab: 'stats' },
  records: { render: renderRecordsPage, allowed: (m) => can(m, 'people.read'), tab: 'stats' },
  roster: { render: renderRosterPage, allowed: (m) => can(m, 'special-groups.read'), tab: 'roster' },
  import: { render: renderImportPage, allowed: (m) => can(m, 'imports.write') || can(m, 'grids.write'), tab: 'import' },
  part: { render: renderPartPage, allowed: (m) => can(m, 'grids.read') },
  audit: { render: renderAuditPage, allowed: (m) => can(m, 'audit.read') },
  users: { render: renderUsersPage, allowed: (m) => canManageUsers(m) },
  // Each part brings its own pages: { name: { render, allowed } } (no `tab`: not under the base-data tabs).
  ...casesRoutes,
  ...signalsRoutes,
};

/** True when /me lists the permission. */
export function can(m, permission) { return !!m && (m.permissions || []).includes(permission); }
/** The users page is for the system administrator (any users.* permission). */
export function canManageUsers(m) { return !!m && (m.permissions || []).some((p) => p.startsWith('users.')); }

/** "#/name/a/b?k=v" → {name, args: ['a', 'b'], query: URLSearchParams}. */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const cut = raw.indexOf('?');
  const [name = '', ...args] = (cut < 0 ? raw : raw.slice(0, cut)).split('/');
  return { name, args: args.map(decodeURIComponent), query: new URLSearchParams(cut < 0 ? '' : raw.slice(cut + 1)) };
}

/** The map page; #/map/CODE opens that grid once the map has drawn (through window.pinganMap). */
function renderMapWithFocus(main, ctx) {
  const destroy = renderMapPage(main, ctx);
  const code = ctx.args[0];
  let timer = null;
  if (code) {
    const until = Date.now() + 30000;
    timer = setInterval(() => {
      const m = window.pinganMap;
      if (Date.now() > until) clearInterval(timer);
      else if (m && m.level() !== null && !m.loading()) { clearInterval(timer); m.select(code); }
    }, 150);
  }
  return () => { clearInterval(timer); if (destroy) destroy(); };
}

function defaultRoute(m) {
  const first = navItems(m)[0];
  return first ? first.href : '#/none';
}

/** Forgets the session locally and shows the login page (optionally with a notice). */
export function toLogin(notice) {
  me = null;
  setViewer(null);
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
  const { name, args, query } = parseHash();

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
      setViewer(me);
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
  let main = renderShell(app, me, { current: location.hash, onLogout: logout });
  if (can(me, 'grids.read')) {
    const spacer = app.querySelector('.topbar .spacer');
    if (spacer) spacer.before(topSearch(name === 'search' ? query.get('q') : ''));
  }
  if (page && page.allowed(me) && page.tab !== undefined) {
    // Every base-data page belongs to 网格与基础数据: keep its nav entry lit and show its tabs.
    const nav = app.querySelector('[data-testid="nav-governance"]');
    if (nav) nav.classList.add('active');
    main = renderGovernanceFrame(main, me, page.tab);
  }
  if (page && page.allowed(me)) cleanup = page.render(main, { me, args, query }) || null;
}

window.addEventListener('hashchange', route);
route();
