/**
 * Which statement a participant sees next (issue 5, point 2). Polis's server
 * (`nextComment.ts` `selectProbabilistically`) draws one of the participant's unvoted, published
 * statements at random with probability proportional to its comment priority; a statement with
 * no priority yet (or 0) weighs 1, so new statements are seen before the maths has run.
 */

/**
 * Draw the next statement from `candidates` (the participant's unvoted, published statement ids)
 * weighted by `priorities`. `random` returns a number in [0, 1); pass a seeded one in tests.
 * Returns undefined when there is nothing left to vote on.
 */
export function pickNextStatement(
  candidates: readonly number[],
  priorities: Readonly<Record<number, number>>,
  random: () => number = Math.random,
): number | undefined {
  if (candidates.length === 0) return undefined;
  const cumulative: number[] = [];
  let total = 0;
  for (const id of candidates) {
    const p = priorities[id];
    total += p !== undefined && p > 0 && Number.isFinite(p) ? p : 1;
    cumulative.push(total);
  }
  const r = random() * total;
  const i = cumulative.findIndex((c) => c > r);
  return candidates[i === -1 ? candidates.length - 1 : i];
}
