/**
 * Opinion groups as Polis finds them (clusters.clj, conversation.clj): k-means with k = 100 over
 * the in-conversation participants' projections gives "base clusters"; weighted k-means over the
 * base clusters' centres (weights = members) for k = 2 … max-k gives candidate groupings, and the
 * one with the best silhouette wins. Points are 2-D, stored interleaved (x0, y0, x1, y1, …).
 */
import { seededRandom } from '../random.js';

/** Polis's number of base clusters. */
export const BASE_K = 100;
/** Polis never makes more than this many groups. */
export const MAX_GROUPS = 5;

export type KMeansResult = {
  /** Cluster of each point (0 … k−1). */
  assignment: Int32Array;
  /** Centres, interleaved x, y. */
  centers: Float64Array;
  k: number;
  /** Weighted sum of squared distances to the assigned centre. */
  inertia: number;
  iterations: number;
};

function nearest(points: Float64Array, i: number, centers: Float64Array, k: number): number {
  const x = points[2 * i]!;
  const y = points[2 * i + 1]!;
  let best = 0;
  let bestD = Infinity;
  for (let c = 0; c < k; c++) {
    const dx = x - centers[2 * c]!;
    const dy = y - centers[2 * c + 1]!;
    const d = dx * dx + dy * dy;
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/**
 * Lloyd's k-means from the given initial centres (interleaved). As in Polis, a cluster left
 * empty is dropped, and iteration stops when no centre moved by `tolerance` or more (Polis's
 * `same-clustering?`, 0.01), when no point changed cluster, or after `maxIterations`.
 */
export function kmeans(
  points: Float64Array,
  initial: Float64Array,
  options: { weights?: Float64Array; maxIterations?: number; tolerance?: number } = {},
): KMeansResult {
  const n = points.length / 2;
  let k = initial.length / 2;
  let centers = Float64Array.from(initial);
  const w = options.weights;
  const assignment = new Int32Array(n).fill(-1);
  const maxIt = options.maxIterations ?? 100;
  let it = 0;
  for (; it < maxIt; it++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      const c = nearest(points, i, centers, k);
      if (c !== assignment[i]) {
        assignment[i] = c;
        changed = true;
      }
    }
    const sx = new Float64Array(k);
    const sy = new Float64Array(k);
    const sw = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const c = assignment[i]!;
      const wi = w ? w[i]! : 1;
      sx[c]! += wi * points[2 * i]!;
      sy[c]! += wi * points[2 * i + 1]!;
      sw[c]! += wi;
    }
    // Drop empty clusters (Polis does the same) and renumber.
    const remap = new Int32Array(k).fill(-1);
    const next: number[] = [];
    for (let c = 0; c < k; c++)
      if (sw[c]! > 0) {
        remap[c] = next.length / 2;
        next.push(sx[c]! / sw[c]!, sy[c]! / sw[c]!);
      }
    if (next.length / 2 !== k) {
      for (let i = 0; i < n; i++) assignment[i] = remap[assignment[i]!]!;
      changed = true;
    }
    let moved = next.length / 2 !== k;
    const tol = options.tolerance ?? 0.01;
    for (let c = 0; !moved && c < k; c++)
      moved = Math.hypot(next[2 * c]! - centers[2 * c]!, next[2 * c + 1]! - centers[2 * c + 1]!) >= tol;
    k = next.length / 2;
    centers = Float64Array.from(next);
    if ((!changed || !moved) && it > 0) break;
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const c = assignment[i]!;
    const dx = points[2 * i]! - centers[2 * c]!;
    const dy = points[2 * i + 1]! - centers[2 * c + 1]!;
    inertia += (w ? w[i]! : 1) * (dx * dx + dy * dy);
  }
  return { assignment, centers, k, inertia, iterations: it };
}

