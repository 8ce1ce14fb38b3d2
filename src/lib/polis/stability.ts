/**
 * How far to trust the groups (issue 5, point 7). Polis's groups can flip between k = 2 and
 * k = 3 on small margins and its reports do not say so. We bootstrap: resample the participants
 * with replacement (seeded), rerun the projection and grouping from scratch, and count how often
 * the same number of groups comes back and how often each participant stays with the people it
 * was grouped with.
 */
import { adjustedRandIndex } from './compare.js';
import { clusterRows } from './clusters.js';
import type { VoteMatrix } from './matrix.js';
import { pca, projectParticipants, type PcaOptions } from './pca.js';
import { seededRandom } from '../random.js';

export type StabilityOptions = {
  /** Number of bootstrap resamples (default 30). */
  resamples?: number;
  seed?: number;
  /** Forced number of groups, as in the main run. */
  groups?: number;
  restarts?: number;
  pca?: Omit<PcaOptions, 'rows'>;
};

export type Stability = {
  resamples: number;
  /** Share of resamples that chose each number of groups. */
  kFrequency: Record<number, number>;
  /** Share of resamples that found the same number of groups as the full analysis. */
  kAgreement: number;
  /**
   * For each matrix row (−1 when not grouped): the share of its group-mates, over the resamples
   * that drew both, that were grouped with it again.
   */
  coAssignment: Float64Array;
  medianCoAssignment: number;
  /** Mean adjusted Rand index between each resample's groups and the full analysis's, on the participants drawn. */
  meanAdjustedRand: number;
  /** True when kAgreement ≥ 0.8 and meanAdjustedRand ≥ 0.8 (see docs/conversations-analysis.md). */
  stable: boolean;
  /** One plain-English sentence for the report. */
  verdict: string;
};

/** Thresholds for calling the groups stable. */
export const STABLE_K_AGREEMENT = 0.8;
export const STABLE_ADJUSTED_RAND = 0.8;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Bootstrap the grouping `groupOfRow` (group index 0 … nGroups − 1 per matrix row, −1 = not grouped). */
export function bootstrapStability(
  m: VoteMatrix,
  groupOfRow: Int32Array,
  nGroups: number,
  options: StabilityOptions = {},
): Stability {
  const resamples = options.resamples ?? 30;
  const rand = seededRandom((options.seed ?? 1) * 104729 + 17);
  const nRows = m.participantIds.length;
  const kCount = new Map<number, number>();
  const stay = new Float64Array(nRows);
  const present = new Float64Array(nRows);
  let ariSum = 0;
  for (let b = 0; b < resamples; b++) {
    const rows = new Int32Array(nRows);
    for (let i = 0; i < nRows; i++) rows[i] = Math.floor(rand() * nRows);
    rows.sort();
    const p = pca(m, { ...options.pca, rows, seed: (options.seed ?? 1) + b + 1 });
    const inRows = rows.filter((r) => groupOfRow[r]! >= 0);
    if (inRows.length === 0) continue;
    const proj = projectParticipants(m, p, inRows);
    const { base, grouping } = clusterRows(proj, {
      groups: options.groups,
      seed: (options.seed ?? 1) + b + 1,
      restarts: options.restarts,
    });
    kCount.set(grouping.k, (kCount.get(grouping.k) ?? 0) + 1);
    // Label of each distinct drawn participant (copies share a point, hence a cluster).
    const label = new Int32Array(nRows).fill(-1);
    inRows.forEach((r, i) => (label[r] = grouping.assignment[base.assignment[i]!]!));
    const table = new Float64Array(nGroups * grouping.k);
    const groupTotal = new Float64Array(nGroups);
    const orig: number[] = [];
    const boot: number[] = [];
    for (let r = 0; r < nRows; r++) {
      if (label[r]! < 0) continue;
      const g = groupOfRow[r]!;
      table[g * grouping.k + label[r]!]!++;
      groupTotal[g]!++;
      orig.push(g);
      boot.push(label[r]!);
    }
    for (let r = 0; r < nRows; r++) {
      if (label[r]! < 0) continue;
      const g = groupOfRow[r]!;
      const mates = groupTotal[g]! - 1;
      if (mates <= 0) continue;
      stay[r]! += (table[g * grouping.k + label[r]!]! - 1) / mates;
      present[r]!++;
    }
    ariSum += adjustedRandIndex(orig, boot);
  }
  const coAssignment = new Float64Array(nRows).fill(-1);
  const values: number[] = [];
  for (let r = 0; r < nRows; r++)
    if (groupOfRow[r]! >= 0 && present[r]! > 0) {
      coAssignment[r] = stay[r]! / present[r]!;
      values.push(coAssignment[r]!);
    }
  values.sort((a, b) => a - b);
  const median = values.length ? (values[(values.length - 1) >> 1]! + values[values.length >> 1]!) / 2 : 0;
  const kFrequency = Object.fromEntries([...kCount].sort((a, b) => a[0] - b[0]).map(([k, n]) => [k, n / resamples]));
  const kAgreement = (kCount.get(nGroups) ?? 0) / resamples;
  const meanAdjustedRand = resamples ? ariSum / resamples : 0;
  const stable = kAgreement >= STABLE_K_AGREEMENT && meanAdjustedRand >= STABLE_ADJUSTED_RAND;
  const again = `In ${kCount.get(nGroups) ?? 0} of ${resamples} resamples the analysis found ${nGroups} groups again, and participants stayed with a median of ${pct(median)} of their group`;
  const verdict = stable
    ? `Stable. ${again}.`
    : `Not stable: treat these groups with care. ${again}; the groupings agreed with this one ${pct(meanAdjustedRand)} of the way (adjusted Rand index).`;
  return {
    resamples,
    kFrequency,
    kAgreement,
    coAssignment,
    medianCoAssignment: median,
    meanAdjustedRand,
    stable,
    verdict,
  };
}
