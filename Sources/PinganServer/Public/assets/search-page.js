// 搜索 (#/search?q=…): one box for grids, people, households, houses, organisations and places.
// Results come grouped by kind with the total count in scope; IDs and phones arrive masked.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { hashFor, itemList, KINDS } from './record-widgets.js';

const LIMIT = 20;

/** The search form of the top bar (every page): Enter opens #/search?q=…. */
export function topSearch(current) {
  const input = h('input#top-search-input', {
    type: 'search', 'data-testid': 'top-search-input', placeholder: '搜索人员、户、房屋、单位、网格…', 'aria-label': '搜索',
    value: current || '', autocomplete: 'off', enterkeyhint: 'search',
  });
  return h('form.top-search#top-search', {
    role: 'search', 'data-testid': 'top-search',
    on: {
      submit: (ev) => {
        ev.preventDefault();
        const q = input.value.trim();
        if (q) location.hash = hashFor(['search'], { q });
      },
    },
  }, input,
  // Phones have no room for a box in the top bar: a button opens the search page and its own box.
  h('a.top-search-link#top-search-link', { href: '#/search', 'data-testid': 'top-search-link', 'aria-label': '搜索', title: '搜索' }, '搜索'));
}

/** Draws the search results page for the query in the route. */
export function renderSearchPage(main, { query }) {
  const q = (query.get('q') || '').trim();
  const input = h('input#search-input', { type: 'search', 'data-testid': 'search-input', value: q, placeholder: '姓名、证件号后四位、地址、单位、网格名…', autocomplete: 'off' });
  const status = h('span.muted#search-status', { 'data-testid': 'search-status' });
  const results = h('div.search-results#search-results', { 'data-testid': 'search-results' });
  const form = h('form.search-form', {
    on: { submit: (ev) => { ev.preventDefault(); const v = input.value.trim(); if (v) location.hash = hashFor(['search'], { q: v }); } },
  }, input, h('button.btn.btn-primary', { type: 'submit', 'data-testid': 'search-submit' }, '搜索'));

  mount(main, h('section.list-page#search-page', { 'data-testid': 'search-page', 'data-query': q },
    h('div.toolbar', h('h2.page-title', '搜索'), form, status),
    results));

  if (!q) { status.textContent = '请输入要查找的内容'; input.focus(); return; }
  status.textContent = '正在搜索…';
  api('/api/v1/search', { query: { q, limit: LIMIT } }).then((answer) => {
    const groups = answer.groups || [];
    const total = groups.reduce((n, g) => n + (g.count || 0), 0);
    status.textContent = total ? `“${q}” 共找到 ${total} 条` : `没有找到与“${q}”相关的记录`;
    main.querySelector('#search-page').dataset.loaded = 'true';
    // Summary chips jump to each group; empty groups stay listed (greyed) so "0 人员" is visible too.
    const summary = h('nav.group-summary', { 'data-testid': 'search-summary' }, groups.map((g) => h('a.chip', {
      href: `#search-group-${g.kind}`, class: `chip${g.count ? '' : ' chip-empty'}`, 'data-kind': g.kind,
      on: { click: (ev) => { ev.preventDefault(); const el = document.getElementById(`search-group-${g.kind}`); if (el) el.scrollIntoView({ block: 'start' }); } },
    }, `${g.kindName || KINDS[g.kind]?.name || g.kind} `, h('b', String(g.count)))));
    mount(results, summary, groups.filter((g) => g.count > 0).map((g) => h('section.card.search-group', {
      id: `search-group-${g.kind}`, 'data-testid': 'search-group', 'data-kind': g.kind, 'data-count': String(g.count),
    },
    h('h3.card-title', g.kindName || KINDS[g.kind]?.name || g.kind, h('span.count-badge', { 'data-testid': 'search-group-count' }, String(g.count))),
    itemList(g.kind, g.items || [], 'search-item'),
    g.count > (g.items || []).length ? h('p.muted.more', `仅显示前 ${(g.items || []).length} 条，请输入更具体的关键词`) : null)));
  }).catch((e) => {
    if (e.status === 401) return;
    status.textContent = '';
    mount(results, h('div.empty-state', { 'data-testid': 'search-error' }, h('p', e.message)));
  });
}
