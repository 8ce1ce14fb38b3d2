/**
 * The community strength library: the per-ward measures of the strength map, the composite
 * strength score (made as the Community Needs Index makes its scores), need against strength in
 * four quarters with their chart, and national benchmark lines. Pure: no I/O, no framework. See
 * shared/reference/domain-notes.md §4.
 */
export { strengthMeasures, formatMeasure, type StrengthMeasure, type StrengthMeasureId } from './measures.js';
export { compositeStrength, type WardMeasures } from './composite.js';
export {
  quadrants,
  placeInQuadrants,
  needStrengthChart,
  type NeedStrengthChart,
  type QuadrantKey,
  type QuadrantPlacement,
} from './quadrants.js';
export { benchmarkFor, type Benchmark } from './benchmarks.js';
