// Pages of 智慧信号 (smart signals). The app merges these into its hash routes: everything under
// #/signals goes to one route that picks the page from the next segment of the address.
import { h, mount } from '../dom.js';
import { renderArterialsPage } from './arterials-page.js';
import { renderArterialPage } from './arterial-page.js';
import { renderPlanEditor } from './plan-editor.js';
import { renderEvaluationPage } from './evaluation-page.js';

const STYLESHEET = '/assets/signals/signals.css';

/** Adds the part's stylesheet once, unless index.html already links it. */
function ensureStylesheet() {
  if (document.querySelector(`link[rel="stylesheet"][href="${STYLESHEET}"]`)) return;
  document.head.append(h('link', { rel: 'stylesheet', href: STYLESHEET }));
}

/** #/signals → list, #/signals/arterial/ID, #/signals/intersection/ID, #/signals/evaluation. */
const PAGES = {
  '': renderArterialsPage,
  arterial: renderArterialPage,
  intersection: renderPlanEditor,
  evaluation: renderEvaluationPage,
};

export const signalsRoutes = {
  signals: {
    render(main, { me, args, query }) {
      ensureStylesheet();
      const [sub = '', ...rest] = args;
      const page = PAGES[sub];
      if (!page || ((sub === 'arterial' || sub === 'intersection') && !rest[0])) {
        mount(main, h('div.empty-state', { 'data-testid': 'signals-not-found' }, h('h2', '页面不存在'),
          h('p', h('a', { href: '#/signals' }, '返回智慧信号'))));
        return null;
      }
      return page(main, { me, args: rest, query });
    },
    allowed: (me) => (me.permissions || []).includes('signals.read'),
  },
};
