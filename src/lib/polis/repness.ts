/**
 * What each group believes and what nearly everyone agrees on, as Polis computes them
 * (repness.clj, stats.clj, conversation.clj): representative statements per group, consensus
 * statements, group-aware consensus and comment priority. All counts come from one pass over the
 * votes; the statistics use Polis's pseudocounts (+1 success, +2 trials) and one-sided z-tests
 * at 90% (z > 1.2816).
 */
import type { VoteMatrix } from './matrix.js';

/** Polis's one-sided 90% critical value. */
export const Z_90 = 1.2816;

/** Whether a z statistic is significant at 90% (one-sided, greater). */
export function zSig90(z: number): boolean {
  return z > Z_90;
}

/** One-proportion z-test against 1/2 with a pseudocount (stats.clj `prop-test`). */
export function propTest(successes: number, trials: number): number {
  const s = successes + 1;
  const n = trials + 1;
  return 2 * Math.sqrt(n) * (s / n - 0.5);
}

/** Two-proportion z-test, in-group against out-group, with pseudocounts (stats.clj `two-prop-test`). */
export function twoPropTest(succIn: number, succOut: number, popIn: number, popOut: number): number {
  const s1 = succIn + 1;
  const s2 = succOut + 1;
  const n1 = popIn + 1;
  const n2 = popOut + 1;
  const pi1 = s1 / n1;
  const pi2 = s2 / n2;
  const piHat = (s1 + s2) / (n1 + n2);
  if (piHat === 1) return 0;
  return (pi1 - pi2) / Math.sqrt(piHat * (1 - piHat) * (1 / n1 + 1 / n2));
}

/** Agree, disagree and seen (any vote) counts per group and statement: index g * nStatements + c. */
export type GroupCounts = {
  nGroups: number;
  nStatements: number;
  agree: Int32Array;
  disagree: Int32Array;
  seen: Int32Array;
};

/** Count votes per group; `group[r]` is the group of row r, or −1 for participants in no group. */
export function countByGroup(m: VoteMatrix, group: Int32Array, nGroups: number): GroupCounts {
  const nC = m.statementIds.length;
  const agree = new Int32Array(nGroups * nC);
  const disagree = new Int32Array(nGroups * nC);
  const seen = new Int32Array(nGroups * nC);
  for (let r = 0; r < group.length; r++) {
    const g = group[r]!;
    if (g < 0) continue;
    const o = g * nC;
    for (let k = m.rowStart[r]!, e = m.rowStart[r + 1]!; k < e; k++) {
      const c = m.col[k]!;
      const v = m.value[k]!;
      seen[o + c]!++;
      if (v > 0) agree[o + c]!++;
      else if (v < 0) disagree[o + c]!++;
    }
  }
  return { nGroups, nStatements: nC, agree, disagree, seen };
}

/** A group's statistics for one statement (the keys of repness.clj: n, p = probability, r = repness, t = test, a/d/s). */
export type CommentStats = {
  na: number;
  nd: number;
  ns: number;
  pa: number;
  pd: number;
  pat: number;
  pdt: number;
  ra: number;
  rd: number;
  rat: number;
  rdt: number;
};

/** Statistics of every group for every statement: index g * nStatements + c. */
export function groupCommentStats(counts: GroupCounts): CommentStats[] {
  const { nGroups, nStatements: nC, agree, disagree, seen } = counts;
  const totalA = new Float64Array(nC);
  const totalD = new Float64Array(nC);
  const totalS = new Float64Array(nC);
  for (let g = 0; g < nGroups; g++)
    for (let c = 0; c < nC; c++) {
      totalA[c]! += agree[g * nC + c]!;
      totalD[c]! += disagree[g * nC + c]!;
      totalS[c]! += seen[g * nC + c]!;
    }
  const out: CommentStats[] = [];
  for (let g = 0; g < nGroups; g++)
    for (let c = 0; c < nC; c++) {
      const i = g * nC + c;
      const na = agree[i]!;
      const nd = disagree[i]!;
      const ns = seen[i]!;
      // "Rest" is the other groups together (not everyone else), as in repness.clj.
      const ra = totalA[c]! - na;
      const rd = totalD[c]! - nd;
      const rs = totalS[c]! - ns;
      const pa = (1 + na) / (2 + ns);
      const pd = (1 + nd) / (2 + ns);
      out.push({
        na,
        nd,
        ns,
        pa,
        pd,
        pat: propTest(na, ns),
        pdt: propTest(nd, ns),
        ra: pa / ((1 + ra) / (2 + rs)),
        rd: pd / ((1 + rd) / (2 + rs)),
        rat: twoPropTest(na, ra, ns, rs),
        rdt: twoPropTest(nd, rd, ns, rs),
      });
    }
  return out;
}

