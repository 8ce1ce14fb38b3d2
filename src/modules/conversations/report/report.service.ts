import type { Db } from '../../../platform/db.js';
import { NotFound } from '../../../platform/errors.js';
import {
  createConversationsRepository,
  type Conversation,
  type ImportInfo,
  type StoredAnalysisRow,
} from '../conversations.repository.js';
import { createReportRepository, type DayActivity, type GroupVoteCounts } from './report.repository.js';
import type { ReportInput } from './report.view-models.js';

/**
 * The public report: readable by anyone once the conversation is open or closed (both audiences:
 * taking part may need an account, but what people said is reported in the open); a draft only by
 * the place's officers. Another place's conversation is "not found", never "forbidden".
 */
export function createReportService(deps: { db: Db }) {
  const repo = createReportRepository(deps.db);
  const core = createConversationsRepository(deps.db);
  /**
   * Vote counts per group and activity per day, kept per stored analysis: they read every vote
   * (about 0.3 s at 50,000 votes, 2 s at 300,000 on PGlite), and a report describes one analysis,
   * so they are worked out once per analysis and process rather than on every view.
   */
  const cache = new Map<string, { counts: GroupVoteCounts[]; activity: DayActivity[] }>();
  async function tallies(placeId: string, id: string, analysis: StoredAnalysisRow) {
    const key = `${placeId}:${id}:${analysis.computedAt.getTime()}:${analysis.voteCount}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const membership = analysis.result.groups.flatMap((g) =>
      g.members.map((m) => ({ participant: Number(m), group: g.id })),
    );
    const [counts, activity] = await Promise.all([
      repo.groupVoteCounts(placeId, id, membership),
      repo.activityByDay(placeId, id),
    ]);
    if (cache.size >= 50) cache.delete(cache.keys().next().value!);
    const value = { counts, activity };
    cache.set(key, value);
    return value;
  }
  async function readable(placeId: string, id: string, officer: boolean): Promise<Conversation> {
    const c = await core.find(placeId, id);
    if (!c || (c.status === 'draft' && !officer)) throw new NotFound('There is no such conversation.');
    return c;
  }
  return {
    readable,
    /**
     * What the report page shows, as read from the database: the view-model builder
     * (report.view-models.ts) turns it into the page.
     */
    async report(
      placeId: string,
      id: string,
      opts: { officer: boolean; suppressBelow: number },
    ): Promise<{ conversation: Conversation; input: ReportInput; imported: ImportInfo | undefined }> {
      const conversation = await readable(placeId, id, opts.officer);
      const [analysis, statements, imported] = await Promise.all([
        core.analysis(placeId, id),
        repo.statements(placeId, id),
        core.importInfo(placeId, id),
      ]);
      const { counts, activity } = analysis
        ? await tallies(placeId, id, analysis)
        : { counts: [], activity: await repo.activityByDay(placeId, id) };
      return {
        conversation,
        imported,
        input: {
          question: conversation.question,
          analysis: analysis
            ? { computedAt: analysis.computedAt, result: analysis.result, stability: analysis.stability ?? null }
            : null,
          statements,
          counts,
          activity,
          suppressBelow: opts.suppressBelow,
        },
      };
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
