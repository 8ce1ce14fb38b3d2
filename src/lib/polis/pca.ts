/**
 * Principal components of the votes matrix, as Polis computes them (pca.clj), and the
 * sparsity-aware projection of participants and statements onto them.
 *
 * Polis imputes each missing vote with its column's mean and centres the columns; a missing vote
 * then becomes exactly 0 after centring, so the centred matrix has the same sparsity as the votes
 * and X·v, Xᵀ·u cost one pass over the votes. Polis finds the two components by power iteration
 * with deflation; we find the same two eigenvectors of XᵀX by block (subspace) iteration with a
 * Rayleigh–Ritz step, which converges much faster, iterated until the residual is below a
 * tolerance rather than for a fixed 100 steps.
 */
import type { VoteMatrix } from './matrix.js';
import { seededRandom } from '../random.js';

export type PcaResult = {
  /** Column means (0 for excluded columns). */
  center: Float64Array;
  /** The first two principal components, unit length, 0 on excluded columns. */
  comps: [Float64Array, Float64Array];
  /** Eigenvalues of XᵀX for the two components (sums of squared scores). */
  eigenvalues: [number, number];
  /** Block iterations used. */
  iterations: number;
  /** Participants the components were fitted on: all of them, or a seeded sample above `sampleAbove`. */
  fittedRows: number;
  approximate: boolean;
};

export type PcaOptions = {
  /** Rows to use (default all participants, as Polis does); may repeat rows (bootstrap). */
  rows?: Int32Array;
  /** Stop when each component's relative residual ‖Av − λv‖/λ₁ is below this. */
  tolerance?: number;
  maxIterations?: number;
  seed?: number;
  /** Above this many rows, fit the components on a seeded random sample of `sampleSize` rows. */
  sampleAbove?: number;
  sampleSize?: number;
};

/** Above this many participants the components are fitted on a sample (see docs/conversations-analysis.md). */
export const PCA_SAMPLE_ABOVE = 25_000;

function allRows(m: VoteMatrix): Int32Array {
  const n = m.participantIds.length;
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/** Column means over the given rows, counting only votes cast (the imputation Polis uses). */
export function columnMeans(m: VoteMatrix, rows: Int32Array): Float64Array {
  const nC = m.statementIds.length;
  const sum = new Float64Array(nC);
  const cnt = new Float64Array(nC);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    for (let k = m.rowStart[r]!, e = m.rowStart[r + 1]!; k < e; k++) {
      const c = m.col[k]!;
      sum[c]! += m.value[k]!;
      cnt[c]!++;
    }
  }
  for (let c = 0; c < nC; c++) sum[c] = m.excluded[c] || cnt[c] === 0 ? 0 : sum[c]! / cnt[c]!;
  return sum;
}

/**
 * Y = XᵀX·Q for a block Q (nC × b, row-major), X the centred sparse rows. `keep[c]` is 0 for
 * excluded columns, so they contribute nothing without a branch in the inner loop. The common
 * block of 6 is unrolled: this loop is most of the analysis's time on large conversations.
 */
function multiplyBlock(
  m: VoteMatrix,
  rows: Int32Array,
  center: Float64Array,
  keep: Float64Array,
  q: Float64Array,
  b: number,
  y: Float64Array,
): void {
  y.fill(0);
  const { rowStart, col, value } = m;
  if (b === 6) {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const s = rowStart[r]!;
      const e = rowStart[r + 1]!;
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      let t4 = 0;
      let t5 = 0;
      for (let k = s; k < e; k++) {
        const c = col[k]!;
        const x = (value[k]! - center[c]!) * keep[c]!;
        const o = c * 6;
        t0 += x * q[o]!;
        t1 += x * q[o + 1]!;
        t2 += x * q[o + 2]!;
        t3 += x * q[o + 3]!;
        t4 += x * q[o + 4]!;
        t5 += x * q[o + 5]!;
      }
      for (let k = s; k < e; k++) {
        const c = col[k]!;
        const x = (value[k]! - center[c]!) * keep[c]!;
        const o = c * 6;
        y[o]! += x * t0;
        y[o + 1]! += x * t1;
        y[o + 2]! += x * t2;
        y[o + 3]! += x * t3;
        y[o + 4]! += x * t4;
        y[o + 5]! += x * t5;
      }
    }
    return;
  }
  const t = new Float64Array(b);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const s = rowStart[r]!;
    const e = rowStart[r + 1]!;
    t.fill(0);
    for (let k = s; k < e; k++) {
      const c = col[k]!;
      const x = (value[k]! - center[c]!) * keep[c]!;
      const o = c * b;
      for (let j = 0; j < b; j++) t[j]! += x * q[o + j]!;
    }
    for (let k = s; k < e; k++) {
      const c = col[k]!;
      const x = (value[k]! - center[c]!) * keep[c]!;
      const o = c * b;
      for (let j = 0; j < b; j++) y[o + j]! += x * t[j]!;
    }
  }
}

