/**
 * The votes matrix: participants × statements, built from a stream of votes in which the latest
 * vote on a statement wins. Stored compressed by row (CSR) with one byte per vote, so a
 * conversation of 100,000 participants × 2,000 statements at 30% density (60 million votes) takes
 * about 180 MB rather than the 1.6 GB of a dense matrix of doubles.
 *
 * Sign convention: agree = +1, disagree = −1, pass = 0, as in the Polis open-data CSV exports.
 * (Polis's own maths and its raw `votes.json` use agree = −1; see io.ts.)
 */
import { PolisInputError } from './errors.js';

/** How a participant voted on one statement. */
export type VoteValue = -1 | 0 | 1;

/** One vote, as stored by a conversation or read from an export. */
export type Vote = {
  participantId: string;
  statementId: number;
  /** +1 agree, −1 disagree, 0 pass. */
  vote: VoteValue;
  /** When it was cast (any increasing number, e.g. epoch milliseconds); the latest vote on a statement wins. */
  time: number;
};

/**
 * Votes as parallel columns, for conversations too large for one object per vote. Indices refer
 * to `participantIds` and `statementIds`; rows with equal time keep their input order.
 */
export type VoteColumns = {
  participantIds: string[];
  statementIds: number[];
  participant: Int32Array;
  statement: Int32Array;
  value: Int8Array;
  time: Float64Array;
};

/** A statement's moderation state, as Polis records it. */
export type StatementInfo = {
  id: number;
  /** −1 moderated out, 0 not yet moderated, 1 accepted. Only −1 removes it from the maths. */
  moderated: -1 | 0 | 1;
  /** Meta statements (about the conversation itself) are kept out of the maths like moderated-out ones. */
  isMeta: boolean;
};

/** The votes matrix (latest vote wins), compressed by row. */
export type VoteMatrix = {
  /** Row labels, in the order participants first voted. */
  participantIds: string[];
  /** Column labels: every statement with at least one vote, ascending. */
  statementIds: number[];
  /** Row r's votes are entries rowStart[r] … rowStart[r+1]−1. */
  rowStart: Float64Array;
  /** Column index of each entry, ascending within a row. */
  col: Int32Array;
  /** +1 agree, −1 disagree, 0 pass. */
  value: Int8Array;
  /** Columns kept out of the maths (moderated out or meta): Polis zeroes them for everyone. */
  excluded: Uint8Array;
  /** Columns of meta statements (a subset of `excluded`). */
  meta: Uint8Array;
  /** Time of each participant's first vote. */
  firstVoteAt: Float64Array;
  /** Whether each participant is "in the conversation" (enough votes to be clustered); see {@link inConversation}. */
  inConv: Uint8Array;
};

/** Encode a list of vote objects as {@link VoteColumns}. */
export function voteColumns(votes: readonly Vote[]): VoteColumns {
  const pIndex = new Map<string, number>();
  const sIndex = new Map<number, number>();
  const n = votes.length;
  const participant = new Int32Array(n);
  const statement = new Int32Array(n);
  const value = new Int8Array(n);
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = votes[i]!;
    // Votes come from files and other callers' JSON: the type is a promise the data may not keep.
    const given: number = v.vote;
    if (given !== 1 && given !== -1 && given !== 0)
      throw new PolisInputError(`Vote ${i + 1} has value ${String(v.vote)}; it must be 1, -1 or 0.`);
    if (!Number.isFinite(v.time)) throw new PolisInputError(`Vote ${i + 1} has no valid time.`);
    let p = pIndex.get(v.participantId);
    if (p === undefined) pIndex.set(v.participantId, (p = pIndex.size));
    let s = sIndex.get(v.statementId);
    if (s === undefined) sIndex.set(v.statementId, (s = sIndex.size));
    participant[i] = p;
    statement[i] = s;
    value[i] = v.vote;
    time[i] = v.time;
  }
  return {
    participantIds: [...pIndex.keys()],
    statementIds: [...sIndex.keys()],
    participant,
    statement,
    value,
    time,
  };
}

/** Polis counts a participant in once they have voted on at least this many statements (or all, if fewer). */
export const MIN_VOTES = 7;
/** Polis tops the in-conversation set up to this many participants. */
export const GREEDY_TOP_UP = 15;

/**
 * Build the votes matrix. The latest vote (by time, then input order) on each statement wins.
 * Statements in `statements` with moderated = −1 or isMeta are marked excluded; statements with
 * no entry there count as accepted.
 */
