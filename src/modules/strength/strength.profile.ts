/**
 * One ward's profile: its strength figures beside the place's middle ward and the same period a
 * year before, its deprivation with every domain, and its small areas. Pure: no I/O.
 */
import type { Area } from '../../core/areas/index.js';
import { formatMeasure, quadrants } from '../../lib/strength/index.js';
import { DOMAINS } from './deprivation/deprivation.files.js';
import type { DeprivationRow } from './deprivation/deprivation.service.js';
import type { StrengthTable } from './strength.service.js';
import { mapMeasureInfo, signed } from './strength.view-models.js';

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const percent = (n: number) => `${Math.round(n * 100)}%`;

function median(values: number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** "Up 12%", "Down 3%", "No change", or "—" when either year is unknown (or last year was 0). */
function change(now: number | null, before: number | null): string {
  if (now === null || before === null || before === 0) return '—';
  const pct = Math.round(((now - before) / Math.abs(before)) * 100);
  // From a very small start a percentage says little ("up 12,498%"): say how many times instead.
  if (pct >= 1000) return `Up more than ${String(Math.floor(now / before))} times`;
  return pct === 0 ? 'No change' : pct > 0 ? `Up ${String(pct)}%` : `Down ${String(-pct)}%`;
}

export function profileView(
  table: StrengthTable,
  lastYear: StrengthTable | null,
  wardId: string,
  lsoas: { area: Area; dep: DeprivationRow | undefined }[],
) {
  const w = table.wards.find((x) => x.ward.id === wardId);
  const before = lastYear?.wards.find((x) => x.ward.id === wardId);
  const measures = table.measures.map((m) => {
    const value = w?.measures[m.id] ?? null;
    const middle = median(table.wards.flatMap((x) => (x.measures[m.id] === null ? [] : [x.measures[m.id] as number])));
    const was = before?.measures[m.id] ?? null;
    return {
      id: m.id,
      label: m.label,
      definition: m.definition,
      value: formatMeasure(m.id, value),
      middle: formatMeasure(m.id, middle),
      lastYear: formatMeasure(m.id, was),
      change: change(value, was),
    };
  });
  const dep = w?.deprivation;
  const deprivation = dep?.imd
    ? {
        release: table.release,
        populationYear: table.deprivationPopulationYear,
        weighted: dep.weighted,
        lsoas: dep.lsoas,
        lsoasWithData: dep.lsoasWithData,
        rank: w?.deprivationRank ?? null,
        wards: table.wards.filter((x) => x.deprivation?.imd).length,
        rows: [
          { label: 'Index of Multiple Deprivation (overall)', ...measureText(dep.imd) },
          ...DOMAINS.map((d) => ({
            label: d.label,
            ...(dep.domains ? measureText(dep.domains[d.key]) : { meanRank: '—', most10: '—', most20: '—' }),
          })),
        ],
      }
    : null;
  return {
    figures: w ?? null,
    measures,
    scoreText:
      w?.score === null || w?.score === undefined
        ? null
        : `${signed(w.score)}: ${
            w.scoreRank === 1 ? 'the strongest' : `number ${String(w.scoreRank)} by strength`
          } of ${String(table.wards.filter((x) => x.score !== null).length)} wards`,
    suppressBelow: table.suppressBelow,
    scoreInfo: mapMeasureInfo('score'),
    quarter: quadrants.find((q) => q.key === w?.quadrant) ?? null,
    deprivation,
    lsoaRows: lsoas.map(({ area, dep: row }) => ({
      name: area.name,
      code: area.code,
      population: row?.population
        ? whole.format(row.population)
        : area.population
          ? whole.format(area.population)
          : '—',
      imdRank: row?.imdRank ? whole.format(row.imdRank) : '—',
      imdDecile: row?.imdDecile ?? '—',
      placed:
        area.parentBasis === 'best-fit'
          ? `Best fit (${percent(area.parentShare ?? 0)} of its land)`
          : area.parentBasis === 'lookup'
            ? 'Stated by the council'
            : '—',
    })),
    lastYear: lastYear?.period ?? null,
  };
}

function measureText(m: { meanRank: number; shareMost10: number; shareMost20: number }) {
  return { meanRank: whole.format(m.meanRank), most10: percent(m.shareMost10), most20: percent(m.shareMost20) };
}
