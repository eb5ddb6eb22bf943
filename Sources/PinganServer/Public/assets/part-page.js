// Placeholder for parts of the platform that are not available yet: says what is coming (/me parts[].note).
import { h, mount } from './dom.js';

/** Renders the "coming soon" page of the part named in the route (#/part/KEY). */
export function renderPartPage(main, { me, args }) {
  const part = (me.parts || []).find((p) => p.key === args[0]);
  if (!part) {
    mount(main, h('div.empty-state', { 'data-testid': 'part-page' }, h('h2', '未找到该功能模块')));
    return;
  }
  mount(main, h('section.part-page', { 'data-testid': 'part-page', 'data-part': part.key },
    h('div.part-card',
      h('div.part-status', part.available ? '已上线' : '建设中'),
      h('h2#part-title', { 'data-testid': 'part-title' }, part.name),
      h('p.part-note#part-note', { 'data-testid': 'part-note' }, part.note || '该模块正在建设中，上线后将在此处提供服务。'),
      part.available ? null : h('p.muted', '目前可用：网格与基础数据（网格地图、网格树与定位）。'))));
}