export function buildVoteMatrix(
  input: readonly Vote[] | VoteColumns,
  statements: readonly StatementInfo[] = [],
): VoteMatrix {
  const v = Array.isArray(input) ? voteColumns(input as readonly Vote[]) : (input as VoteColumns);
  const nVotes = v.participant.length;
  const nP = v.participantIds.length;
  const nS = v.statementIds.length;

  // Columns ascending by statement id.
  const order = Array.from({ length: nS }, (_, i) => i).sort((a, b) => v.statementIds[a]! - v.statementIds[b]!);
  const colOf = new Int32Array(nS);
  order.forEach((s, c) => (colOf[s] = c));
  for (let c = 1; c < nS; c++)
    if (v.statementIds[order[c]!] === v.statementIds[order[c - 1]!])
      throw new PolisInputError(`Statement ${v.statementIds[order[c]!]} appears twice in the statement list.`);

  // First vote per participant (rows in that order) and per statement (for the in-conversation replay).
  const pFirst = new Float64Array(nP).fill(Infinity);
  const pFirstIdx = new Float64Array(nP).fill(Infinity);
  const sFirst = new Float64Array(nS).fill(Infinity);
  const perP = new Int32Array(nP + 1);
  for (let i = 0; i < nVotes; i++) {
    const p = v.participant[i]!;
    const s = v.statement[i]!;
    const t = v.time[i]!;
    if (p < 0 || p >= nP || s < 0 || s >= nS) throw new PolisInputError(`Vote ${i + 1} refers to an unknown index.`);
    if (t < pFirst[p]! || (t === pFirst[p]! && i < pFirstIdx[p]!)) {
      pFirst[p] = t;
      pFirstIdx[p] = i;
    }
    if (t < sFirst[s]!) sFirst[s] = t;
    perP[p + 1]!++;
  }
  const rowOrder = Array.from({ length: nP }, (_, i) => i)
    .filter((p) => perP[p + 1]! > 0)
    .sort((a, b) => pFirst[a]! - pFirst[b]! || pFirstIdx[a]! - pFirstIdx[b]!);
  const nRows = rowOrder.length;

  // Bucket vote indices by participant (counting sort), keeping input order within a participant.
  for (let p = 0; p < nP; p++) perP[p + 1]! += perP[p]!;
  const byP = new Int32Array(nVotes);
  const fill = perP.slice(0, nP);
  for (let i = 0; i < nVotes; i++) byP[fill[v.participant[i]!]!++] = i;

  // Latest vote per (participant, column), using per-column scratch that is reset per participant.
  const latestT = new Float64Array(nS);
  const latestI = new Int32Array(nS).fill(-1);
  const firstT = new Float64Array(nS);
  const touched = new Int32Array(nS);
  const rowStart = new Float64Array(nRows + 1);
  let nnz = 0;
  for (const p of rowOrder) {
    const a = perP[p]!;
    const b = perP[p + 1]!;
    let distinct = 0;
    for (let k = a; k < b; k++) {
      const i = byP[k]!;
      const c = colOf[v.statement[i]!]!;
      if (latestI[c] === -1) touched[distinct++] = c;
      latestI[c] = 0;
    }
    nnz += distinct;
    for (let k = 0; k < distinct; k++) latestI[touched[k]!] = -1;
  }
  const col = new Int32Array(nnz);
  const value = new Int8Array(nnz);
  const firstVoteAt = new Float64Array(nRows);
  const inConv = new Uint8Array(nRows);
  const colFirstSorted = Float64Array.from(sFirst).sort();
  let at = 0;
  rowOrder.forEach((p, r) => {
    const a = perP[p]!;
    const b = perP[p + 1]!;
    let distinct = 0;
    for (let k = a; k < b; k++) {
      const i = byP[k]!;
      const c = colOf[v.statement[i]!]!;
      const t = v.time[i]!;
      if (latestI[c] === -1) {
        touched[distinct++] = c;
        latestI[c] = i;
        latestT[c] = t;
        firstT[c] = t;
      } else {
        // Later time wins; equal times: later in the input wins.
        if (t >= latestT[c]!) {
          latestI[c] = i;
          latestT[c] = t;
        }
        if (t < firstT[c]!) firstT[c] = t;
      }
    }
    const cols = touched.subarray(0, distinct).slice().sort();
    rowStart[r] = at;
    for (let k = 0; k < distinct; k++) {
      const c = cols[k]!;
      col[at] = c;
      value[at] = v.value[latestI[c]!]!;
      at++;
    }
    firstVoteAt[r] = pFirst[p]!;
    inConv[r] = qualifies(cols, firstT, colFirstSorted) ? 1 : 0;
    for (let k = 0; k < distinct; k++) latestI[cols[k]!] = -1;
  });
  rowStart[nRows] = at;
  // Polis's greedy top-up: while fewer than 15 are in, it adds the most active of the rest. Replayed
  // vote by vote (which reproduces the polis-golden in-conv exactly), that means the first 15
  // participants to vote are always in.
  for (let r = 0; r < Math.min(GREEDY_TOP_UP, nRows); r++) inConv[r] = 1;

  const excluded = new Uint8Array(nS);
  const meta = new Uint8Array(nS);
  const byId = new Map(statements.map((s) => [s.id, s]));
  const statementIds = order.map((s) => v.statementIds[s]!);
  statementIds.forEach((id, c) => {
    const info = byId.get(id);
    if (info && (info.moderated === -1 || info.isMeta)) excluded[c] = 1;
    if (info?.isMeta) meta[c] = 1;
  });

  return {
    participantIds: rowOrder.map((p) => v.participantIds[p]!),
    statementIds,
    rowStart,
    col,
    value,
    excluded,
    meta,
    firstVoteAt,
    inConv,
  };
}

/**
 * Polis's rule, replayed vote by vote: a participant is in once, at some moment, they had voted on
 * at least min(7, number of statements voted on by anyone so far). `firstT` holds the time of the
 * participant's first vote on each of `cols`; `colFirstSorted` the sorted first-vote times of all
 * statements.
 */
function qualifies(cols: Int32Array, firstT: Float64Array, colFirstSorted: Float64Array): boolean {
  if (cols.length >= MIN_VOTES) return true;
  const times = Array.from(cols, (c) => firstT[c]!).sort((a, b) => a - b);
  for (let k = 1; k <= times.length; k++) {
    // Statements with a vote by the time of this participant's k-th distinct statement.
    const t = times[k - 1]!;
    let lo = 0;
    let hi = colFirstSorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (colFirstSorted[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    if (k >= Math.min(MIN_VOTES, lo)) return true;
  }
  return false;
}

/** Row indices of the participants in the conversation, in row order. */
export function inConversation(m: VoteMatrix): Int32Array {
  const rows: number[] = [];
  for (let r = 0; r < m.inConv.length; r++) if (m.inConv[r]) rows.push(r);
  return Int32Array.from(rows);
}
