import { describe, expect, it } from 'vitest';
import {
  benchmarkFor,
  compositeStrength,
  formatMeasure,
  needStrengthChart,
  placeInQuadrants,
  strengthMeasures,
  type WardMeasures,
  type StrengthMeasureId,
} from './index.js';

describe('the strength library through its public API', () => {
  it('goes from per-ward measures to a score, a quarter and a point on the chart', () => {
    // Two measures known, the rest suppressed. reach 10, 20, 30 → z −1.22474, 0, +1.22474 (sd 8.16497);
    // regular share 0.2, 0.2, 0.2 → no spread → 0. Scores: −0.61237, 0, +0.61237.
    const values = (reach: number): WardMeasures<StrengthMeasureId>['values'] => ({
      reachPer1000: reach,
      regularShare: 0.2,
      assetsPer10000: null,
    });
    const strength = compositeStrength(
      [
        { id: 'a', values: values(10) },
        { id: 'b', values: values(20) },
        { id: 'c', values: values(30) },
      ],
      strengthMeasures,
    );
    expect(strength.wards.map((w) => w.measuresUsed)).toEqual([2, 2, 2]);
    expect(strength.wards.map((w) => w.rank)).toEqual([3, 2, 1]);
    // IMD ranks: a is the most deprived. Medians: need 15000, strength 0.
    const needs: Record<string, number> = { a: 3000, b: 15000, c: 30000 };
    const placement = placeInQuadrants(
      strength.wards.map((w) => ({
        id: w.id,
        label: w.id.toUpperCase(),
        need: needs[w.id] ?? null,
        strength: w.score,
      })),
      'lower-is-more-need',
    );
    // a: more need, weaker → invest first; b: on both medians → invest first; c: less need, stronger → move first
    expect(placement.wards.map((w) => w.quadrant)).toEqual(['invest-first', 'invest-first', 'move-first']);
    expect(needStrengthChart(placement).points).toHaveLength(3);
    const regular = benchmarkFor('regularShare');
    expect(
      `${formatMeasure('regularShare', 0.2)} against ${formatMeasure('regularShare', regular?.value ?? null)}`,
    ).toBe('20% against 16%');
  });
});
