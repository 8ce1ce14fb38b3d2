import type { AppraisalResult } from './types.js';

/** Pounds (as in an appraisal file) to integer pence (as the database stores money), rounding half away from zero. */
export function poundsToPence(pounds: number): number {
  // toPrecision first, so £1.005 (stored as 1.00499…) becomes 101p as a person would expect.
  const pence = Math.round(Number((Math.abs(pounds) * 100).toPrecision(12)));
  return pounds < 0 ? -pence : pence;
}

/** Integer pence to pounds. */
export function penceToPounds(pence: number): number {
  return pence / 100;
}

const RATIO_KEYS = new Set(['financialRoi', 'sroi', 'cashableRoi', 'sroiAtLow', 'sroiAtHigh']);
const EXACT_KEYS = new Set([
  'discountFactor',
  'discountRate',
  'rate',
  'optimismBias',
  'factor',
  'central',
  'lowValue',
  'highValue',
]);

function roundDeep(value: unknown, key: string): unknown {
  if (typeof value === 'number') {
    if (EXACT_KEYS.has(key) || Number.isInteger(value)) return value;
    const places = RATIO_KEYS.has(key) ? 4 : 2;
    const p = 10 ** places;
    const rounded = Math.round(value * p) / p;
    return Object.is(rounded, -0) ? 0 : rounded;
  }
  if (Array.isArray(value)) return value.map((v) => roundDeep(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v, k)]));
  }
  return value;
}

/**
 * A copy of a result for people and files: money to the penny and ratios to 4 decimal places;
 * discount factors, rates and the assumptions behind sensitivity rows are left exact.
 * Sums of rounded figures may differ from rounded sums by a penny.
 */
export function roundResult(result: AppraisalResult): AppraisalResult {
  return roundDeep(result, '') as AppraisalResult;
}
