import { z } from 'zod';
import { addDays, isCalendarDate, londonToday } from '../../lib/london-time.js';
import { toFormErrors, type FormErrors } from '../../platform/forms.js';
import { MAP_MEASURES, type MapMeasureId } from './strength.view-models.js';

/** Counting runs from 2000 to 2049 (the rollups' month range); a period is at most ten years. */
const EARLIEST = '2000-01-01';
const LATEST = '2049-12-31';
const MAX_DAYS = 3653;

/** The strength pages' filter: anything odd is explained on the page rather than refused outright. */
export const strengthQuery = z.object({
  from: z.string().max(20).optional().catch(undefined),
  to: z.string().max(20).optional().catch(undefined),
  measure: z.string().max(40).optional().catch(undefined),
});

export type StrengthFilter = { from: string; to: string; measure: MapMeasureId; errors?: FormErrors };

/**
 * The 12 whole months before this London month, as the participation dashboard shows by default
 * (regular participation is counted over whole months).
 */
export function defaultStrengthPeriod(today = londonToday()): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const thisMonth = `${today.slice(0, 7)}-01`;
  const from = `${String(year - 1)}-${String(month).padStart(2, '0')}-01`;
  return { from, to: addDays(thisMonth, -1) };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The period and measure asked for; missing values take the defaults, wrong ones an error. */
export function readStrengthFilter(query: z.output<typeof strengthQuery>, today = londonToday()): StrengthFilter {
  const period = defaultStrengthPeriod(today);
  const from = query.from?.trim() || period.from;
  const to = query.to?.trim() || period.to;
  const asked = query.measure?.trim();
  const measure = (MAP_MEASURES as readonly string[]).includes(asked ?? '') ? (asked as MapMeasureId) : 'reachPer1000';
  const problems = [];
  if (!isCalendarDate(from) || from < EARLIEST || from > LATEST)
    problems.push({ field: 'from', message: 'Enter a real start date between 2000 and 2049, like 2026-01-31' });
  if (!isCalendarDate(to) || to < EARLIEST || to > LATEST)
    problems.push({ field: 'to', message: 'Enter a real end date between 2000 and 2049, like 2026-12-31' });
  if (!problems.length && from > to)
    problems.push({ field: 'to', message: 'The end date must be the same as or after the start date' });
  if (!problems.length && daysBetween(from, to) > MAX_DAYS)
    problems.push({ field: 'to', message: 'Choose a period of ten years or less' });
  if (asked && asked !== measure) problems.push({ field: 'measure', message: 'Choose a measure from the list' });
  return { from, to, measure, ...(problems.length ? { errors: toFormErrors(problems) } : {}) };
}

/** The same stretch of days a year earlier, for "change against the year before". */
export function yearBefore(period: { from: string; to: string }): { from: string; to: string } {
  const back = (d: string) => {
    const y = `${String(Number(d.slice(0, 4)) - 1)}${d.slice(4)}`;
    return y.endsWith('-02-29') ? y.replace(/-29$/, '-28') : y;
  };
  return { from: back(period.from), to: back(period.to) };
}
