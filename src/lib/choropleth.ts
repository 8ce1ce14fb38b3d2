/**
 * A choropleth: areas shaded by a measure, with a legend. Pure, no I/O.
 *
 * `choropleth()` sorts values into classes and gives each area its fill and printed value;
 * `choroplethMap()` joins that to a drawn map (svg-map.ts) and the areas' names and links, for
 * the `choropleth` macro in src/views/macros/choropleth.njk. Nothing depends on colour alone:
 * every area prints its value, the legend prints each class's range and count, and areas with
 * no value are hatched rather than coloured.
 */
import type { MapShape, SvgMap } from './svg-map.js';

/**
 * Fills for up to five classes, lightest (lowest) first: the first five of ColorBrewer's 7-class
 * "YlGnBu" sequential scheme (Cynthia Brewer, Mark Harrower and Penn State, colorbrewer2.org,
 * Apache License 2.0), which ColorBrewer marks as colour-blind safe. Each step is darker than
 * the last, so the order also reads in greyscale. The two darkest of the seven are left out so
 * that every fill keeps at least 3:1 contrast with the black boundary lines and the black value
 * text (WCAG 1.4.11; checked in the tests).
 */
export const CHOROPLETH_FILLS = ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0'] as const;

/** The boundary lines and the legend swatches' outline: GOV.UK black. */
export const CHOROPLETH_STROKE = '#0b0c0c';

export const MAX_CLASSES = CHOROPLETH_FILLS.length;

const NO_DATA_LABEL = 'No data, or too few people to show';

/**
 * Where classes start: the lower bound of every class but the first, ascending.
 *
 * Method: quantiles of the values themselves. For k classes the j-th break is the value that has
 * j/k of the sorted values below it, so each class holds about the same number of areas, which
 * suits a few dozen wards with a skewed measure better than equal intervals would. Breaks are
 * always data values and strictly increase; where ties make two breaks equal, or a break equal to
 * the smallest value, that class is dropped, so there may be fewer classes than asked for (one
 * class when every value is the same, none when there are no values). Never more classes than
 * distinct values.
 */
export function classBreaks(values: readonly number[], maxClasses: number = MAX_CLASSES): number[] {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  const k = Math.max(1, Math.min(Math.floor(maxClasses), MAX_CLASSES));
  const smallest = sorted[0];
  if (smallest === undefined) return [];
  const breaks: number[] = [];
  for (let j = 1; j < k; j++) {
    const b = sorted[Math.floor((j * n) / k)];
    if (b !== undefined && b > smallest && b !== breaks.at(-1)) breaks.push(b);
  }
  return breaks;
}

/**
 * The class a value falls in: how many breaks are at or below it. A value exactly on a break
 * therefore goes in the class that the break starts (the higher one).
 */
export function classOf(value: number, breaks: readonly number[]): number {
  let i = 0;
  while (i < breaks.length && value >= breaks[i]!) i++;
  return i;
}

/** `count` fills spread across the palette, keeping its lightest and darkest where there is room. */
export function fillsFor(count: number): string[] {
  if (count <= 0) return [];
  if (count === 1) return [CHOROPLETH_FILLS[2]];
  const last = CHOROPLETH_FILLS.length - 1;
  return Array.from({ length: count }, (_, i) => CHOROPLETH_FILLS[Math.round((i * last) / (count - 1))]!);
}

export type LegendEntry = {
  /** "12.0 to 24.9": the smallest and largest value in the class, or the no-data wording. */
  label: string;
  /** A colour, or `url(#…)` for the no-data hatching. */
  fill: string;
  /** How many areas are in the class. */
  count: number;
  noData: boolean;
};

export type ChoroplethShape = {
  id: string;
  /** 0 for the lowest class; null for no value. */
  classIndex: number | null;
  fill: string;
  /** The value as printed on the area and in its title. */
  valueLabel: string;
};

export type Choropleth = {
  /** Used for the ids in the drawing (title, description, hatch pattern): unique on the page. */
  id: string;
  breaks: number[];
  /** The classes lowest first, then the no-data entry when any area has no value. */
  legend: LegendEntry[];
  /** One for each value given, in the same order. */
  shapes: ChoroplethShape[];
};

export type ChoroplethOptions = {
  /** Formats a value for the legend and the area's label, e.g. one decimal place. */
  format: (n: number) => string;
  /** At most this many classes; 5 when left out, and never more than 5. */
  classes?: number;
  /** Prefix for the drawing's ids; `cg-choropleth` when left out. */
  id?: string;
  /** The legend's wording for areas with no value. */
  noDataLabel?: string;
  /** What an area with no value prints on the map; nothing when left out, as the hatching says it. */
  noDataValueLabel?: string;
};

/** The hatch pattern's id for a drawing: no-data areas are filled with `url(#this)`. */
export function noDataPatternId(id: string): string {
  return `${id}-no-data`;
}

