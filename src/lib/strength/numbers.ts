/**
 * Small number helpers shared by the strength library (not part of its public API). Every value
 * that is not a finite number (null, undefined, NaN, ±Infinity) counts as unknown, so unknown
 * inputs can never turn into NaN in a result.
 */

/** True for a finite number; null, undefined, NaN and ±Infinity are unknown. */
export function isKnown(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The arithmetic mean; null for an empty list. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * The population standard deviation, √(Σ(x − mean)² / n): the spread of the wards we have, not an
 * estimate for a wider population, so n rather than n − 1. Null for an empty list.
 */
export function populationSd(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null) return null;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / values.length);
}

/** The median: the middle value, or the mean of the two middle values; null for an empty list. */
export function median(values: readonly number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return null;
  const upper = sorted[Math.floor(n / 2)] ?? 0;
  const lower = sorted[Math.floor((n - 1) / 2)] ?? 0;
  return (lower + upper) / 2;
}

/**
 * True when two computed numbers differ only by rounding in the last few binary places, so two
 * wards with the same inputs always tie however the sums were ordered.
 */
export function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
