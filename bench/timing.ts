/** Timing for the benchmarks: warm-ups, then each call timed one at a time, as percentiles. */
import { performance } from 'node:perf_hooks';

/** The value at the p-th percentile of ascending times. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Times `n` calls of `fn` after `warmups`, printing p50, p95 and the slowest, to `digits` decimal places. */
export async function measure(
  name: string,
  n: number,
  fn: () => Promise<unknown>,
  { warmups = 3, digits = 1, width = 58 }: { warmups?: number; digits?: number; width?: number } = {},
): Promise<void> {
  for (let i = 0; i < warmups; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = (t: number) => `${t.toFixed(digits)} ms`;
  console.log(
    `${name.padEnd(width)} n=${String(n)}  p50 ${ms(percentile(times, 50))}  p95 ${ms(percentile(times, 95))}  max ${ms(times.at(-1) ?? 0)}`,
  );
}
