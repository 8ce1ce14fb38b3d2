import { and, asc, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { buildApp } from '../../../app.js';
import { analyse, storedAnalysis, type Vote } from '../../../lib/polis/index.js';
import type { Db } from '../../../platform/db.js';
import { createServices } from '../../../services.js';
import { createTestDatabase, testConfig, type TestApp } from '../../../../test/helpers.js';
import { registerReportRoutes } from '../conversations.report.web.js';
import {
  conversationAnalyses,
  conversationParticipants,
  conversations,
  conversationStatements,
  conversationVotes,
} from '../conversations.schema.js';
import { registerOutcomeRoutes } from '../outcomes.web.js';

/**
 * The real app on a fresh database, with the report and outcome routes registered even before the
 * module's index.ts calls them (they are added only when missing).
 */
export async function buildConversationsTestApp(): Promise<TestApp> {
  const { database, drop } = await createTestDatabase();
  const services = createServices({ config: testConfig(), database, logger: pino({ level: 'silent' }) });
  const app = await buildApp({
    services,
    logger: process.env.DEBUG_LOG ? pino() : false,
    requestsPerMinute: 1_000_000,
  });
  if (!app.hasRoute({ method: 'GET', url: '/conversations/:id/report' })) await registerReportRoutes(app, services);
  if (!app.hasRoute({ method: 'GET', url: '/conversations/:id/outcome' })) await registerOutcomeRoutes(app, services);
  await app.ready();
  return {
    app,
    services,
    database,
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

/** A conversation written straight to the tables: statements by number, votes as [participant, statement, value]. */
export async function seedConversation(
  db: Db,
  placeId: string,
  opts: {
    question?: string;
    status?: 'draft' | 'open' | 'closed';
    statements: string[];
    votes: [number, number, -1 | 0 | 1][];
    userIds?: Record<number, string>;
    rejected?: number[];
    votedAt?: (i: number) => Date;
  },
) {
  const [conversation] = await db
    .insert(conversations)
    .values({ placeId, question: opts.question ?? 'How should we use the old library?', status: opts.status ?? 'open' })
    .returning();
  const statements = await db
    .insert(conversationStatements)
    .values(
      opts.statements.map((text, number) => ({
        placeId,
        conversationId: conversation!.id,
        number,
        text,
        textKey: text.toLowerCase(),
        status: opts.rejected?.includes(number) ? ('rejected' as const) : ('accepted' as const),
      })),
    )
    .returning();
  const numbers = [...new Set(opts.votes.map((v) => v[0]))];
  const participants = numbers.length
    ? await db
        .insert(conversationParticipants)
        .values(
          numbers.map((number) => ({
            placeId,
            conversationId: conversation!.id,
            number,
            userId: opts.userIds?.[number] ?? null,
          })),
        )
        .returning()
    : [];
  const pid = new Map(participants.map((p) => [p.number, p.id]));
  const sid = new Map(statements.map((s) => [s.number, s.id]));
  if (opts.votes.length)
    await db.insert(conversationVotes).values(
      opts.votes.map(([p, s, value], i) => ({
        placeId,
        conversationId: conversation!.id,
        participantId: pid.get(p)!,
        statementId: sid.get(s)!,
        value,
        ...(opts.votedAt ? { createdAt: opts.votedAt(i) } : {}),
      })),
    );
  return conversation!;
}

/** Run the Polis analysis on the conversation's votes and store it as the background job does. */
export async function analyseAndStore(db: Db, placeId: string, conversationId: string, stability = false) {
  const rows = await db
    .select({
      participant: conversationParticipants.number,
      statement: conversationStatements.number,
      value: conversationVotes.value,
      id: conversationVotes.id,
      status: conversationStatements.status,
    })
    .from(conversationVotes)
    .innerJoin(conversationParticipants, eq(conversationParticipants.id, conversationVotes.participantId))
    .innerJoin(conversationStatements, eq(conversationStatements.id, conversationVotes.statementId))
    .where(and(eq(conversationVotes.placeId, placeId), eq(conversationVotes.conversationId, conversationId)))
    .orderBy(asc(conversationVotes.id));
  const votes: Vote[] = rows.map((r) => ({
    participantId: String(r.participant),
    statementId: r.statement,
    vote: r.value as -1 | 0 | 1,
    time: r.id,
  }));
  const statements = await db
    .select()
    .from(conversationStatements)
    .where(eq(conversationStatements.conversationId, conversationId));
  const result = storedAnalysis(
    analyse(
      votes,
      statements.map((s) => ({
        id: s.number,
        moderated: s.status === 'rejected' ? -1 : s.status === 'accepted' ? 1 : 0,
        isMeta: s.isMeta,
      })),
      { stability },
    ),
  );
  const { stability: st, ...rest } = result;
  const computedAt = new Date('2026-03-02T10:30:00Z');
  await db.insert(conversationAnalyses).values({
    conversationId,
    placeId,
    computedAt,
    voteCount: rows.length,
    participantCount: result.participants,
    durationMs: 1,
    result: rest,
    stability: st ?? null,
  });
  return result;
}
