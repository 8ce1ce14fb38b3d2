/** Month arithmetic on YYYY-MM-DD strings (calendar dates, no time zone involved). */
import { addDays } from '../../../lib/london-time.js';

export { addDays };

/** A stretch of London days, both ends included (YYYY-MM-DD). */
export type DayRange = { from: string; to: string };

/** A period as whole months (month starts, both included) and part-month day ranges. */
export type PeriodParts = { months: DayRange | null; edges: DayRange[] };

export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}
export function addMonths(month: string, n: number): string {
  const d = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}
function lastDayOf(month: string): string {
  return addDays(addMonths(month, 1), -1);
}
/** Every month start from `from`'s month to `to`'s month. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = monthOf(from); m <= monthOf(to); m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * Splits a period into its whole months and the part-months at either edge (day ranges; a
 * period with no whole month is one range, which may cross a month end).
 */
export function splitPeriod(from: string, to: string): PeriodParts {
  const first = from.endsWith('-01') ? monthOf(from) : addMonths(monthOf(from), 1);
  const last = to === lastDayOf(monthOf(to)) ? monthOf(to) : addMonths(monthOf(to), -1);
  if (first > last) return { months: null, edges: [{ from, to }] };
  const edges = [];
  if (from < first) edges.push({ from, to: addDays(first, -1) });
  if (to > lastDayOf(last)) edges.push({ from: addMonths(last, 1), to });
  return { months: { from: first, to: last }, edges };
}

/** The 12 whole months before the current London month: the dashboard's default period. */
export function defaultPeriod(today: string): { from: string; to: string } {
  const thisMonth = monthOf(today);
  return { from: addMonths(thisMonth, -12), to: addDays(thisMonth, -1) };
}
