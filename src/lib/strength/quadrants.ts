/**
 * Need against strength: each ward placed in one of four quarters, split at the place's medians,
 * to show where to invest first and where a strong community could take on more. The need is
 * usually deprivation (the population-weighted mean Index of Multiple Deprivation rank of the
 * ward's areas, where rank 1 is the most deprived, so a lower rank means more need) and the
 * strength is the composite score (composite.ts). Like the score, the quarters are relative to
 * the place: "high need" means more need than most of this council's wards.
 *
 * Asset-based community development warns against using community strength to justify cutting
 * services (shared/reference/domain-notes.md §4.1); the quarter where responsibilities could
 * move first is a place to start a conversation with residents, not a decision.
 */
import { niceScale } from '../charts.js';
import { isKnown, median, sameNumber } from './numbers.js';

export type QuadrantKey = 'invest-first' | 'build-on' | 'move-first' | 'watch';

export type Quadrant = {
  key: QuadrantKey;
  /** Plain-English title, for a heading or the chart. */
  title: string;
  /** One line saying what it means for the council. */
  meaning: string;
  highNeed: boolean;
  highStrength: boolean;
};

/** The four quarters, most urgent first. */
export const quadrants: readonly Quadrant[] = [
  {
    key: 'invest-first',
    title: 'High need, low strength',
    meaning: 'Invest first: more need than most wards here, and less community strength to meet it.',
    highNeed: true,
    highStrength: false,
  },
  {
    key: 'build-on',
    title: 'High need, high strength',
    meaning: 'Build on: more need than most wards here, and a strong community to back and work with.',
    highNeed: true,
    highStrength: true,
  },
  {
    key: 'move-first',
    title: 'Low need, high strength',
    meaning: 'Where responsibilities could move first, if residents want them: less need and a strong community.',
    highNeed: false,
    highStrength: true,
  },
  {
    key: 'watch',
    title: 'Low need, low strength',
    meaning: 'Watch: less need for now, but little community strength to fall back on if that changes.',
    highNeed: false,
    highStrength: false,
  },
];

/** Which way the need measure runs: IMD ranks run 'lower-is-more-need' (rank 1 is the most deprived). */
export type NeedDirection = 'higher-is-more-need' | 'lower-is-more-need';

export type NeedStrengthInput = {
  id: string;
  label: string;
  /** Unknown (null or not finite) leaves the ward out of the quarters. */
  need: number | null;
  /** The composite strength score; unknown leaves the ward out. */
  strength: number | null;
};

export type PlacedWard = NeedStrengthInput & { quadrant: QuadrantKey | null };

export type QuadrantPlacement = {
  needDirection: NeedDirection;
  /** Medians over the wards with both values known; null when there are none. */
  needMedian: number | null;
  strengthMedian: number | null;
  /** In the order given; `quadrant` is null for a ward missing either value. */
  wards: PlacedWard[];
};

/**
 * Places each ward in a quarter, split at the medians of the wards that have both a need and a
 * strength value (the others are left out of the medians and get no quarter).
 *
 * Ties at a median are broken on the side of caution: a ward exactly on the need median counts as
 * high need, and one exactly on the strength median counts as low strength. So a tie never moves
 * a ward towards "less need" or "strong enough to take on more", and a ward on both medians (as a
 * place's only ward is) is in "invest first".
 */
export function placeInQuadrants(wards: readonly NeedStrengthInput[], needDirection: NeedDirection): QuadrantPlacement {
  const complete = wards.filter((w) => isKnown(w.need) && isKnown(w.strength));
  const needMedian = median(complete.map((w) => w.need ?? 0));
  const strengthMedian = median(complete.map((w) => w.strength ?? 0));
  const placed = wards.map((w) => {
    const quadrant =
      isKnown(w.need) && isKnown(w.strength) && needMedian !== null && strengthMedian !== null
        ? quadrantOf(
            isHighNeed(w.need, needMedian, needDirection),
            w.strength > strengthMedian && !sameNumber(w.strength, strengthMedian),
          )
        : null;
    return { ...w, quadrant };
  });
  return { needDirection, needMedian, strengthMedian, wards: placed };
}

function isHighNeed(need: number, needMedian: number, direction: NeedDirection): boolean {
  if (sameNumber(need, needMedian)) return true;
  return direction === 'higher-is-more-need' ? need > needMedian : need < needMedian;
}

function quadrantOf(highNeed: boolean, highStrength: boolean): QuadrantKey {
  if (highNeed) return highStrength ? 'build-on' : 'invest-first';
  return highStrength ? 'move-first' : 'watch';
}

type Plot = { left: number; top: number; right: number; bottom: number };
type TextAnchor = 'start' | 'middle' | 'end';

export type NeedStrengthChart = {
  kind: 'scatter';
  width: number;
  height: number;
  plot: Plot;
  /** Strength axis: horizontal grid lines with their labels, bottom to top (as in charts.ts). */
  yTicks: { y: number; label: string }[];
  /** Need axis labels, left to right (as in charts.ts); more need is always to the right. */
  xLabels: { x: number; label: string }[];
  /** Words at the ends of the need axis ("Less need", "More need") and above the strength axis ("Stronger"). */
  captions: { x: number; y: number; label: string; anchor: TextAnchor }[];
  /** Where the median lines cross the plot; null when no ward has both values. */
  medians: { x: number; y: number } | null;
  /** Each quarter's area of the plot and where its title goes (inside its outer corner). */
  quarters: {
    key: QuadrantKey;
    title: string;
    rect: { x: number; y: number; width: number; height: number };
    labelX: number;
    labelY: number;
    anchor: TextAnchor;
  }[];
  /** One per ward with both values, with its label written beside it. */
  points: {
    id: string;
    label: string;
    x: number;
    y: number;
    need: number;
    strength: number;
    quadrant: QuadrantKey;
    labelX: number;
    labelY: number;
    anchor: TextAnchor;
  }[];
};

