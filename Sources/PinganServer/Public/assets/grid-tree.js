// Lazy tree browser of the grid tree: roots from GET /api/v1/grids, children loaded on expand
// from GET /api/v1/grids/{code}, so a district of thousands of grids opens instantly.
import { api } from './api.js';
import { h, mount, toast } from './dom.js';
import { levelName } from './levels.js';

/** Tree browser in `el`; calls onSelect(code, detail?) when a node's name is clicked. */
export class GridTree {
  constructor(el, { onSelect }) {
    this.el = el;
    this.onSelect = onSelect;
    this.nodes = new Map(); // code → {li, childList, loaded, level}
    this.selected = null;
  }

  /** Draws the roots and opens the first one a level deep. */
  async load(roots) {
    const list = h('ul.tree-list.tree-root', { role: 'tree', 'data-testid': 'tree-roots' });
    mount(this.el, list);
    for (const root of roots) list.append(this.nodeElement(root));
    if (roots.length === 1) await this.expand(roots[0].code);
  }

  nodeElement(node) {
    const leaf = node.level >= 5;
    const name = node.levelName || levelName(node.level);
    const toggle = h('button.tree-toggle', {
      type: 'button', 'aria-label': '展开', disabled: leaf,
      'data-testid': 'tree-toggle',
      on: { click: () => this.toggle(node.code) },
    }, leaf ? '·' : '▸');
    const label = h('button.tree-label', {
      type: 'button', 'data-testid': 'tree-label', title: `${node.name} · ${name}`,
      on: { click: () => this.onSelect(node.code) },
    }, h('span.tree-name', node.name), h('span.tree-level', name));
    const childList = h('ul.tree-list', { role: 'group', hidden: true });
    const li = h('li.tree-node', {
      role: 'treeitem', 'aria-expanded': leaf ? null : 'false',
      'data-testid': 'tree-node', 'data-code': node.code, 'data-level': String(node.level),
    }, h('div.tree-row', toggle, label), childList);
    this.nodes.set(node.code, { li, toggle, childList, loaded: false, level: node.level });
    return li;
  }

  async toggle(code) {
    const n = this.nodes.get(code);
    if (!n) return;
    if (n.childList.hidden) await this.expand(code); else this.collapse(code);
  }

  collapse(code) {
    const n = this.nodes.get(code);
    n.childList.hidden = true;
    n.toggle.textContent = '▸';
    n.li.setAttribute('aria-expanded', 'false');
  }

  /** Opens a node, loading its children the first time. */
  async expand(code) {
    const n = this.nodes.get(code);
    if (!n || n.level >= 5) return;
    if (!n.loaded) {
      n.toggle.textContent = '…';
      try {
        const detail = await api(`/api/v1/grids/${encodeURIComponent(code)}`);
        mount(n.childList, (detail.children || []).map((c) => this.nodeElement(c)));
        n.loaded = true;
      } catch (e) {
        n.toggle.textContent = '▸';
        if (e.status !== 401) toast(e.message);
        return;
      }
    }
    n.childList.hidden = false;
    n.toggle.textContent = '▾';
    n.li.setAttribute('aria-expanded', 'true');
  }

  /** Opens the tree down to a node (path = [{code}, …] incl. the node) and marks it selected. */
  async reveal(path) {
    for (const step of path.slice(0, -1)) {
      if (this.nodes.has(step.code)) await this.expand(step.code);
    }
    this.setSelected(path.length ? path[path.length - 1].code : null);
  }

  setSelected(code) {
    if (this.selected && this.nodes.has(this.selected)) this.nodes.get(this.selected).li.classList.remove('selected');
    this.selected = code;
    const n = code && this.nodes.get(code);
    if (n) {
      n.li.classList.add('selected');
      n.li.querySelector('.tree-row').scrollIntoView({ block: 'nearest' });
    }
  }
}
