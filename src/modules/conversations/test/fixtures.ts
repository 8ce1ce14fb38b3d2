import { and, asc, eq } from 'drizzle-orm';
import { analyse, storedAnalysis, type Vote } from '../../../lib/polis/index.js';
import type { Db } from '../../../platform/db.js';
import {
  conversationAnalyses,
  conversationParticipants,
  conversations,
  conversationStatements,
  conversationVotes,
} from '../conversations.schema.js';

/** What the officers' form gives the service: a conversation anyone with the link may join, strictly moderated. */
export const conversationInput = (question: string, seeds: string[]) => ({
  question,
  context: '',
  opensOn: null,
  closesOn: null,
  audience: 'link' as const,
  anonymousAllowed: true,
  moderation: 'strict' as const,
  seeds,
});

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
