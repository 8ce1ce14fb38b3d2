/**
 * The Polis analysis, reimplemented as a pure library (no I/O): votes in, opinion groups,
 * representative statements, consensus, group-aware consensus, comment priorities and group
 * stability out. Conformance with Polis's own output is tested against the polis-golden fixtures;
 * formulas and their sources are in docs/conversations-analysis.md.
 *
 * Typical use:
 * ```ts
 * const result = analyse(votes, statements, { stability: true });
 * result.groups; result.repness; result.consensus; result.stability?.verdict;
 * const stored = storedAnalysis(result); // plain JSON to keep with the conversation
 * const next = pickNextStatement(unvotedIds, stored.commentPriorities);
 * ```
 */
export { analyse, resultsForGroups, storedAnalysis, smoothK, GROUP_K_BUFFER } from './analyse.js';
export type {
  Analysis,
  AnalysisOptions,
  Group,
  GroupResults,
  KSmoother,
  PreviousAnalysis,
  StoredAnalysis,
} from './analyse.js';
export { pickNextStatement } from './next-statement.js';
export { buildVoteMatrix, voteColumns, inConversation, userVoteCounts, MIN_VOTES, GREEDY_TOP_UP } from './matrix.js';
export type { Vote, VoteValue, VoteColumns, VoteMatrix, StatementInfo } from './matrix.js';
export { pca, projectParticipants, projectStatements, columnMeans, PCA_SAMPLE_ABOVE } from './pca.js';
export type { PcaResult, PcaOptions } from './pca.js';
export {
  kmeans,
  baseClusters,
  groupClusters,
  clusterRows,
  silhouette,
  maxGroups,
  BASE_K,
  MAX_GROUPS,
} from './clusters.js';
export type { KMeansResult, GroupClustering, GroupOptions } from './clusters.js';
export {
  propTest,
  twoPropTest,
  zSig90,
  countByGroup,
  groupCommentStats,
  selectRepness,
  selectConsensus,
  groupAwareConsensus,
  commentPriorities,
  META_PRIORITY,
  Z_90,
} from './repness.js';
export type { CommentStats, GroupCounts, RepStatement, ConsensusStatement } from './repness.js';
export { bootstrapStability, STABLE_K_AGREEMENT, STABLE_ADJUSTED_RAND } from './stability.js';
export type { Stability, StabilityOptions } from './stability.js';
export { adjustedRandIndex } from './compare.js';
export { parseVotesCsv, parseCommentsCsv, parseParticipantGroupsCsv, parseVotesJson, parseCommentsJson } from './io.js';
export {
  exportPolis,
  planImport,
  polisAttribution,
  polisDateTime,
  MAX_LISTED_PROBLEMS,
  POLIS_EXPORT_FILES,
} from './open-data.js';
export type {
  ExportInput,
  ExportStatement,
  ExportVote,
  ImportPlan,
  ImportStatement,
  ImportVote,
  PolisExportFile,
} from './open-data.js';
export { PolisInputError } from './errors.js';
