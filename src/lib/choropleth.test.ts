import { describe, expect, it } from 'vitest';
import { CHOROPLETH_FILLS, CHOROPLETH_STROKE, choropleth, classBreaks, classOf, fillsFor } from './choropleth.js';

const oneDecimal = (n: number) => n.toFixed(1);

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r = 0, g = 0, bl = 0] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('classBreaks', () => {
  it('splits values into classes of about equal size, at data values', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(classBreaks(values)).toEqual([3, 5, 7, 9]);
    expect(classBreaks(values, 2)).toEqual([6]);
  });

  it('gives fewer classes when there are fewer distinct values, and one when all are equal', () => {
    expect(classBreaks([4, 4, 4, 9, 9, 9])).toEqual([9]);
    expect(classBreaks([7, 7, 7])).toEqual([]);
    expect(classBreaks([])).toEqual([]);
    // Ties swallow a class: 1 has 60% of the values.
    expect(classBreaks([1, 1, 1, 1, 1, 1, 2, 3, 4, 5])).toEqual([2, 4]);
  });

  it('never gives more than five classes, and ignores values that are not numbers', () => {
    expect(classBreaks([1, 2, 3, 4, 5, 6, 7, 8], 9)).toHaveLength(4);
    expect(classBreaks([1, NaN, 2, Infinity])).toEqual([2]);
  });
});

describe('classOf', () => {
  it('puts a value exactly on a break in the class the break starts', () => {
    const breaks = [10, 20];
    expect([0, 9.99, 10, 19.99, 20, 99].map((v) => classOf(v, breaks))).toEqual([0, 0, 1, 1, 2, 2]);
  });
});

describe('the palette', () => {
  it('keeps 3:1 contrast between every fill and the boundary lines and value text', () => {
    for (const fill of CHOROPLETH_FILLS) expect(contrast(fill, CHOROPLETH_STROKE)).toBeGreaterThanOrEqual(3);
  });

  it('runs from light to dark, so it reads in order without colour', () => {
    const ratios = CHOROPLETH_FILLS.map((f) => contrast(f, CHOROPLETH_STROKE));
    expect([...ratios].sort((a, b) => b - a)).toEqual(ratios);
  });

  it('spreads fewer classes across it, keeping the ends', () => {
    expect(fillsFor(0)).toEqual([]);
    expect(fillsFor(1)).toHaveLength(1);
    expect(fillsFor(2)).toEqual([CHOROPLETH_FILLS[0], CHOROPLETH_FILLS[4]]);
    expect(new Set(fillsFor(4)).size).toBe(4);
    expect(fillsFor(5)).toEqual([...CHOROPLETH_FILLS]);
  });
});

describe('choropleth', () => {
  const values = [
    { id: 'a', value: 12 },
    { id: 'b', value: 24.94 },
    { id: 'c', value: 30 },
    { id: 'd', value: null },
    { id: 'e', value: 50 },
    { id: 'f', value: 31 },
  ];

  it('gives each area its class, fill and printed value, and hatches those with none', () => {
    const shaded = choropleth(values, { format: oneDecimal, classes: 3 });
    expect(shaded.breaks).toEqual([24.94, 31]);
    expect(shaded.shapes).toEqual([
      { id: 'a', classIndex: 0, fill: CHOROPLETH_FILLS[0], valueLabel: '12.0' },
      { id: 'b', classIndex: 1, fill: CHOROPLETH_FILLS[2], valueLabel: '24.9' },
      { id: 'c', classIndex: 1, fill: CHOROPLETH_FILLS[2], valueLabel: '30.0' },
      { id: 'd', classIndex: null, fill: 'url(#cg-choropleth-no-data)', valueLabel: '' },
      { id: 'e', classIndex: 2, fill: CHOROPLETH_FILLS[4], valueLabel: '50.0' },
      { id: 'f', classIndex: 2, fill: CHOROPLETH_FILLS[4], valueLabel: '31.0' },
    ]);
  });

  it('labels the legend with the range of values in each class, and counts no data', () => {
    const shaded = choropleth(values, { format: oneDecimal, classes: 3, id: 'reach' });
    expect(shaded.legend).toEqual([
      { label: '12.0', fill: CHOROPLETH_FILLS[0], count: 1, noData: false },
      { label: '24.9 to 30.0', fill: CHOROPLETH_FILLS[2], count: 2, noData: false },
      { label: '31.0 to 50.0', fill: CHOROPLETH_FILLS[4], count: 2, noData: false },
      { label: 'No data, or too few people to show', fill: 'url(#reach-no-data)', count: 1, noData: true },
    ]);
  });

  it('has one class when every value is the same, and no no-data entry when every area has a value', () => {
    const shaded = choropleth(
      [
        { id: 'a', value: 5 },
        { id: 'b', value: 5 },
      ],
      { format: String },
    );
    expect(shaded.legend).toEqual([{ label: '5', fill: CHOROPLETH_FILLS[2], count: 2, noData: false }]);
  });

  it('has only the no-data entry when no area has a value', () => {
    const shaded = choropleth([{ id: 'a', value: null }], { format: String, noDataValueLabel: 'none' });
    expect(shaded.legend.map((e) => e.noData)).toEqual([true]);
    expect(shaded.shapes[0]).toMatchObject({ classIndex: null, valueLabel: 'none' });
  });
});
