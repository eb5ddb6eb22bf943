// Names of the five levels of the governance grid tree (1 district … 5 unit grid).

/** Chinese level names shown when the server gives none. */
export const LEVEL_NAMES = { 0: '市', 1: '区（县）', 2: '镇（街道）', 3: '片区', 4: '村（社区）', 5: '单元网格' };

/** Name of a level number, e.g. levelName(5) → '单元网格'. */
export function levelName(level) { return LEVEL_NAMES[level] || `第${level}级`; }

// Distinct colours for the scope root's children (towns of a district, areas of a town);
// deeper levels reuse their group's colour so a district-wide view still reads town by town.
const PALETTE = ['#2f7fd8', '#e0662d', '#2a9d6f', '#c43d6b', '#8a5bd1', '#c9a227', '#1aa0b8', '#6d7d2c',
  '#d14f4f', '#4c6ef5', '#b3592d', '#3c8d3c'];

/** Colour for the i-th group (wraps around the palette). */
export function groupColour(i) { return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length]; }