/** Polis's initialisation: the first k distinct points, in order. */
export function firstDistinct(points: Float64Array, k: number): Float64Array {
  const out: number[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < points.length / 2 && out.length / 2 < k; i++) {
    const key = `${points[2 * i]},${points[2 * i + 1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(points[2 * i]!, points[2 * i + 1]!);
  }
  return Float64Array.from(out);
}

/** Seeded weighted k-means++ initialisation. */
export function kmeansPlusPlus(
  points: Float64Array,
  k: number,
  rand: () => number,
  weights?: Float64Array,
): Float64Array {
  const n = points.length / 2;
  const d2 = new Float64Array(n).fill(Infinity);
  const out: number[] = [];
  const pick = (i: number) => {
    out.push(points[2 * i]!, points[2 * i + 1]!);
    for (let j = 0; j < n; j++) {
      const dx = points[2 * j]! - points[2 * i]!;
      const dy = points[2 * j + 1]! - points[2 * i + 1]!;
      d2[j] = Math.min(d2[j]!, dx * dx + dy * dy);
    }
  };
  let total = 0;
  for (let j = 0; j < n; j++) total += weights ? weights[j]! : 1;
  let r = rand() * total;
  let first = 0;
  for (; first < n - 1; first++) if ((r -= weights ? weights[first]! : 1) <= 0) break;
  pick(first);
  while (out.length / 2 < k) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += d2[j]! * (weights ? weights[j]! : 1);
    if (sum === 0) break; // fewer distinct points than k
    r = rand() * sum;
    let j = 0;
    for (; j < n - 1; j++) if ((r -= d2[j]! * (weights ? weights[j]! : 1)) <= 0) break;
    pick(j);
  }
  return Float64Array.from(out);
}

/** Base clusters: Polis's k-means with k = 100, initialised on the first 100 distinct points. */
export function baseClusters(points: Float64Array, k = BASE_K): KMeansResult {
  return kmeans(points, firstDistinct(points, k), { maxIterations: 100 });
}

/**
 * Mean silhouette over the points (Polis averages over base clusters, unweighted). A point alone
 * in its cluster scores 0, as in clusters.clj.
 */
export function silhouette(points: Float64Array, assignment: Int32Array, k: number): number {
  const n = points.length / 2;
  if (k < 2 || n < 2) return 0;
  const size = new Int32Array(k);
  for (let i = 0; i < n; i++) size[assignment[i]!]!++;
  let total = 0;
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const own = assignment[i]!;
    if (size[own] === 1) continue;
    sums.fill(0);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      sums[assignment[j]!]! += Math.hypot(points[2 * i]! - points[2 * j]!, points[2 * i + 1]! - points[2 * j + 1]!);
    }
    const a = sums[own]! / (size[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && size[c]! > 0) b = Math.min(b, sums[c]! / size[c]!);
    if (b === Infinity) continue;
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return total / n;
}

/** Polis's largest k to try: min(5, 2 + ⌊base clusters / 12⌋). */
export function maxGroups(nBase: number): number {
  return Math.min(MAX_GROUPS, 2 + Math.floor(nBase / 12));
}

export type GroupClustering = {
  k: number;
  /** Group of each base cluster. */
  assignment: Int32Array;
  centers: Float64Array;
  silhouette: number;
};

export type GroupOptions = {
  /** Force this many groups instead of choosing by silhouette. */
  k?: number;
  seed?: number;
  /**
   * Seeded k-means++ restarts besides Polis's own start; the lowest weighted inertia wins. Default 0:
   * Polis's own start reproduces its published groups better (docs/conversations-analysis.md).
   */
  restarts?: number;
};

/**
 * Group the base clusters for each k = 2 … max-k (or the forced k) by weighted k-means and keep
 * the k with the best silhouette (a tie goes to the larger k, as Clojure's max-key does). Polis
 * warm-starts from its previous run; from scratch we start as Polis itself does from nothing
 * (the first k distinct centres), optionally adding seeded k-means++ starts.
 */
export function groupClusters(
  centers: Float64Array,
  weights: Float64Array,
  options: GroupOptions = {},
): {
  best: GroupClustering;
  byK: GroupClustering[];
} {
  const nBase = centers.length / 2;
  const ks = options.k ? [options.k] : range(2, maxGroups(nBase));
  const byK: GroupClustering[] = [];
  for (const k of ks) {
    if (k > nBase) continue;
    const rand = seededRandom((options.seed ?? 1) * 7919 + k);
    const starts = [firstDistinct(centers, k)];
    for (let s = 0; s < (options.restarts ?? 0); s++) starts.push(kmeansPlusPlus(centers, k, rand, weights));
    let best: KMeansResult | undefined;
    for (const start of starts) {
      if (start.length / 2 < k) continue;
      const res = kmeans(centers, start, { weights, maxIterations: 100 });
      if (!best || res.k > best.k || (res.k === best.k && res.inertia < best.inertia - 1e-9)) best = res;
    }
    if (!best) continue;
    byK.push({
      k: best.k,
      assignment: best.assignment,
      centers: best.centers,
      silhouette: silhouette(centers, best.assignment, best.k),
    });
  }
  if (byK.length === 0) {
    // One base cluster (or none): everyone in one group.
    return {
      best: { k: 1, assignment: new Int32Array(nBase), centers: centers.slice(0, 2), silhouette: 0 },
      byK,
    };
  }
  let best = byK[0]!;
  for (const g of byK) if (g.silhouette >= best.silhouette) best = g;
  return { best, byK };
}

/** Groups of the given rows from scratch: projection, base clusters, grouping. Shared with the bootstrap. */
export function clusterRows(
  projection: Float64Array,
  options: { groups?: number; seed?: number; restarts?: number },
): { base: KMeansResult; grouping: GroupClustering; byK: GroupClustering[] } {
  const base = baseClusters(projection);
  const weights = new Float64Array(base.k);
  for (let i = 0; i < base.assignment.length; i++) weights[base.assignment[i]!]!++;
  const { best, byK } = groupClusters(base.centers, weights, {
    k: options.groups,
    seed: options.seed,
    restarts: options.restarts,
  });
  return { base, grouping: best, byK };
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}
