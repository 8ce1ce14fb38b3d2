/**
 * Agreement between two partitions of the same items: the adjusted Rand index (Hubert & Arabie,
 * 1985), 1 for identical groupings whatever the labels, about 0 for chance agreement.
 */

const choose2 = (n: number) => (n * (n - 1)) / 2;

/** Adjusted Rand index of two labelings; items labelled below 0 in either are left out. */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError('Both labelings must cover the same items.');
  const table = new Map<string, number>();
  const rowsA = new Map<number, number>();
  const colsB = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < 0 || y < 0) continue;
    n++;
    const key = `${x}:${y}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rowsA.set(x, (rowsA.get(x) ?? 0) + 1);
    colsB.set(y, (colsB.get(y) ?? 0) + 1);
  }
  if (n < 2) return 1;
  let index = 0;
  for (const v of table.values()) index += choose2(v);
  let sumA = 0;
  for (const v of rowsA.values()) sumA += choose2(v);
  let sumB = 0;
  for (const v of colsB.values()) sumB += choose2(v);
  const expected = (sumA * sumB) / choose2(n);
  const max = (sumA + sumB) / 2;
  // Both partitions trivial (all one group, or all singletons) and equal.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