/** A representative statement of a group, in Polis's shape. */
export type RepStatement = {
  statementId: number;
  repfulFor: 'agree' | 'disagree';
  nSuccess: number;
  nTrials: number;
  pSuccess: number;
  pTest: number;
  /** How much likelier the group is to vote this way than the other groups. */
  repness: number;
  /** The two-proportion z statistic, rounded to single precision as Polis stores it. */
  repnessTest: number;
  /** Set on the statement the group most agrees with (always listed first). */
  bestAgree?: true;
  nAgree?: number;
};

function finalize(statementId: number, s: CommentStats): RepStatement {
  const agree = s.rat > s.rdt;
  return {
    statementId,
    repfulFor: agree ? 'agree' : 'disagree',
    nSuccess: agree ? s.na : s.nd,
    nTrials: s.ns,
    pSuccess: agree ? s.pa : s.pd,
    pTest: agree ? s.pat : s.pdt,
    repness: agree ? s.ra : s.rd,
    repnessTest: Math.fround(agree ? s.rat : s.rdt),
  };
}

function passesByTest(s: CommentStats): boolean {
  return (zSig90(s.rat) && zSig90(s.pat)) || (zSig90(s.rdt) && zSig90(s.pdt));
}

function beatsBestAgree(s: CommentStats, best: CommentStats | undefined): boolean {
  if (s.na === 0 && s.nd === 0) return false;
  if (best && best.ra > 1) return s.ra * s.rat * s.pa * s.pat > best.ra * best.rat * best.pa * best.pat;
  if (best) return s.pa * s.pat > best.pa * best.pat;
  return zSig90(s.pat) || (s.ra > 1 && s.pa > 0.5);
}

const repnessMetric = (r: RepStatement) => r.repness * r.repnessTest * r.pSuccess * r.pTest;

/**
 * Representative statements of each group (repness.clj `select-rep-comments`): those passing
 * both z-tests for agree or for disagree, sorted by repness × its test × probability × its test,
 * with the group's best "agree" statement first, at most 5, agrees before disagrees. A group with
 * none passing gets its single best statement. Excluded statements are never chosen.
 */
export function selectRepness(m: VoteMatrix, stats: CommentStats[], nGroups: number, limit = 5): RepStatement[][] {
  const nC = m.statementIds.length;
  const out: RepStatement[][] = [];
  for (let g = 0; g < nGroups; g++) {
    const sufficient: RepStatement[] = [];
    let best: RepStatement | undefined;
    let bestAgree: { c: number; s: CommentStats } | undefined;
    for (let c = 0; c < nC; c++) {
      if (m.excluded[c]) continue;
      const s = stats[g * nC + c]!;
      const id = m.statementIds[c]!;
      if (passesByTest(s)) sufficient.push(finalize(id, s));
      if (sufficient.length === 0 && (!best || Math.max(s.rat, s.rdt) > best.repnessTest)) best = finalize(id, s);
      if (beatsBestAgree(s, bestAgree?.s)) bestAgree = { c, s };
    }
    const head: RepStatement | undefined = bestAgree
      ? { ...finalize(m.statementIds[bestAgree.c]!, bestAgree.s), nAgree: bestAgree.s.na, bestAgree: true }
      : undefined;
    if (sufficient.length === 0) {
      out.push(head ? [head] : best ? [best] : []);
      continue;
    }
    const sorted = sufficient
      .filter((r) => r.statementId !== head?.statementId)
      .map((r, i) => ({ r, i, metric: repnessMetric(r) }))
      .sort((a, b) => b.metric - a.metric || a.i - b.i)
      .map((x) => x.r);
    const chosen = (head ? [head, ...sorted] : sorted).slice(0, limit);
    out.push([...chosen.filter((r) => r.repfulFor === 'agree'), ...chosen.filter((r) => r.repfulFor === 'disagree')]);
  }
  return out;
}

/** A consensus statement in Polis's shape. */
export type ConsensusStatement = {
  statementId: number;
  nSuccess: number;
  nTrials: number;
  pSuccess: number;
  pTest: number;
};