/** Modified Gram–Schmidt on the columns of a (n × b, row-major), twice for stability; refills collapsed columns at random. */
function orthonormalise(a: Float64Array, n: number, b: number, rand: () => number, mask: Uint8Array): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < b; j++) {
      for (let i = 0; i < j; i++) {
        let d = 0;
        for (let r = 0; r < n; r++) d += a[r * b + i]! * a[r * b + j]!;
        for (let r = 0; r < n; r++) a[r * b + j]! -= d * a[r * b + i]!;
      }
      let norm = 0;
      for (let r = 0; r < n; r++) norm += a[r * b + j]! ** 2;
      norm = Math.sqrt(norm);
      if (norm < 1e-300) {
        for (let r = 0; r < n; r++) a[r * b + j] = mask[r] ? 0 : rand() - 0.5;
        j--; // orthogonalise the refill against earlier columns
        continue;
      }
      for (let r = 0; r < n; r++) a[r * b + j]! /= norm;
    }
  }
}

/** Eigen-decomposition of a small symmetric matrix (b × b, row-major) by cyclic Jacobi; eigenvalues descending. */
export function symmetricEigen(s: Float64Array, b: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(s);
  const v = new Float64Array(b * b);
  for (let i = 0; i < b; i++) v[i * b + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < b; i++) for (let j = i + 1; j < b; j++) off += a[i * b + j]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < b; p++) {
      for (let q = p + 1; q < b; q++) {
        const apq = a[p * b + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * b + q]! - a[p * b + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < b; k++) {
          const akp = a[k * b + p]!;
          const akq = a[k * b + q]!;
          a[k * b + p] = c * akp - sn * akq;
          a[k * b + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < b; k++) {
          const apk = a[p * b + k]!;
          const aqk = a[q * b + k]!;
          a[p * b + k] = c * apk - sn * aqk;
          a[q * b + k] = sn * apk + c * aqk;
        }
        for (let k = 0; k < b; k++) {
          const vkp = v[k * b + p]!;
          const vkq = v[k * b + q]!;
          v[k * b + p] = c * vkp - sn * vkq;
          v[k * b + q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  const idx = Array.from({ length: b }, (_, i) => i).sort((i, j) => a[j * b + j]! - a[i * b + i]!);
  const values = Float64Array.from(idx, (i) => a[i * b + i]!);
  const vectors = new Float64Array(b * b);
  idx.forEach((src, dst) => {
    for (let k = 0; k < b; k++) vectors[k * b + dst] = v[k * b + src]!;
  });
  return { values, vectors };
}

/** Sample `size` distinct rows of `rows`, seeded (partial Fisher–Yates), keeping row order. */
function sampleRows(rows: Int32Array, size: number, rand: () => number): Int32Array {
  const a = Int32Array.from(rows);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a.subarray(0, size).sort();
}

/** The first two principal components of the imputed, centred votes matrix. */
export function pca(m: VoteMatrix, options: PcaOptions = {}): PcaResult {
  const nC = m.statementIds.length;
  const rand = seededRandom(options.seed ?? 1);
  const rows = options.rows ?? allRows(m);
  const center = columnMeans(m, rows);
  const sampleAbove = options.sampleAbove ?? PCA_SAMPLE_ABOVE;
  const approximate = rows.length > sampleAbove;
  const fitRows = approximate ? sampleRows(rows, options.sampleSize ?? sampleAbove, rand) : rows;

  let active = 0;
  for (let c = 0; c < nC; c++) if (!m.excluded[c]) active++;
  const b = Math.min(6, active);
  const comps: [Float64Array, Float64Array] = [new Float64Array(nC), new Float64Array(nC)];
  if (b === 0 || fitRows.length === 0)
    return { center, comps, eigenvalues: [0, 0], iterations: 0, fittedRows: fitRows.length, approximate };

  const tol = options.tolerance ?? 1e-10;
  const maxIt = options.maxIterations ?? 1000;
  const q = new Float64Array(nC * b);
  for (let c = 0; c < nC; c++) if (!m.excluded[c]) for (let j = 0; j < b; j++) q[c * b + j] = rand() - 0.5;
  orthonormalise(q, nC, b, rand, m.excluded);
  const y = new Float64Array(nC * b);
  const keep = Float64Array.from(m.excluded, (x) => (x ? 0 : 1));
  let values: Float64Array = new Float64Array(b);
  let it = 0;
  for (; it < maxIt; it++) {
    multiplyBlock(m, fitRows, center, keep, q, b, y);
    // Rayleigh–Ritz: H = QᵀAQ, rotate Q and AQ by H's eigenvectors.
    const h = new Float64Array(b * b);
    for (let i = 0; i < b; i++)
      for (let j = 0; j < b; j++) {
        let d = 0;
        for (let c = 0; c < nC; c++) d += q[c * b + i]! * y[c * b + j]!;
        h[i * b + j] = d;
      }
    for (let i = 0; i < b; i++)
      for (let j = 0; j < i; j++) h[i * b + j] = h[j * b + i] = (h[i * b + j]! + h[j * b + i]!) / 2;
    const eig = symmetricEigen(h, b);
    values = eig.values;
    const u = new Float64Array(nC * b);
    const au = new Float64Array(nC * b);
    for (let c = 0; c < nC; c++)
      for (let j = 0; j < b; j++) {
        let su = 0;
        let sa = 0;
        for (let k = 0; k < b; k++) {
          su += q[c * b + k]! * eig.vectors[k * b + j]!;
          sa += y[c * b + k]! * eig.vectors[k * b + j]!;
        }
        u[c * b + j] = su;
        au[c * b + j] = sa;
      }
    const scale = Math.abs(values[0]!) || 1;
    let worst = 0;
    for (let j = 0; j < Math.min(2, b); j++) {
      let res = 0;
      for (let c = 0; c < nC; c++) res += (au[c * b + j]! - values[j]! * u[c * b + j]!) ** 2;
      worst = Math.max(worst, Math.sqrt(res) / scale);
    }
    for (let c = 0; c < nC; c++) for (let j = 0; j < Math.min(2, b); j++) comps[j]![c] = u[c * b + j]!;
    if (worst < tol || values[0] === 0) {
      it++;
      break;
    }
    q.set(au);
    orthonormalise(q, nC, b, rand, m.excluded);
  }
  // A fixed sign (largest entry positive) so repeated runs agree; Polis's sign is arbitrary.
  for (const v of comps) {
    let big = 0;
    for (let c = 0; c < nC; c++) if (Math.abs(v[c]!) > Math.abs(big) + 1e-12) big = v[c]!;
    if (big < 0) for (let c = 0; c < nC; c++) v[c] = -v[c]!;
  }
  return {
    center,
    comps,
    eigenvalues: [values[0] ?? 0, values[1] ?? 0],
    iterations: it,
    fittedRows: fitRows.length,
    approximate,
  };
}

/**
 * Polis's sparsity-aware projection (pca.clj `sparsity-aware-project-ptpt`): the dot product of a
 * participant's centred votes with each component, over the votes they cast, scaled by
 * √(statements / votes cast) so that people who voted on little are not all drawn at the centre.
 * As in Polis, the columns of excluded statements are zeroed for everyone and so count as voted.
 * Returns x and y interleaved (2 per row).
 */
export function projectParticipants(m: VoteMatrix, p: PcaResult, rows?: Int32Array): Float64Array {
  const rs = rows ?? allRows(m);
  const nC = m.statementIds.length;
  let nExcluded = 0;
  for (let c = 0; c < nC; c++) if (m.excluded[c]) nExcluded++;
  const [pc1, pc2] = p.comps;
  const out = new Float64Array(rs.length * 2);
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i]!;
    let x = 0;
    let y = 0;
    let n = nExcluded;
    for (let k = m.rowStart[r]!, e = m.rowStart[r + 1]!; k < e; k++) {
      const c = m.col[k]!;
      if (m.excluded[c]) continue;
      const d = m.value[k]! - p.center[c]!;
      x += d * pc1[c]!;
      y += d * pc2[c]!;
      n++;
    }
    const s = Math.sqrt(nC / Math.max(n, 1));
    out[2 * i] = x * s;
    out[2 * i + 1] = y * s;
  }
  return out;
}

/**
 * Where a participant who agreed with only statement j would sit (pca.clj `pca-project-cmnts`),
 * and its distance from the centre, the statement's "extremity" used by comment priority.
 */
export function projectStatements(
  m: VoteMatrix,
  p: PcaResult,
): { x: Float64Array; y: Float64Array; extremity: Float64Array } {
  const nC = m.statementIds.length;
  const x = new Float64Array(nC);
  const y = new Float64Array(nC);
  const extremity = new Float64Array(nC);
  const s = Math.sqrt(nC);
  for (let c = 0; c < nC; c++) {
    const d = 1 - p.center[c]!;
    x[c] = d * p.comps[0][c]! * s;
    y[c] = d * p.comps[1][c]! * s;
    extremity[c] = Math.hypot(x[c]!, y[c]!);
  }
  return { x, y, extremity };
}
