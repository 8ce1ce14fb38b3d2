/**
 * The whole Polis analysis of one conversation, from votes to groups, representative
 * statements, consensus and priorities. Pure: same votes and options, same result.
 */
import { clusterRows } from './clusters.js';
import {
  buildVoteMatrix,
  inConversation,
  type StatementInfo,
  type Vote,
  type VoteColumns,
  type VoteMatrix,
} from './matrix.js';
import { pca, projectParticipants, projectStatements, type PcaOptions, type PcaResult } from './pca.js';
import {
  commentPriorities,
  countByGroup,
  groupAwareConsensus,
  groupCommentStats,
  selectConsensus,
  selectRepness,
  type ConsensusStatement,
  type RepStatement,
} from './repness.js';
import { bootstrapStability, type Stability, type StabilityOptions } from './stability.js';

export type AnalysisOptions = {
  /** Force this many groups (2–5 in Polis; any k ≥ 1 here) instead of choosing by silhouette. */
  groups?: number;
  /** Seed for everything random (PCA start, k-means++ restarts, bootstrap). */
  seed?: number;
  /** Seeded k-means++ restarts for the groups, besides Polis's own start. */
  restarts?: number;
  pca?: Omit<PcaOptions, 'rows'>;
  /** Bootstrap the groups' stability (off unless asked: it reruns the analysis many times). */
  stability?: StabilityOptions | boolean;
  /**
   * The last stored result, so a recomputation after new votes keeps the map's orientation and the
   * groups' ids (the maths is unchanged; see {@link PreviousAnalysis}).
   */
  previous?: PreviousAnalysis;
};

/**
 * What a recomputation keeps from the last result. A component's sign is arbitrary, so without
 * this the map could flip between runs; and group ids come from the order of clustering, so
 * "group 1" could become "group 0". Each new component is turned to agree with the previous axes,
 * and each new group takes the id of the previous group it shares most members with (greedily,
 * largest overlap first); groups with no match get new ids after the old ones.
 */
export type PreviousAnalysis = Partial<Pick<StoredAnalysis, 'axes' | 'groups' | 'kSmoother'>>;

/** An opinion group. */
export type Group = {
  id: number;
  /** Participant ids as given in the votes. */
  members: string[];
  /** Row indices of the members in the votes matrix. */
  rows: Int32Array;
  /** Centre on the opinion map. */
  center: [number, number];
};

/** The statement-level results for a given grouping. */
export type GroupResults = {
  /** Representative statements per group id. */
  repness: Record<number, RepStatement[]>;
  consensus: { agree: ConsensusStatement[]; disagree: ConsensusStatement[] };
  /** Group-aware consensus per statement id (agree, and disagree computed the same way). */
  groupAwareConsensus: { agree: Record<number, number>; disagree: Record<number, number> };
  /** Comment priority per statement id. */
  commentPriorities: Record<number, number>;
};

export type Analysis = GroupResults & {
  /** Number of participants who voted. */
  participants: number;
  /** Number of participants in the conversation (clustered). */
  inConv: number;
  matrix: VoteMatrix;
  pca: PcaResult;
  /** Every participant's place on the opinion map, x and y interleaved, in matrix row order. */
  projection: Float64Array;
  /** Each statement's place and extremity. */
  statementProjection: { x: Float64Array; y: Float64Array; extremity: Float64Array };
  /** Base clusters of in-conversation participants: member rows and centres (interleaved). */
  baseClusters: { members: Int32Array[]; centers: Float64Array };
  groups: Group[];
  /** Group id of each matrix row, −1 when the participant is not in the conversation. */
  groupOfRow: Int32Array;
  /** Silhouette of each k tried. */
  silhouettes: { k: number; silhouette: number }[];
  /** Polis's k smoothing state: the k the silhouette chose, how many runs in a row, and the k used. */
  kSmoother: KSmoother;
  stability?: Stability;
};

const toRecord = (m: VoteMatrix, values: Float64Array): Record<number, number> =>
  Object.fromEntries(m.statementIds.map((id, c) => [id, values[c]!]));

/** Group ids (which may be any numbers, e.g. kept from a previous run) as indices 0 … n−1 in the order of `groupIds`. */
function denseGroups(groupOfRow: Int32Array, groupIds: number[]): Int32Array {
  const index = new Map(groupIds.map((id, g) => [id, g]));
  return groupOfRow.map((id) => (id < 0 ? -1 : (index.get(id) ?? -1)));
}

/** Repness, consensus, group-aware consensus and priorities for a grouping of the matrix rows. */
export function resultsForGroups(
  m: VoteMatrix,
  groupOfRow: Int32Array,
  groupIds: number[],
  extremity: Float64Array,
): GroupResults {
  const counts = countByGroup(m, denseGroups(groupOfRow, groupIds), groupIds.length);
  const rep = selectRepness(m, groupCommentStats(counts), groupIds.length);
  const gac = groupAwareConsensus(counts);
  return {
    repness: Object.fromEntries(groupIds.map((id, g) => [id, rep[g]!])),
    consensus: selectConsensus(m),
    groupAwareConsensus: { agree: toRecord(m, gac.agree), disagree: toRecord(m, gac.disagree) },
    commentPriorities: toRecord(m, commentPriorities(m, counts, extremity)),
  };
}

