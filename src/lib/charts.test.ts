import { describe, expect, it } from 'vitest';
import { barChart, lineChart, niceScale } from './charts.js';

describe('niceScale', () => {
  it('rounds the top up to a nice step', () => {
    expect(niceScale(0)).toEqual({ top: 1, step: 1 });
    expect(niceScale(7)).toEqual({ top: 8, step: 2 });
    expect(niceScale(100)).toEqual({ top: 100, step: 25 });
    expect(niceScale(4750)).toEqual({ top: 6000, step: 2000 });
    expect(niceScale(1)).toEqual({ top: 1, step: 0.25 });
  });
});

describe('lineChart', () => {
  it('spaces points evenly and scales values to the plot', () => {
    const c = lineChart(
      [
        { label: 'Jan', value: 0 },
        { label: 'Feb', value: 50 },
        { label: 'Mar', value: 100 },
      ],
      { width: 284, height: 144 },
    );
    // plot: left 56, right 256, top 12, bottom 112; axis 0..100
    expect(c.plot).toEqual({ left: 56, top: 12, right: 256, bottom: 112 });
    expect(c.points.map((p) => [p.x, p.y])).toEqual([
      [56, 112],
      [156, 62],
      [256, 12],
    ]);
    expect(c.path).toBe('M56,112L156,62L256,12');
    expect(c.yTicks.map((t) => t.label)).toEqual(['0', '25', '50', '75', '100']);
    expect(c.xLabels.map((l) => l.label)).toEqual(['Jan', 'Feb', 'Mar']);
  });

  it('leaves a gap for missing (suppressed) values instead of drawing zero', () => {
    const c = lineChart(
      [
        { label: 'a', value: 10 },
        { label: 'b', value: null },
        { label: 'c', value: 10 },
        { label: 'd', value: 20 },
      ],
      { width: 356, height: 144 },
    );
    expect(c.points).toHaveLength(3);
    expect(c.path.match(/M/g)).toHaveLength(2);
    expect(c.path).not.toContain('NaN');
  });

  it('copes with one point and with nothing at all', () => {
    expect(lineChart([{ label: 'only', value: 5 }]).points[0]!.x).toBe(334); // (56 + 612) / 2 on the default 640 width
    const empty = lineChart([]);
    expect(empty.path).toBe('');
    expect(empty.yTicks[0]!.label).toBe('0');
  });

  it('labels at most about 12 positions on long series', () => {
    const c = lineChart(Array.from({ length: 36 }, (_, i) => ({ label: String(i), value: i })));
    expect(c.xLabels.length).toBe(12);
    expect(c.xLabels[1]!.label).toBe('3');
  });

  it('formats the axis labels', () => {
    const c = lineChart([{ label: 'x', value: 20000 }]);
    expect(c.yTicks.at(-1)!.label).toBe('20,000');
  });
});

describe('barChart', () => {
  it('draws one bar per known value, heights in proportion', () => {
    const c = barChart(
      [
        { label: 'a', value: 40 },
        { label: 'b', value: null },
        { label: 'c', value: 80 },
        { label: 'd', value: 0 },
      ],
      { width: 284, height: 144 },
    );
    // 4 slots of 50 px, bars 35 px wide, axis 0..80 over 100 px
    expect(c.bars.map((b) => [b.label, b.x, b.width, b.y, b.height])).toEqual([
      ['a', 63.5, 35, 62, 50],
      ['c', 163.5, 35, 12, 100],
      ['d', 213.5, 35, 112, 0],
    ]);
    expect(c.xLabels).toHaveLength(4);
  });
});
