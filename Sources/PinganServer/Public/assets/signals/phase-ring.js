// The phase ring of one plan as a bar: each phase's green, amber and all-red in proportion to the cycle,
// a hatched gap when the phases fall short of the cycle and a red overflow when they exceed it.
import { h } from '../dom.js';
import { num } from './common.js';

/** Sum of green + amber + all-red over the phases (non-numbers count as 0). */
export function phaseTotal(phases) {
  return phases.reduce((t, p) => t + (Number(p.green) || 0) + (Number(p.amber) || 0) + (Number(p.allRed) || 0), 0);
}

/** The bar for phases against cycle (seconds). */
export function phaseRing(phases, cycle) {
  const total = phaseTotal(phases);
  const scale = Math.max(total, Number(cycle) || 0, 1);
  const w = (v) => `${((Math.max(Number(v) || 0, 0) / scale) * 100).toFixed(3)}%`;
  const segments = [];
  phases.forEach((p, i) => {
    const title = `相位 ${i + 1}${p.name ? ` ${p.name}` : ''}：绿 ${num(p.green)} + 黄 ${num(p.amber)} + 全红 ${num(p.allRed)} 秒`;
    segments.push(h('span.sig-ring-phase', { style: `width:${w((Number(p.green) || 0) + (Number(p.amber) || 0) + (Number(p.allRed) || 0))}`, title, 'data-testid': 'ring-phase' },
      h('span.sig-ring-g', { style: `flex:${Math.max(Number(p.green) || 0, 0)}` }, h('span.sig-ring-label', `${i + 1}`)),
      h('span.sig-ring-a', { style: `flex:${Math.max(Number(p.amber) || 0, 0)}` }),
      h('span.sig-ring-r', { style: `flex:${Math.max(Number(p.allRed) || 0, 0)}` })));
  });
  if (total < cycle) segments.push(h('span.sig-ring-gap', { style: `width:${w(cycle - total)}`, title: `缺 ${num(cycle - total)} 秒` }));
  const marker = total > cycle && cycle > 0 ? h('span.sig-ring-cycle', { style: `left:${w(cycle)}`, title: `周期 ${num(cycle)} 秒` }) : null;
  return h('div.sig-ring', { 'data-testid': 'phase-ring', 'data-total': total, 'data-cycle': cycle, class: `sig-ring${total > cycle ? ' sig-ring-over' : ''}` },
    h('div.sig-ring-bar', segments, marker),
    h('div.sig-ring-scale', h('span', '0'), h('span', `${num(cycle)} 秒`)));
}
