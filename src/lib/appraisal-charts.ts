/**
 * Charts for appraisal results, laid out for SVG on the server: pure, no I/O. Like charts.ts, the
 * template draws the geometry and always puts a table of the same figures beside the chart.
 */
import { niceScale } from './charts.js';

export type TornadoInput = { label: string; low: number; high: number };

export type TornadoChart = {
  kind: 'tornado';
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  /** x of the central value: bars grow left or right from it. */
  centreX: number;
  ticks: { x: number; label: string }[];
  bars: {
    label: string;
    /** Baseline of the label, written above its bar. */
    labelY: number;
    y: number;
    height: number;
    /** The part of the bar from the centre to the value at the low end of the assumption. */
    low: { x: number; width: number; value: number };
    high: { x: number; width: number; value: number };
  }[];
};

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * A tornado chart: one row per assumption, a bar from the centre to the result with the assumption
 * lowered and another to the result with it raised. Rows keep the order given (longest first).
 * Each label sits above its bar, so long labels never run over the bars, even on a phone.
 */
export function tornadoChart(
  rows: TornadoInput[],
  central: number,
  opts: { width?: number; rowHeight?: number; format?: (n: number) => string } = {},
): TornadoChart {
  const width = opts.width ?? 640;
  const rowHeight = opts.rowHeight ?? 40;
  const format = opts.format ?? ((n: number) => new Intl.NumberFormat('en-GB').format(n));
  // Room at either side for the outermost tick labels, which are centred on their ticks.
  const plot = { left: 56, top: 8, right: width - 56, bottom: 8 + rows.length * rowHeight };
  const height = plot.bottom + 28;
  const reach = Math.max(0, ...rows.flatMap((r) => [Math.abs(r.low - central), Math.abs(r.high - central)]));
  const { top, step } = niceScale(reach, 2);
  const half = (plot.right - plot.left) / 2;
  const centreX = round(plot.left + half);
  const x = (v: number) => round(centreX + ((v - central) / top) * half);
  const ticks = [];
  for (let d = -top; d <= top + 1e-9; d += step) ticks.push({ x: x(central + d), label: format(central + d) });
  const bars = rows.map((r, i) => {
    const top = plot.top + i * rowHeight;
    const part = (v: number) => {
      const xv = x(v);
      return { x: Math.min(xv, centreX), width: round(Math.abs(xv - centreX)), value: v };
    };
    return {
      label: r.label,
      labelY: round(top + rowHeight * 0.35),
      y: round(top + rowHeight * 0.45),
      height: round(rowHeight * 0.45),
      low: part(r.low),
      high: part(r.high),
    };
  });
  return { kind: 'tornado', width, height, plot, centreX, ticks, bars };
}

export type TwoLineChart = {
  kind: 'two-lines';
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  yTicks: { y: number; label: string }[];
  xLabels: { x: number; label: string }[];
  series: { name: string; path: string; points: { x: number; y: number; value: number }[] }[];
};

/** Two lines over the same years (cumulative costs and cumulative benefits), on one scale from 0. */
export function twoLineChart(
  labels: string[],
  series: { name: string; values: number[] }[],
  opts: { width?: number; height?: number; format?: (n: number) => string } = {},
): TwoLineChart {
  const width = opts.width ?? 640;
  const height = opts.height ?? 260;
  const format = opts.format ?? ((n: number) => new Intl.NumberFormat('en-GB').format(n));
  const plot = { left: 72, top: 12, right: width - 28, bottom: height - 32 };
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const { top, step } = niceScale(max);
  const y = (v: number) => round(plot.bottom - (Math.max(0, v) / top) * (plot.bottom - plot.top));
  const gap = labels.length > 1 ? (plot.right - plot.left) / (labels.length - 1) : 0;
  const x = (i: number) => round(labels.length > 1 ? plot.left + i * gap : (plot.left + plot.right) / 2);
  const yTicks = [];
  for (let v = 0; v <= top + 1e-9; v += step) yTicks.push({ y: y(v), label: format(v) });
  return {
    kind: 'two-lines',
    width,
    height,
    plot,
    yTicks,
    xLabels: labels.map((label, i) => ({ x: x(i), label })),
    series: series.map((s) => {
      const points = s.values.map((value, i) => ({ x: x(i), y: y(value), value }));
      return { name: s.name, path: points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(''), points };
    }),
  };
}
