import type { FastifyRequest } from 'fastify';
import { hasRole } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { NotFound } from '../../platform/errors.js';
import {
  createReportRepository,
  type DayActivity,
  type GroupVoteCounts,
  type ReportAnalysis,
  type ReportConversation,
  type ReportImport,
} from './report.repository.js';
import { buildReport, type ReportView } from './report.view-models.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route's conversation id, or a 404 when it cannot be one (so bad ids never reach the database). */
export function conversationIdParam(value: string): string {
  if (!UUID.test(value)) throw new NotFound('There is no such conversation.');
  return value.toLowerCase();
}

/** Officers and admins of the place see drafts and may publish; everyone else reads what is public. */
export const isOfficer = (request: FastifyRequest): boolean =>
  Boolean(request.user && request.user.placeId === request.place.id && hasRole(request.user.role, 'officer'));

/**
 * The public report: readable by anyone once the conversation is open or closed (both audiences:
 * taking part may need an account, but what people said is reported in the open); a draft only by
 * the place's officers. Another place's conversation is "not found", never "forbidden".
 */
export function createReportService(db: Db) {
  const repo = createReportRepository(db);
  /**
   * Vote counts per group and activity per day, kept per stored analysis: they read every vote
   * (about 0.3 s at 50,000 votes, 2 s at 300,000 on PGlite), and a report describes one analysis,
   * so they are worked out once per analysis and process rather than on every view.
   */
  const cache = new Map<string, { counts: GroupVoteCounts[]; activity: DayActivity[] }>();
  async function tallies(placeId: string, id: string, analysis: ReportAnalysis) {
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
  async function readable(placeId: string, id: string, officer: boolean): Promise<ReportConversation> {
    const c = await repo.conversation(placeId, id);
    if (!c || (c.status === 'draft' && !officer)) throw new NotFound('There is no such conversation.');
    return c;
  }
  return {
    readable,
    importInfo: (placeId: string, conversationId: string): Promise<ReportImport | undefined> =>
      repo.importInfo(placeId, conversationId),
    async report(
      placeId: string,
      id: string,
      opts: { officer: boolean; suppressBelow: number },
    ): Promise<{ conversation: ReportConversation; report: ReportView; imported: ReportImport | undefined }> {
      const conversation = await readable(placeId, id, opts.officer);
      const [analysis, statements, imported] = await Promise.all([
        repo.analysis(placeId, id),
        repo.statements(placeId, id),
        repo.importInfo(placeId, id),
      ]);
      const { counts, activity } = analysis
        ? await tallies(placeId, id, analysis)
        : { counts: [], activity: await repo.activityByDay(placeId, id) };
      const report = buildReport({
        question: conversation.question,
        analysis: analysis
          ? { computedAt: analysis.computedAt, result: analysis.result, stability: analysis.stability ?? null }
          : null,
        statements,
        counts,
        activity,
        suppressBelow: opts.suppressBelow,
      });
      return { conversation, report, imported };
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
