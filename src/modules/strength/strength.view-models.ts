/**
 * What the strength pages show, built from the strength table: pure, no I/O. The map, the
 * quarters chart and the table all come from the same figures, so the three always agree.
 */
import type { Area } from '../../core/areas/index.js';
import { choropleth, choroplethMap, type ChoroplethMap } from '../../lib/choropleth.js';
import type { CsvCell } from '../../lib/csv.js';
import {
  benchmarkFor,
  formatMeasure,
  needStrengthChart,
  quadrants,
  strengthMeasures,
  type Benchmark,
  type NeedStrengthChart,
  type StrengthMeasureId,
} from '../../lib/strength/index.js';
import { drawMap } from '../../lib/svg-map.js';
import { areasPaths } from '../areas/index.js';
import { DOMAINS } from './deprivation/deprivation.files.js';
import { strengthPaths } from './strength.paths.js';
import type { StrengthTable, WardStrengthFigures } from './strength.service.js';

/** The measures a map can show: each strength measure, the composite score, and deprivation. */
export const MAP_MEASURES = [...strengthMeasures.map((m) => m.id), 'score', 'imdMeanRank', 'imdMost20'] as const;
export type MapMeasureId = StrengthMeasureId | 'score' | 'imdMeanRank' | 'imdMost20';

