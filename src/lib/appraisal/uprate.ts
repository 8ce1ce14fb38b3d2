import { AppraisalError } from './errors.js';
import type { DeflatorSeries } from './types.js';

/**
 * A value in `fromYear` prices restated in `toYear` prices: value × index(toYear) ÷ index(fromYear).
 * Throws an {@link AppraisalError} naming the missing year when the series lacks either year.
 */
export function uprate(value: number, fromYear: number, toYear: number, series: DeflatorSeries): number {
  if (fromYear === toYear) return value;
  const index = (year: number) => series.values.find((v) => v.year === year)?.index;
  const from = index(fromYear);
  const to = index(toYear);
  const missing = [from === undefined ? fromYear : null, to === undefined ? toYear : null].filter(
    (y): y is number => y !== null,
  );
  if (missing.length > 0) {
    throw new AppraisalError([
      {
        path: 'deflator.values',
        message: `the deflator series "${series.name}" has no index for ${missing.join(' or ')}; add ${missing.length === 1 ? 'that year' : 'those years'} to uprate from ${fromYear} to ${toYear} prices`,
      },
    ]);
  }
  if (!(from! > 0) || !(to! > 0)) {
    throw new AppraisalError([
      { path: 'deflator.values', message: `the deflator index for ${fromYear} and ${toYear} must be above 0` },
    ]);
  }
  return (value * to!) / from!;
}