export type NeedStrengthChartOptions = {
  width?: number;
  height?: number;
  formatNeed?: (n: number) => string;
  formatStrength?: (n: number) => string;
};

const round = (n: number) => Math.round(n * 10) / 10;
const defaultFormat = (n: number) => new Intl.NumberFormat('en-GB').format(n);

/**
 * Scatter-chart geometry for the quarters: x is need, y is strength, with the median lines, the
 * quarter titles and a labelled point per ward. Coordinates only: the template draws them, with a
 * title, a description and a table of the same figures beside the chart. More need is always to
 * the right, so for IMD ranks the need axis counts down from left to right.
 */
export function needStrengthChart(
  placement: QuadrantPlacement,
  opts: NeedStrengthChartOptions = {},
): NeedStrengthChart {
  const width = opts.width ?? 640;
  const height = opts.height ?? 420;
  // Room above for the strength caption, left for its labels and below for the need labels and captions.
  const plot = { left: 56, top: 28, right: width - 16, bottom: height - 52 };
  const points = placement.wards.flatMap((w) =>
    w.quadrant !== null && isKnown(w.need) && isKnown(w.strength)
      ? [{ id: w.id, label: w.label, need: w.need, strength: w.strength, quadrant: w.quadrant }]
      : [],
  );
  const needs = points.map((p) => p.need);
  const strengths = points.map((p) => p.strength);
  const xAxis = axis(needs, opts.formatNeed ?? defaultFormat);
  const yAxis = axis(strengths, opts.formatStrength ?? defaultFormat);
  const reversed = placement.needDirection === 'lower-is-more-need';
  const x = (v: number) => {
    const t = (v - xAxis.lo) / (xAxis.hi - xAxis.lo);
    return round(plot.left + (reversed ? 1 - t : t) * (plot.right - plot.left));
  };
  const y = (v: number) => round(plot.bottom - ((v - yAxis.lo) / (yAxis.hi - yAxis.lo)) * (plot.bottom - plot.top));
  const xLabels = xAxis.ticks.map((t) => ({ x: x(t.value), label: t.label })).sort((a, b) => a.x - b.x);
  const yTicks = yAxis.ticks.map((t) => ({ y: y(t.value), label: t.label }));
  const medians =
    placement.needMedian !== null && placement.strengthMedian !== null
      ? { x: x(placement.needMedian), y: y(placement.strengthMedian) }
      : null;
  return {
    kind: 'scatter',
    width,
    height,
    plot,
    yTicks,
    xLabels,
    captions: [
      { x: plot.left, y: plot.bottom + 40, label: 'Less need', anchor: 'start' },
      { x: plot.right, y: plot.bottom + 40, label: 'More need', anchor: 'end' },
      { x: 4, y: 16, label: 'Stronger', anchor: 'start' },
    ],
    medians,
    quarters: quarterAreas(plot, medians),
    points: points.map((p) => {
      const px = x(p.need);
      // Labels go right of the point, or left of it near the right edge so they stay on the chart.
      const leftSide = px > plot.right - 120;
      return {
        ...p,
        x: px,
        y: y(p.strength),
        labelX: round(px + (leftSide ? -7 : 7)),
        labelY: round(y(p.strength) + 4),
        anchor: leftSide ? ('end' as const) : ('start' as const),
      };
    }),
  };
}

/**
 * An axis from a nice value at or below the smallest to one at or above the largest, with about
 * four steps of a nice size (reusing niceScale from charts.ts for the step).
 */
function axis(values: readonly number[], format: (n: number) => string) {
  let min = values.length ? Math.min(...values) : 0;
  let max = values.length ? Math.max(...values) : 1;
  if (min === max) {
    // One value (or all the same): widen the axis around it so it sits in the middle.
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  }
  const { step } = niceScale(max - min);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks = [];
  for (let i = 0; lo + i * step <= hi + step * 1e-9; i++) {
    // toPrecision trims float noise (0.30000000000000004) and turns −0 into 0.
    const value = Number((lo + i * step).toPrecision(12));
    ticks.push({ value, label: format(value) });
  }
  return { lo, hi, ticks };
}

/** The four quarter areas between the plot edges and the median lines, with their titles in the outer corners. */
function quarterAreas(plot: Plot, medians: { x: number; y: number } | null): NeedStrengthChart['quarters'] {
  const mx = medians?.x ?? round((plot.left + plot.right) / 2);
  const my = medians?.y ?? round((plot.top + plot.bottom) / 2);
  const left = { x: plot.left, width: round(mx - plot.left), labelX: plot.left + 6, anchor: 'start' as const };
  const right = { x: mx, width: round(plot.right - mx), labelX: plot.right - 6, anchor: 'end' as const };
  const upper = { y: plot.top, height: round(my - plot.top), labelY: plot.top + 16 };
  const lower = { y: my, height: round(plot.bottom - my), labelY: plot.bottom - 8 };
  return quadrants.map((q) => {
    const h = q.highNeed ? right : left;
    const v = q.highStrength ? upper : lower;
    return {
      key: q.key,
      title: q.title,
      rect: { x: h.x, y: v.y, width: h.width, height: v.height },
      labelX: h.labelX,
      labelY: v.labelY,
      anchor: h.anchor,
    };
  });
}