const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const percent = (n: number) => `${Math.round(n * 100)}%`;
/** "+0.4", "−1.0", "0.0": signed to one decimal place, with no "−0.0" for a value that rounds to nothing. */
export const signed = (n: number) => {
  const r = Math.round(n * 10) / 10;
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${oneDecimal.format(Math.abs(r))}`;
};

type MeasureInfo = {
  id: MapMeasureId;
  label: string;
  unitLabel: string;
  definition: string;
  format: (n: number) => string;
};

/** Labels, definitions and formats for every measure a map can show. */
export function mapMeasureInfo(id: MapMeasureId): MeasureInfo {
  if (id === 'score')
    return {
      id,
      label: 'Composite strength score',
      unitLabel: 'standard deviations from the place’s average',
      definition:
        'Each strength measure standardised across this place’s wards and averaged with equal weights, as the Community Needs Index is made. 0 is the average ward; above 0 is stronger. It only compares wards within this place.',
      format: signed,
    };
  if (id === 'imdMeanRank')
    return {
      id,
      label: 'Deprivation: mean IMD rank',
      unitLabel: 'rank in England (1 is the most deprived)',
      definition:
        'The population-weighted mean rank of the ward’s small areas (LSOAs) on the Index of Multiple Deprivation. A lower rank is more deprived.',
      format: (n) => whole.format(n),
    };
  if (id === 'imdMost20')
    return {
      id,
      label: 'Deprivation: people in the most deprived 20%',
      unitLabel: '% of the ward’s people',
      definition:
        'The share of the ward’s people who live in small areas (LSOAs) among the most deprived 20% in England.',
      format: percent,
    };
  const m = strengthMeasures.find((x) => x.id === id);
  return {
    id,
    label: m?.label ?? id,
    unitLabel: m?.unitLabel ?? '',
    definition: m?.definition ?? '',
    format: (n) => formatMeasure(id, n),
  };
}

/** One ward's value of a map measure; null when unknown or suppressed. */
export function valueOf(w: WardStrengthFigures, id: MapMeasureId): number | null {
  if (id === 'score') return w.score;
  if (id === 'imdMeanRank') return w.deprivation?.imd?.meanRank ?? null;
  if (id === 'imdMost20') return w.deprivation?.imd?.shareMost20 ?? null;
  return w.measures[id];
}

/** The measures offered on the page: those with data, the score when it has inputs, deprivation when imported. */
export function offeredMeasures(table: StrengthTable): MeasureInfo[] {
  const ids: MapMeasureId[] = [
    ...table.measures.map((m) => m.id),
    ...(table.scored.length ? (['score'] as const) : []),
    ...(table.release ? (['imdMeanRank', 'imdMost20'] as const) : []),
  ];
  return ids.map(mapMeasureInfo);
}

type Shaded = { id: string; name: string; href?: string; boundary: Area['boundary']; value: number | null };

/**
 * A choropleth of areas with boundaries (null when none has one). With `lowerIsDarker` (deprivation
 * ranks and deciles, where 1 is the most deprived) darker means a lower value: the map shades the
 * negated value and prints the value itself, and the key reads from the lowest value up.
 */
function shadedMap(
  items: Shaded[],
  opts: { id: string; format: (n: number) => string; lowerIsDarker: boolean; noun?: readonly [string, string] },
): ChoroplethMap | null {
  const drawn = items.filter((i) => i.boundary);
  const map = drawMap(drawn.map((i) => ({ id: i.id, geometry: i.boundary as NonNullable<Area['boundary']> })));
  if (!map) return null;
  const flip = opts.lowerIsDarker;
  const shading = choropleth(
    drawn.map((i) => ({ id: i.id, value: i.value === null ? null : flip ? -i.value : i.value })),
    { format: (n) => opts.format(flip ? -n : n), id: opts.id },
  );
  if (flip) {
    // Shaded by the negated value, so each class's range reads backwards: put it the right way round.
    const noData = shading.legend.filter((l) => l.noData);
    shading.legend = [...shading.legend.filter((l) => !l.noData).reverse(), ...noData];
    for (const entry of shading.legend)
      if (!entry.noData) entry.label = entry.label.split(' to ').reverse().join(' to ');
  }
  return choroplethMap(
    map,
    drawn.map((i) => ({ id: i.id, name: i.name, ...(i.href ? { href: i.href } : {}) })),
    shading,
    opts.noun ? { noun: opts.noun } : {},
  );
}

/** The choropleth of one measure over the wards with boundaries; null when none has one. */
export function strengthMap(table: StrengthTable, id: MapMeasureId): ChoroplethMap | null {
  const info = mapMeasureInfo(id);
  return shadedMap(
    table.wards.map((w) => ({
      id: w.ward.id,
      name: w.ward.name,
      href: strengthPaths.ward(w.ward.code),
      boundary: w.ward.boundary,
      value: valueOf(w, id),
    })),
    { id: 'strength-map', format: info.format, lowerIsDarker: id === 'imdMeanRank' },
  );
}

/** A ward's small areas shaded by their IMD decile (1, darkest, is England's most deprived 10%). */
export function smallAreasMap(lsoas: { area: Area; decile: number | null }[]): ChoroplethMap | null {
  return shadedMap(
    lsoas.map(({ area, decile }) => ({
      id: area.id,
      name: area.name,
      href: areasPaths.area(area.code),
      boundary: area.boundary,
      value: decile,
    })),
    {
      id: 'small-areas-map',
      format: (n) => String(Math.round(n)),
      lowerIsDarker: true,
      noun: ['small area', 'small areas'],
    },
  );
}

export type QuarterGroup = { key: string; title: string; meaning: string; wards: { name: string; code: string }[] };

/** The quarters chart and the wards in each quarter, for the page. */
export function quartersView(table: StrengthTable): { chart: NeedStrengthChart; groups: QuarterGroup[] } | null {
  if (!table.release || table.scored.length === 0 || table.placement.needMedian === null) return null;
  const chart = needStrengthChart(table.placement, {
    formatNeed: (n) => whole.format(n),
    formatStrength: signed,
  });
  const groups = quadrants.map((q) => ({
    key: q.key,
    title: q.title,
    meaning: q.meaning,
    wards: table.wards.filter((w) => w.quadrant === q.key).map((w) => ({ name: w.ward.name, code: w.ward.code })),
  }));
  return { chart, groups };
}

/** The benchmark line for a measure, if there is one. */
export function benchmarkOf(id: MapMeasureId): Benchmark | null {
  return id === 'score' || id === 'imdMeanRank' || id === 'imdMost20' ? null : benchmarkFor(id);
}

/** The table of every ward, as rows of display text. */
export function wardRows(table: StrengthTable) {
  return table.wards.map((w) => ({
    name: w.ward.name,
    code: w.ward.code,
    href: strengthPaths.ward(w.ward.code),
    population: w.denominator
      ? `${whole.format(w.denominator.population)}${w.denominator.year ? ` (${w.denominator.year})` : ''}`
      : 'Not known',
    measures: table.measures.map((m) => formatMeasure(m.id, w.measures[m.id])),
    imd: w.deprivation?.imd ? whole.format(w.deprivation.imd.meanRank) : '—',
    most20: w.deprivation?.imd ? percent(w.deprivation.imd.shareMost20) : '—',
    score: w.score === null ? '—' : signed(w.score),
    quarter: quadrants.find((q) => q.key === w.quadrant)?.title ?? '—',
  }));
}

/** The same table as CSV: numbers unrounded where they are exact, so a spreadsheet can work with them. */
export function wardsCsv(table: StrengthTable): CsvCell[][] {
  const header = [
    'ward_code',
    'ward_name',
    'population',
    'population_year',
    'population_source',
    ...table.measures.map((m) => m.id),
    'participants',
    'participation_hours',
    'volunteer_hours',
    'active_projects',
    'public_assets',
    'people_offering',
    'imd_release',
    'imd_mean_rank',
    'imd_share_most_deprived_10pc',
    'imd_share_most_deprived_20pc',
    ...DOMAINS.map((d) => `${d.key}_mean_rank`),
    'deprivation_rank_in_place',
    'strength_score',
    'strength_rank_in_place',
    'measures_in_score',
    'quarter',
    'period_from',
    'period_to',
  ];
  const round = (n: number | null | undefined, places = 4) =>
    n === null || n === undefined ? null : Math.round(n * 10 ** places) / 10 ** places;
  const rows = table.wards.map((w) => [
    w.ward.code,
    w.ward.name,
    w.denominator?.population ?? null,
    w.denominator?.year ?? null,
    w.denominator?.source ?? null,
    ...table.measures.map((m) => round(w.measures[m.id])),
    w.counts.participantsSuppressed ? 'suppressed' : w.counts.participants,
    round(w.counts.participationHours, 2),
    round(w.counts.volunteerHours, 2),
    w.counts.activeProjects,
    w.counts.assets,
    w.counts.offers,
    table.release,
    round(w.deprivation?.imd?.meanRank, 2),
    round(w.deprivation?.imd?.shareMost10),
    round(w.deprivation?.imd?.shareMost20),
    ...DOMAINS.map((d) => round(w.deprivation?.domains?.[d.key].meanRank, 2)),
    w.deprivationRank,
    round(w.score),
    w.scoreRank,
    w.measuresUsed,
    quadrants.find((q) => q.key === w.quadrant)?.title ?? null,
    table.period.from,
    table.period.to,
  ]);
  return [header, ...rows];
}
