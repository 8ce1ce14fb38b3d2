import { AppraisalError } from './errors.js';
import type { DiscountSchedule } from './types.js';

/** The rate that applies in `year` under `schedule` (the band with the largest `fromYear` ≤ year). */
export function discountRateForYear(schedule: DiscountSchedule, year: number): number {
  let rate = schedule.bands[0]?.rate ?? 0;
  for (const band of schedule.bands) {
    if (band.fromYear <= year) rate = band.rate;
  }
  return rate;
}

/**
 * Discount factors for years 0 to `years` − 1. Year 0 is 1; each later year divides the year
 * before by (1 + that year's rate), so a change of band compounds on what came before rather than
 * restarting: the Green Book factor for year 31 is 1 / (1.035^30 × 1.03), not 1 / 1.03^31.
 */
export function discountFactors(schedule: DiscountSchedule, years: number): number[] {
  if (schedule.bands.length === 0 || schedule.bands[0]!.fromYear !== 0) {
    throw new AppraisalError([{ path: 'discountSchedule.bands', message: 'the first band must start at year 0' }]);
  }
  const factors: number[] = [];
  let factor = 1;
  let band = 0;
  for (let t = 0; t < years; t++) {
    while (band + 1 < schedule.bands.length && schedule.bands[band + 1]!.fromYear <= t) band++;
    if (t > 0) factor /= 1 + schedule.bands[band]!.rate;
    factors.push(factor);
  }
  return factors;
}
