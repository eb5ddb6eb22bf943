// 事件设置 (#/events/settings?section=categories|rules|calendar): the district centre's reference data
// of grid events — each category's department, publicity and time limits; the duplicate and warning
// rules; the working calendar the limits are counted in. The server applies a save at once, so each
// section saves on its own and the page never holds more than one section's unsaved edits per save.
import { h, mount } from '../dom.js';
import { hashFor } from '../record-widgets.js';
import { renderCalendarSection } from './settings-calendar.js';
import { renderCategoriesSection } from './settings-categories.js';
import { renderRulesSection } from './settings-rules.js';
import { frame } from './widgets.js';

const SECTIONS = [
  ['categories', '类别与时限', renderCategoriesSection],
  ['rules', '受理规则', renderRulesSection],
  ['calendar', '工作日历', renderCalendarSection],
];

/** Draws the page; a section is built the first time it is shown and then kept, so switching keeps edits. */
export function renderSettingsPage(main, { me, query }) {
  const pane = frame(main, me, 'settings');
  const asked = query.get('section');
  let current = SECTIONS.some(([k]) => k === asked) ? asked : 'categories';
  const tabs = h('div.stage-tabs', { 'data-testid': 'settings-tabs', role: 'tablist' });
  const body = h('div.settings-body');
  const built = {};
  const page = h('section.list-page.settings-page#settings-page', { 'data-testid': 'settings-page', 'data-section': current },
    h('div.toolbar',
      h('h2.page-title', '事件设置'),
      h('span.muted.settings-note', '由区级综治中心维护，保存后立即生效；处置时限按工作时间（扣除节假日）计算')),
    tabs, body);
  mount(pane, page);

  function show(key) {
    current = key;
    page.dataset.section = key;
    history.replaceState(null, '', hashFor(['events', 'settings'], { section: key === 'categories' ? '' : key }));
    mount(tabs, SECTIONS.map(([k, label]) => h('button.stage-tab', {
      type: 'button', role: 'tab', class: `stage-tab${k === key ? ' active' : ''}`, 'aria-selected': String(k === key),
      'data-testid': `settings-tab-${k}`, on: { click: () => show(k) },
    }, label)));
    for (const [k, , render] of SECTIONS) {
      if (k === key && !built[k]) { built[k] = render(); body.append(built[k]); }
      if (built[k]) built[k].hidden = k !== key;
    }
  }
  show(current);
}
