// Pages of 网格事件与调解 (grid events and mediation). The app merges these into its hash routes:
//   #/events            centre inbox · a department's tasks (mine) · a grid worker's 我的任务
//   #/events?kpi=…      the events behind a KPI number
//   #/events/report     上报 (grid worker's phone form; hotline registration for centres)
//   #/events/mine       a grid worker's tasks: verify, rework, my reports
//   #/events/board      督办看板 (daily zero + supervision)
//   #/events/kpis       考核指标
//   #/events/settings   事件设置 (district centre: categories, rules, working calendar)
//   #/events/ID         one event
//   #/mediation, #/mediation/new[?event=ID], #/mediation/ID
import { renderBoardPage } from './board-page.js';
import { renderEventPage } from './event-page.js';
import { renderInbox } from './inbox-page.js';
import { renderKpiPage } from './kpi-page.js';
import { renderMediationCase } from './mediation-case.js';
import { renderMediationList } from './mediation-list.js';
import { renderMediationNew } from './mediation-new.js';
import { renderMinePage } from './mine-page.js';
import { renderReportPage } from './report-page.js';
import { renderSettingsPage } from './settings-page.js';
import { roles } from './widgets.js';

/** Which page #/events/… shows, and whether this user may open it. */
function eventsPage(me, args, query) {
  const [first] = args;
  if (first === 'report') return roles.writes(me) && (roles.worker(me) || roles.centre(me)) ? renderReportPage : null;
  if (first === 'mine') return roles.reads(me) ? renderMinePage : null;
  if (first === 'board') return roles.dashboards(me) ? renderBoardPage : null;
  if (first === 'kpis') return roles.dashboards(me) ? renderKpiPage : null;
  if (first === 'settings') return roles.settings(me) ? renderSettingsPage : null;
  if (first) return roles.dashboards(me) ? renderEventPage : null;
  // A grid worker's home is their task page; everyone else gets the list (lists behind KPI numbers too).
  const filtered = ['kpi', 'stage', 'grid', 'overdue'].some((k) => query.get(k));
  if (roles.worker(me) && !filtered) return renderMinePage;
  // Dashboards only (leader): the board is home; lists open from its numbers and the KPIs'.
  if (!roles.reads(me) && !filtered) return roles.dashboards(me) ? renderBoardPage : null;
  return roles.dashboards(me) ? renderInbox : null;
}

function mediationPage(me, args) {
  if (!roles.reads(me)) return null;
  if (args[0] === 'new') return roles.writes(me) ? renderMediationNew : null;
  return args[0] ? renderMediationCase : renderMediationList;
}

function denied(main) {
  main.replaceChildren();
  const box = document.createElement('div');
  box.className = 'empty-state';
  box.dataset.testid = 'cases-denied';
  box.innerHTML = '<h2>无权访问</h2><p>当前账号不能使用该页面。</p>';
  main.append(box);
}

export const casesRoutes = {
  events: {
    render(main, ctx) {
      const page = eventsPage(ctx.me, ctx.args, ctx.query);
      if (!page) { denied(main); return null; }
      return page(main, ctx);
    },
    allowed: (me) => roles.dashboards(me),
  },
  mediation: {
    render(main, ctx) {
      const page = mediationPage(ctx.me, ctx.args);
      if (!page) { denied(main); return null; }
      return page(main, ctx);
    },
    allowed: (me) => roles.reads(me) && !roles.department(me),
  },
};