/** Polis's k smoothing state (conversation.clj `:group-k-smoother`). */
export type KSmoother = { lastK: number; lastKCount: number; smoothedK: number };

/** Polis changes the number of groups only after a new k has won this many updates in a row (`group-k-buffer`). */
export const GROUP_K_BUFFER = 4;

/**
 * Polis's k smoothing: the k with the best silhouette must win {@link GROUP_K_BUFFER} updates
 * running before the groups change to it; until then the previous k is kept.
 */
export function smoothK(thisK: number, previous?: KSmoother): KSmoother {
  const count = previous && previous.lastK === thisK ? previous.lastKCount + 1 : 1;
  return {
    lastK: thisK,
    lastKCount: count,
    smoothedK: count >= GROUP_K_BUFFER || !previous ? thisK : previous.smoothedK,
  };
}

/** Turn each component to point the way the previous run's did (over the statements both know). */
function orientLike(m: VoteMatrix, p: PcaResult, axes: Record<number, [number, number]>): void {
  for (const k of [0, 1] as const) {
    let dot = 0;
    m.statementIds.forEach((id, c) => {
      const a = axes[id];
      if (a) dot += a[k] * p.comps[k][c]!;
    });
    if (dot < 0) for (let c = 0; c < m.statementIds.length; c++) p.comps[k][c] = -p.comps[k][c]! + 0;
  }
}

/**
 * Run the analysis on votes (objects or columns) or on a prepared matrix (whose excluded
 * statements are already set; `statements` is then ignored).
 */
export function analyse(
  input: readonly Vote[] | VoteColumns | VoteMatrix,
  statements: readonly StatementInfo[] = [],
  options: AnalysisOptions = {},
): Analysis {
  const m = 'rowStart' in input ? input : buildVoteMatrix(input, statements);
  const seed = options.seed ?? 1;
  const p = pca(m, { ...options.pca, seed });
  if (options.previous?.axes) orientLike(m, p, options.previous.axes);
  const projection = projectParticipants(m, p);
  const st = projectStatements(m, p);
  const inRows = inConversation(m);
  const inProj = new Float64Array(inRows.length * 2);
  inRows.forEach((r, i) => {
    inProj[2 * i] = projection[2 * r]!;
    inProj[2 * i + 1] = projection[2 * r + 1]!;
  });
  const clustered = clusterRows(inProj, { groups: options.groups, seed, restarts: options.restarts });
  const { base, byK } = clustered;
  const kSmoother = smoothK(clustered.grouping.k, options.groups ? undefined : options.previous?.kSmoother);
  let grouping = byK.find((g) => g.k === kSmoother.smoothedK);
  if (!grouping) {
    // The kept k is no longer possible (fewer base clusters): take this run's choice.
    grouping = clustered.grouping;
    kSmoother.smoothedK = grouping.k;
  }

  // Ids: the previous run's where groups carry over, otherwise by each group's earliest participant.
  const groupOfIn = Int32Array.from(base.assignment, (b) => grouping.assignment[b]!);
  const firstSeen = new Array<number>(grouping.k).fill(Infinity);
  groupOfIn.forEach((g, i) => (firstSeen[g] = Math.min(firstSeen[g]!, i)));
  const order = [...firstSeen.keys()]
    .filter((g) => firstSeen[g]! < Infinity)
    .sort((a, b) => firstSeen[a]! - firstSeen[b]!);
  const relabel = new Int32Array(grouping.k).fill(-1);
  const previous = options.previous?.groups;
  if (previous?.length) {
    const prevOf = new Map<string, number>();
    for (const g of previous) for (const id of g.members) prevOf.set(id, g.id);
    const overlap = new Map<string, number>();
    groupOfIn.forEach((g, i) => {
      const was = prevOf.get(m.participantIds[inRows[i]!]!);
      if (was !== undefined) overlap.set(`${g}:${was}`, (overlap.get(`${g}:${was}`) ?? 0) + 1);
    });
    const pairs = [...overlap].map(([key, n]) => [...key.split(':').map(Number), n] as [number, number, number]);
    pairs.sort((a, b) => b[2] - a[2] || firstSeen[a[0]]! - firstSeen[b[0]]! || a[1] - b[1]);
    const taken = new Set<number>();
    for (const [g, was] of pairs)
      if (relabel[g] === -1 && !taken.has(was)) {
        relabel[g] = was;
        taken.add(was);
      }
    let next = Math.max(-1, ...previous.map((g) => g.id)) + 1;
    for (const g of order) if (relabel[g] === -1) relabel[g] = next++;
  } else order.forEach((g, id) => (relabel[g] = id));
  const groupOfRow = new Int32Array(m.participantIds.length).fill(-1);
  inRows.forEach((r, i) => (groupOfRow[r] = relabel[groupOfIn[i]!]!));

  const groups: Group[] = order
    .map((g) => {
      const id = relabel[g]!;
      const rows = Int32Array.from(inRows.filter((_, i) => relabel[groupOfIn[i]!] === id));
      return {
        id,
        members: Array.from(rows, (r) => m.participantIds[r]!),
        rows,
        center: [grouping.centers[2 * g]!, grouping.centers[2 * g + 1]!] as [number, number],
      };
    })
    .sort((a, b) => a.id - b.id);
  const baseMembers = Array.from({ length: base.k }, () => [] as number[]);
  base.assignment.forEach((b, i) => baseMembers[b]!.push(inRows[i]!));

  const analysis: Analysis = {
    participants: m.participantIds.length,
    inConv: inRows.length,
    matrix: m,
    pca: p,
    projection,
    statementProjection: st,
    baseClusters: { members: baseMembers.map((x) => Int32Array.from(x)), centers: base.centers },
    groups,
    groupOfRow,
    silhouettes: byK.map((g) => ({ k: g.k, silhouette: g.silhouette })),
    kSmoother,
    ...resultsForGroups(
      m,
      groupOfRow,
      groups.map((g) => g.id),
      st.extremity,
    ),
  };
  if (options.stability) {
    const so = options.stability === true ? {} : options.stability;
    analysis.stability = bootstrapStability(
      m,
      denseGroups(
        groupOfRow,
        groups.map((g) => g.id),
      ),
      groups.length,
      {
        ...so,
        seed: so.seed ?? seed,
        groups: options.groups,
        restarts: options.restarts,
        pca: options.pca,
      },
    );
  }
  return analysis;
}

