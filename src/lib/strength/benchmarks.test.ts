import { describe, expect, it } from 'vitest';
import { benchmarkFor, benchmarks } from './benchmarks.js';
import { formatMeasure, strengthMeasure } from './measures.js';

describe('benchmarks', () => {
  it('compares regular participation with monthly formal volunteering in 2023/24 (16%, domain notes §4.3)', () => {
    const b = benchmarkFor('regularShare');
    expect(b?.value).toBe(0.16);
    expect(b?.year).toBe('2023/24');
    expect(formatMeasure('regularShare', b?.value ?? null)).toBe('16%');
    expect(b?.sources.map((s) => s.url)).toContain(
      'https://www.gov.uk/government/statistics/community-life-survey-202122/community-life-survey-202122-volunteering-and-charitable-giving',
    );
  });

  it('has no benchmark for a measure the survey does not cover', () => {
    expect(benchmarkFor('reachPer1000')).toBeNull();
    expect(benchmarkFor('assetsPer10000')).toBeNull();
  });

  it('has at most one benchmark per measure, each cited, with shares between 0 and 1', () => {
    expect(new Set(benchmarks.map((b) => b.measure)).size).toBe(benchmarks.length);
    for (const b of benchmarks) {
      expect(b.sources.length, b.measure).toBeGreaterThan(0);
      expect(b.caveat.length, b.measure).toBeGreaterThan(0);
    }
    const shares = benchmarks.filter((b) => strengthMeasure(b.measure).unit === 'share').map((b) => b.value);
    expect(shares.every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});
