import { describe, expect, it } from 'vitest';
import { tornadoChart, twoLineChart } from './appraisal-charts.js';

describe('tornado chart', () => {
  it('draws each bar from the central value out to the low and high results, on one symmetric scale', () => {
    // Central NPV 100; the widest swing is 40 either way, and 40 is already a nice top (step 20): scale ±40.
    const c = tornadoChart(
      [
        { label: 'Deadweight', low: 140, high: 60 },
        { label: 'Cohort', low: 80, high: 120 },
      ],
      100,
      { width: 312, rowHeight: 20 },
    );
    // Plot runs 56..256, centre at 156, 100 px for 40 pounds: 2.5 px per pound.
    expect(c.centreX).toBe(156);
    expect(c.ticks.map((t) => t.label)).toEqual(['60', '80', '100', '120', '140']);
    const [dead, cohort] = c.bars;
    // Deadweight lowered gives 140: 40 × 2.5 = 100 px to the right of the centre.
    expect(dead!.low).toEqual({ x: 156, width: 100, value: 140 });
    // …raised gives 60: 100 px to the left.
    expect(dead!.high).toEqual({ x: 56, width: 100, value: 60 });
    expect(cohort!.low).toEqual({ x: 106, width: 50, value: 80 });
    expect(cohort!.high).toEqual({ x: 156, width: 50, value: 120 });
    // Each label is above its own bar, and the second row is below the first.
    expect(dead!.labelY).toBeLessThan(dead!.y);
    expect(cohort!.labelY).toBeGreaterThan(dead!.y + dead!.height);
    expect(c.height).toBe(8 + 2 * 20 + 28);
  });

  it('copes with nothing to show', () => {
    const c = tornadoChart([], 0);
    expect(c.bars).toEqual([]);
    expect(c.ticks.length).toBeGreaterThan(0);
  });
});

describe('two-line chart', () => {
  it('puts both series on one scale from zero, year 0 at the left edge', () => {
    const c = twoLineChart(
      ['Year 0', 'Year 1', 'Year 2'],
      [
        { name: 'Costs', values: [100, 150, 200] },
        { name: 'Benefits', values: [0, 120, 240] },
      ],
      { width: 300, height: 144 },
    );
    // Plot 72..272 wide, 12..112 tall; the top is 300 (steps of 100 for about 4 ticks above 240).
    expect(c.yTicks.map((t) => t.label)).toEqual(['0', '100', '200', '300']);
    // y = 112 − value ÷ 300 × 100, to one decimal place.
    expect(c.series[0]!.points.map((p) => [p.x, p.y])).toEqual([
      [72, 78.7],
      [172, 62],
      [272, 45.3],
    ]);
    expect(c.series[1]!.path).toBe('M72,112L172,72L272,32');
  });
});
