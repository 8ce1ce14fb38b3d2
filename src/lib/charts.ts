/**
 * Line and bar charts laid out for SVG on the server: pure, no I/O. The caller's template draws
 * the returned geometry and always puts a table of the same figures beside the chart, so the
 * chart is never the only way to read the numbers. Missing values (null, e.g. suppressed small
 * numbers) leave a gap rather than being drawn as zero.
 */
export type ChartPoint = { label: string; value: number | null };

export type ChartAxis = {
  /** Horizontal grid lines with their labels, bottom to top. */
  yTicks: { y: number; label: string }[];
  xLabels: { x: number; label: string }[];
};

export type LineChart = ChartAxis & {
  kind: 'line';
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  /** SVG path data: one M…L… run per stretch of known values. */
  path: string;
  points: { x: number; y: number; label: string; value: number }[];
};

export type BarChart = ChartAxis & {
  kind: 'bar';
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  bars: { x: number; y: number; width: number; height: number; label: string; value: number }[];
};

export type ChartOptions = { width?: number; height?: number; format?: (n: number) => string };

const defaultFormat = (n: number) => new Intl.NumberFormat('en-GB').format(n);

/** A "nice" top for the axis (1, 2, 2.5 or 5 × a power of ten, at least `max`) and its step for about 4 ticks. */
export function niceScale(max: number, ticks = 4): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 1 };
  const rough = max / ticks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  return { top: Math.ceil(max / step - 1e-9) * step, step };
}

function layout(points: ChartPoint[], opts: ChartOptions) {
  const width = opts.width ?? 640;
  const height = opts.height ?? 240;
  const format = opts.format ?? defaultFormat;
  // Room on the right for the last label, which is centred on the last point.
  const plot = { left: 56, top: 12, right: width - 28, bottom: height - 32 };
  const max = Math.max(0, ...points.map((p) => p.value ?? 0));
  const { top, step } = niceScale(max);
  const y = (v: number) => round(plot.bottom - (v / top) * (plot.bottom - plot.top));
  const yTicks = [];
  for (let v = 0; v <= top + 1e-9; v += step) yTicks.push({ y: y(v), label: format(round(v)) });
  // Label at most about 12 positions so the axis stays readable at any length.
  const every = Math.max(1, Math.ceil(points.length / 12));
  return { width, height, plot, y, yTicks, every };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A line through the points, evenly spaced left to right. */
export function lineChart(points: ChartPoint[], opts: ChartOptions = {}): LineChart {
  const { width, height, plot, y, yTicks, every } = layout(points, opts);
  const gap = points.length > 1 ? (plot.right - plot.left) / (points.length - 1) : 0;
  const x = (i: number) => round(points.length > 1 ? plot.left + i * gap : (plot.left + plot.right) / 2);
  const drawn: LineChart['points'] = [];
  let path = '';
  let pen = false;
  points.forEach((p, i) => {
    if (p.value === null) {
      pen = false;
      return;
    }
    const px = x(i);
    const py = y(p.value);
    path += `${pen ? 'L' : 'M'}${px},${py}`;
    pen = true;
    drawn.push({ x: px, y: py, label: p.label, value: p.value });
  });
  const xLabels = points.flatMap((p, i) => (i % every === 0 ? [{ x: x(i), label: p.label }] : []));
  return { kind: 'line', width, height, plot, path, points: drawn, yTicks, xLabels };
}

/** One bar per point, side by side. */
export function barChart(points: ChartPoint[], opts: ChartOptions = {}): BarChart {
  const { width, height, plot, y, yTicks, every } = layout(points, opts);
  const slot = points.length ? (plot.right - plot.left) / points.length : 0;
  const barWidth = round(slot * 0.7);
  const bars: BarChart['bars'] = [];
  const xLabels: ChartAxis['xLabels'] = [];
  points.forEach((p, i) => {
    const centre = round(plot.left + slot * (i + 0.5));
    if (i % every === 0) xLabels.push({ x: centre, label: p.label });
    if (p.value === null) return;
    const top = y(p.value);
    bars.push({
      x: round(centre - barWidth / 2),
      y: top,
      width: barWidth,
      height: round(plot.bottom - top),
      label: p.label,
      value: p.value,
    });
  });
  return { kind: 'bar', width, height, plot, bars, yTicks, xLabels };
}