/**
 * Consensus statements (repness.clj `select-consensus-comments`) over everyone who voted: those
 * most participants agree (or disagree) with, p > 0.5 and significant at 90%, ranked by
 * p × its z statistic, at most 5 each way. Excluded statements are never chosen.
 */
export function selectConsensus(
  m: VoteMatrix,
  rows?: Int32Array,
  limit = 5,
): { agree: ConsensusStatement[]; disagree: ConsensusStatement[] } {
  const group = new Int32Array(m.participantIds.length).fill(rows ? -1 : 0);
  if (rows) for (const r of rows) group[r] = 0;
  const counts = countByGroup(m, group, 1);
  const agree: (ConsensusStatement & { metric: number; c: number })[] = [];
  const disagree: (ConsensusStatement & { metric: number; c: number })[] = [];
  for (let c = 0; c < counts.nStatements; c++) {
    if (m.excluded[c]) continue;
    const na = counts.agree[c]!;
    const nd = counts.disagree[c]!;
    const ns = counts.seen[c]!;
    const pa = (1 + na) / (2 + ns);
    const pd = (1 + nd) / (2 + ns);
    const pat = propTest(na, ns);
    const pdt = propTest(nd, ns);
    const statementId = m.statementIds[c]!;
    if (pa > 0.5 && zSig90(pat))
      agree.push({ statementId, nSuccess: na, nTrials: ns, pSuccess: pa, pTest: pat, metric: pa * pat, c });
    if (pd > 0.5 && zSig90(pdt))
      disagree.push({ statementId, nSuccess: nd, nTrials: ns, pSuccess: pd, pTest: pdt, metric: pd * pdt, c });
  }
  const top = (list: typeof agree) =>
    list
      .sort((a, b) => b.metric - a.metric || a.c - b.c)
      .slice(0, limit)
      .map(({ statementId, nSuccess, nTrials, pSuccess, pTest }) => ({
        statementId,
        nSuccess,
        nTrials,
        pSuccess,
        pTest,
      }));
  return { agree: top(agree), disagree: top(disagree) };
}

/**
 * Group-aware consensus (conversation.clj): for each statement, the product over groups of the
 * probability that a member agrees, (A + 1) / (S + 2). High only when every group agrees.
 * Also returned for disagree, which Polis's clients compute the same way.
 */
export function groupAwareConsensus(counts: GroupCounts): { agree: Float64Array; disagree: Float64Array } {
  const { nGroups, nStatements: nC } = counts;
  const agree = new Float64Array(nC).fill(1);
  const disagree = new Float64Array(nC).fill(1);
  for (let g = 0; g < nGroups; g++)
    for (let c = 0; c < nC; c++) {
      const i = g * nC + c;
      agree[c]! *= (counts.agree[i]! + 1) / (counts.seen[i]! + 2);
      disagree[c]! *= (counts.disagree[i]! + 1) / (counts.seen[i]! + 2);
    }
  return { agree, disagree };
}

/** Priority given to meta statements before squaring (conversation.clj `meta-priority`). */
export const META_PRIORITY = 7;

/**
 * Comment priority (conversation.clj `priority-metric`), which decides which statement a
 * participant sees next: ((1 − p_pass) · (E + 1) · p_agree · (1 + 8 · 2^(−S/5)))², with
 * p_x = (x + 1) / (S + 2) over the grouped participants' votes and E the statement's extremity;
 * meta statements get 7² = 49.
 */
export function commentPriorities(m: VoteMatrix, counts: GroupCounts, extremity: Float64Array): Float64Array {
  const nC = m.statementIds.length;
  const out = new Float64Array(nC);
  for (let c = 0; c < nC; c++) {
    if (m.meta[c]) {
      out[c] = META_PRIORITY ** 2;
      continue;
    }
    let a = 0;
    let d = 0;
    let s = 0;
    for (let g = 0; g < counts.nGroups; g++) {
      a += counts.agree[g * nC + c]!;
      d += counts.disagree[g * nC + c]!;
      s += counts.seen[g * nC + c]!;
    }
    const p = (s - a - d + 1) / (s + 2);
    const pa = (a + 1) / (s + 2);
    const importance = (1 - p) * (extremity[c]! + 1) * pa;
    out[c] = (importance * (1 + 8 * 2 ** (-s / 5))) ** 2;
  }
  return out;
}