/**
 * Classes, fills and legend for values by area. A null (or not finite) value means no data, or
 * too few people to show safely; those areas are hatched and counted in their own legend entry.
 */
export function choropleth(
  values: readonly { id: string; value: number | null }[],
  options: ChoroplethOptions,
): Choropleth {
  const { format, classes = MAX_CLASSES, id = 'cg-choropleth' } = options;
  const noDataLabel = options.noDataLabel ?? NO_DATA_LABEL;
  const noDataFill = `url(#${noDataPatternId(id)})`;
  const known = values.flatMap((v) => (v.value !== null && Number.isFinite(v.value) ? [v.value] : []));
  const breaks = classBreaks(known, classes);
  const classCount = known.length ? breaks.length + 1 : 0;
  const fills = fillsFor(classCount);

  // Each class's smallest and largest value, for its legend label.
  const ranges = Array.from({ length: classCount }, () => ({ min: Infinity, max: -Infinity, count: 0 }));
  let noData = 0;
  const shapes = values.map(({ id: areaId, value }): ChoroplethShape => {
    if (value === null || !Number.isFinite(value)) {
      noData++;
      return { id: areaId, classIndex: null, fill: noDataFill, valueLabel: options.noDataValueLabel ?? '' };
    }
    const classIndex = classOf(value, breaks);
    const range = ranges[classIndex]!;
    range.min = Math.min(range.min, value);
    range.max = Math.max(range.max, value);
    range.count++;
    return { id: areaId, classIndex, fill: fills[classIndex]!, valueLabel: format(value) };
  });

  const legend: LegendEntry[] = ranges.map(({ min, max, count }, i) => {
    const low = format(min);
    const high = format(max);
    return { label: low === high ? low : `${low} to ${high}`, fill: fills[i]!, count, noData: false };
  });
  if (noData) legend.push({ label: noDataLabel, fill: noDataFill, count: noData, noData: true });
  return { id, breaks, legend, shapes };
}

export type ChoroplethMapShape = MapShape &
  ChoroplethShape & {
    name: string;
    /** Where the area links to; no link when left out. */
    href?: string;
    /** The area's name and value, for its tooltip and its link's accessible name. */
    title: string;
  };

/** What the `choropleth` macro draws. */
export type ChoroplethMap = {
  id: string;
  width: number;
  height: number;
  /** Whether any area is a link: the picture is then a group of links rather than one image. */
  linked: boolean;
  patternId: string;
  stroke: string;
  shapes: ChoroplethMapShape[];
  /** The legend, each entry with its count in words ("3 wards"). */
  legend: (LegendEntry & { countLabel: string })[];
};

export type ChoroplethMapOptions = {
  /** What an area is called, one and several: ['ward', 'wards'] when left out. */
  noun?: readonly [string, string];
  /** Said after an area's name when it has no value. */
  noDataTitle?: string;
};

/**
 * Joins a drawn map, the areas' names (and links) and their classes by id, for the macro.
 * Shapes with no area are left out. A drawn area with no entry in `shading` is drawn, and
 * counted in the legend, as no data.
 */
export function choroplethMap(
  map: SvgMap,
  areas: readonly { id: string; name: string; href?: string }[],
  shading: Choropleth,
  options: ChoroplethMapOptions = {},
): ChoroplethMap {
  const [one, many] = options.noun ?? ['ward', 'wards'];
  const noDataTitle = options.noDataTitle ?? 'no data, or too few people to show';
  const patternId = noDataPatternId(shading.id);
  const areaById = new Map(areas.map((a) => [a.id, a]));
  const shadeById = new Map(shading.shapes.map((s) => [s.id, s]));
  let unshaded = 0;
  const shapes = map.shapes.flatMap((shape): ChoroplethMapShape[] => {
    const area = areaById.get(shape.id);
    if (!area) return [];
    let shade = shadeById.get(shape.id);
    if (!shade) {
      unshaded++;
      shade = { id: shape.id, classIndex: null, fill: `url(#${patternId})`, valueLabel: '' };
    }
    const title = `${area.name}: ${shade.classIndex === null ? noDataTitle : shade.valueLabel}`;
    return [{ ...shape, ...shade, name: area.name, ...(area.href ? { href: area.href } : {}), title }];
  });

  let legend = shading.legend;
  if (unshaded) {
    const noData = legend.find((e) => e.noData);
    legend = noData
      ? legend.map((e) => (e === noData ? { ...e, count: e.count + unshaded } : e))
      : [...legend, { label: NO_DATA_LABEL, fill: `url(#${patternId})`, count: unshaded, noData: true }];
  }
  return {
    id: shading.id,
    width: map.width,
    height: map.height,
    linked: shapes.some((s) => s.href !== undefined),
    patternId,
    stroke: CHOROPLETH_STROKE,
    shapes,
    legend: legend.map((e) => ({ ...e, countLabel: `${e.count} ${e.count === 1 ? one : many}` })),
  };
}