/** A plain-JSON copy of an analysis for storing and for reports: ids instead of row indices, no typed arrays. */
export type StoredAnalysis = {
  participants: number;
  inConv: number;
  /** Participant id → [x, y] on the opinion map, for every participant who voted. */
  projection: Record<string, [number, number]>;
  /** Statement id → the two principal components' entries (the map's axes), for {@link PreviousAnalysis}. */
  axes: Record<number, [number, number]>;
  /** Statement id → [x, y] and extremity. */
  statements: Record<number, { x: number; y: number; extremity: number }>;
  groups: { id: number; members: string[]; center: [number, number] }[];
  silhouettes: { k: number; silhouette: number }[];
  kSmoother: KSmoother;
  repness: GroupResults['repness'];
  consensus: GroupResults['consensus'];
  groupAwareConsensus: GroupResults['groupAwareConsensus'];
  commentPriorities: GroupResults['commentPriorities'];
  pca: { approximate: boolean; fittedRows: number; iterations: number };
  stability?: {
    resamples: number;
    kFrequency: Record<number, number>;
    kAgreement: number;
    medianCoAssignment: number;
    meanAdjustedRand: number;
    stable: boolean;
    verdict: string;
    /** Participant id → share of their group-mates they stayed with. */
    coAssignment: Record<string, number>;
  };
};

/** Turn an {@link Analysis} into {@link StoredAnalysis}. */
export function storedAnalysis(a: Analysis): StoredAnalysis {
  const m = a.matrix;
  const round = (x: number) => Math.round(x * 1e6) / 1e6 + 0; // + 0 turns −0 into 0
  const s = a.stability;
  return {
    participants: a.participants,
    inConv: a.inConv,
    projection: Object.fromEntries(
      m.participantIds.map((id, r) => [id, [round(a.projection[2 * r]!), round(a.projection[2 * r + 1]!)]]),
    ),
    axes: Object.fromEntries(m.statementIds.map((id, c) => [id, [a.pca.comps[0][c]!, a.pca.comps[1][c]!]])),
    statements: Object.fromEntries(
      m.statementIds.map((id, c) => [
        id,
        {
          x: round(a.statementProjection.x[c]!),
          y: round(a.statementProjection.y[c]!),
          extremity: round(a.statementProjection.extremity[c]!),
        },
      ]),
    ),
    groups: a.groups.map((g) => ({ id: g.id, members: g.members, center: g.center })),
    silhouettes: a.silhouettes,
    kSmoother: a.kSmoother,
    repness: a.repness,
    consensus: a.consensus,
    groupAwareConsensus: a.groupAwareConsensus,
    commentPriorities: a.commentPriorities,
    pca: { approximate: a.pca.approximate, fittedRows: a.pca.fittedRows, iterations: a.pca.iterations },
    ...(s && {
      stability: {
        resamples: s.resamples,
        kFrequency: s.kFrequency,
        kAgreement: s.kAgreement,
        medianCoAssignment: s.medianCoAssignment,
        meanAdjustedRand: s.meanAdjustedRand,
        stable: s.stable,
        verdict: s.verdict,
        coAssignment: Object.fromEntries(
          m.participantIds.flatMap((id, r) => (s.coAssignment[r]! >= 0 ? [[id, round(s.coAssignment[r]!)]] : [])),
        ),
      },
    }),
  };
}
