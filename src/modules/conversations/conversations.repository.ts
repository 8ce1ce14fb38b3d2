import { and, asc, count, desc, eq, gte, inArray, lt, ne, or, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';
import {
  conversationAnalyses,
  conversationParticipants,
  conversations,
  conversationStatements,
  conversationVotes,
  type ConversationStatus,
  type StatementStatus,
} from './conversations.schema.js';

export type Conversation = typeof conversations.$inferSelect;
export type NewConversation = typeof conversations.$inferInsert;
export type Statement = typeof conversationStatements.$inferSelect;
export type NewStatement = typeof conversationStatements.$inferInsert;
export type Participant = typeof conversationParticipants.$inferSelect;
export type StoredAnalysisRow = typeof conversationAnalyses.$inferSelect;

const rows = queryRows;

/** One conversation of a place (every repository of the module looks conversations up this way). */
export async function findConversation(db: Db, placeId: string, id: string): Promise<Conversation | undefined> {
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.placeId, placeId), eq(conversations.id, id)))
    .limit(1);
  return row;
}

/** Every query of the conversations core, each scoped by place (tenancy) or by a row already so scoped. */
export function createConversationsRepository(db: Db) {
  return {
    find: (placeId: string, id: string) => findConversation(db, placeId, id),
    async list(
      placeId: string,
      opts: { includeDrafts: boolean; limit: number; after?: { createdAt: Date; id: string } | undefined },
    ): Promise<Conversation[]> {
      const where = [eq(conversations.placeId, placeId)];
      if (!opts.includeDrafts) where.push(ne(conversations.status, 'draft'));
      if (opts.after)
        where.push(
          or(
            lt(conversations.createdAt, opts.after.createdAt),
            and(eq(conversations.createdAt, opts.after.createdAt), lt(conversations.id, opts.after.id)),
          )!,
        );
      return db
        .select()
        .from(conversations)
        .where(and(...where))
        .orderBy(desc(conversations.createdAt), desc(conversations.id))
        .limit(opts.limit);
    },
    async insert(values: NewConversation): Promise<Conversation> {
      const [row] = await db.insert(conversations).values(values).returning();
      return row!;
    },
    async update(placeId: string, id: string, values: Partial<NewConversation>): Promise<Conversation> {
      const [row] = await db
        .update(conversations)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(conversations.placeId, placeId), eq(conversations.id, id)))
        .returning();
      return row!;
    },
    /** Locks the conversation's row until the transaction ends (serialises first-time participants). */
    async lock(id: string): Promise<void> {
      await db.execute(sql`select 1 from conversations where id = ${id} for update`);
    },
    /** Reserves `n` statement or participant numbers; the row lock serialises concurrent callers. */
    async allocate(id: string, what: 'statement' | 'participant', n: number): Promise<number> {
      const column = what === 'statement' ? conversations.nextStatementNumber : conversations.nextParticipantNumber;
      const [row] = await db
        .update(conversations)
        .set(
          what === 'statement'
            ? { nextStatementNumber: sql`${column} + ${n}` }
            : { nextParticipantNumber: sql`${column} + ${n}` },
        )
        .where(eq(conversations.id, id))
        .returning({ next: column });
      return row!.next - n;
    },
    async setStatus(placeId: string, id: string, status: ConversationStatus, at: Date): Promise<Conversation> {
      const [row] = await db
        .update(conversations)
        .set({
          status,
          updatedAt: at,
          ...(status === 'open' ? { openedAt: at, closedAt: null } : {}),
          ...(status === 'closed' ? { closedAt: at } : {}),
        })
        .where(and(eq(conversations.placeId, placeId), eq(conversations.id, id)))
        .returning();
      return row!;
    },

    // Statements
    async insertStatements(values: NewStatement[]): Promise<Statement[]> {
      if (values.length === 0) return [];
      return db.insert(conversationStatements).values(values).returning();
    },
    async statement(placeId: string, id: string): Promise<Statement | undefined> {
      const [row] = await db
        .select()
        .from(conversationStatements)
        .where(and(eq(conversationStatements.placeId, placeId), eq(conversationStatements.id, id)))
        .limit(1);
      return row;
    },
    async statementByNumber(conversationId: string, number: number): Promise<Statement | undefined> {
      const [row] = await db
        .select()
        .from(conversationStatements)
        .where(
          and(eq(conversationStatements.conversationId, conversationId), eq(conversationStatements.number, number)),
        )
        .limit(1);
      return row;
    },
    async statementByTextKey(conversationId: string, textKey: string): Promise<Statement | undefined> {
      const [row] = await db
        .select()
        .from(conversationStatements)
        .where(
          and(eq(conversationStatements.conversationId, conversationId), eq(conversationStatements.textKey, textKey)),
        )
        .limit(1);
      return row;
    },
    async statements(conversationId: string, status?: StatementStatus): Promise<Statement[]> {
      const where = [eq(conversationStatements.conversationId, conversationId)];
      if (status) where.push(eq(conversationStatements.status, status));
      return db
        .select()
        .from(conversationStatements)
        .where(and(...where))
        .orderBy(asc(conversationStatements.number));
    },
    async statementCounts(conversationId: string): Promise<Record<StatementStatus, number>> {
      const list = await db
        .select({ status: conversationStatements.status, n: count() })
        .from(conversationStatements)
        .where(eq(conversationStatements.conversationId, conversationId))
        .groupBy(conversationStatements.status);
      const out: Record<StatementStatus, number> = { pending: 0, accepted: 0, rejected: 0 };
      for (const r of list) out[r.status] = Number(r.n);
      return out;
    },
    async moderate(
      id: string,
      values: { status: StatementStatus; moderationReason: string | null; moderatedBy: string; isMeta: boolean },
    ): Promise<Statement> {
      const [row] = await db
        .update(conversationStatements)
        .set({ ...values, moderatedAt: new Date() })
        .where(eq(conversationStatements.id, id))
        .returning();
      return row!;
    },
    async statementsByAuthor(participantId: string): Promise<Statement[]> {
      return db
        .select()
        .from(conversationStatements)
        .where(eq(conversationStatements.authorParticipantId, participantId))
        .orderBy(asc(conversationStatements.number));
    },
    async statementsBy(participantId: string, since: Date): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(conversationStatements)
        .where(
          and(
            eq(conversationStatements.authorParticipantId, participantId),
            gte(conversationStatements.createdAt, since),
          ),
        );
      return Number(row?.n ?? 0);
    },

    // Participants
    async participantByUser(conversationId: string, userId: string): Promise<Participant | undefined> {
      const [row] = await db
        .select()
        .from(conversationParticipants)
        .where(
          and(eq(conversationParticipants.conversationId, conversationId), eq(conversationParticipants.userId, userId)),
        )
        .limit(1);
      return row;
    },
    async participantByToken(conversationId: string, tokenHash: string): Promise<Participant | undefined> {
      const [row] = await db
        .select()
        .from(conversationParticipants)
        .where(
          and(
            eq(conversationParticipants.conversationId, conversationId),
            eq(conversationParticipants.tokenHash, tokenHash),
          ),
        )
        .limit(1);
      return row;
    },
    async participantByExternalId(conversationId: string, externalId: string): Promise<Participant | undefined> {
      const [row] = await db
        .select()
        .from(conversationParticipants)
        .where(
          and(
            eq(conversationParticipants.conversationId, conversationId),
            eq(conversationParticipants.externalId, externalId),
          ),
        )
        .limit(1);
      return row;
    },
    async insertParticipant(values: typeof conversationParticipants.$inferInsert): Promise<Participant> {
      const [row] = await db.insert(conversationParticipants).values(values).returning();
      return row!;
    },
    async participantCount(conversationId: string): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(conversationParticipants)
        .where(eq(conversationParticipants.conversationId, conversationId));
      return Number(row?.n ?? 0);
    },

    // Votes
    async insertVote(values: typeof conversationVotes.$inferInsert) {
      const [row] = await db.insert(conversationVotes).values(values).returning();
      return row!;
    },
    /** The participant's latest vote on each statement they voted on. */
    async latestVotes(participantId: string): Promise<Map<string, -1 | 0 | 1>> {
      const list = await rows<{ statement_id: string; value: number }>(
        db,
        sql`select distinct on (statement_id) statement_id, value from conversation_votes
            where participant_id = ${participantId} order by statement_id, id desc`,
      );
      return new Map(list.map((r) => [r.statement_id, r.value as -1 | 0 | 1]));
    },
    async votesSince(participantId: string, since: Date): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(conversationVotes)
        .where(and(eq(conversationVotes.participantId, participantId), gte(conversationVotes.createdAt, since)));
      return Number(row?.n ?? 0);
    },
    async voteCount(conversationId: string): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(conversationVotes)
        .where(eq(conversationVotes.conversationId, conversationId));
      return Number(row?.n ?? 0);
    },
    async voteCounts(conversationIds: string[]): Promise<Map<string, { votes: number; participants: number }>> {
      if (conversationIds.length === 0) return new Map();
      const list = await db
        .select({
          id: conversationVotes.conversationId,
          votes: count(),
          participants: sql<number>`count(distinct ${conversationVotes.participantId})`,
        })
        .from(conversationVotes)
        .where(inArray(conversationVotes.conversationId, conversationIds))
        .groupBy(conversationVotes.conversationId);
      return new Map(list.map((r) => [r.id, { votes: Number(r.votes), participants: Number(r.participants) }]));
    },
    /** Statements waiting for moderation, per conversation. */
    async pendingCounts(conversationIds: string[]): Promise<Map<string, number>> {
      if (conversationIds.length === 0) return new Map();
      const list = await db
        .select({ id: conversationStatements.conversationId, n: count() })
        .from(conversationStatements)
        .where(
          and(
            inArray(conversationStatements.conversationId, conversationIds),
            eq(conversationStatements.status, 'pending'),
          ),
        )
        .groupBy(conversationStatements.conversationId);
      return new Map(list.map((r) => [r.id, Number(r.n)]));
    },
    /**
     * Every vote of the conversation (history included) in the order cast, by Polis numbers, as
     * parallel arrays. Read in batches aggregated by the database: about 3 times faster than a row
     * per vote, and no single value grows past what PostgreSQL allows.
     */
    async voteArraysForAnalysis(
      conversationId: string,
      batch = 500_000,
    ): Promise<{ participant: number[]; statement: number[]; value: number[] }> {
      const out = { participant: [] as number[], statement: [] as number[], value: [] as number[] };
      let after = 0;
      for (;;) {
        const [row] = await rows<{ p: number[] | null; s: number[] | null; v: number[] | null; last: string | null }>(
          db,
          sql`select array_agg(p order by id) as p, array_agg(s order by id) as s, array_agg(v order by id) as v,
                     max(id) as last
              from (select p.number as p, s.number as s, v.value as v, v.id
                    from conversation_votes v
                    join conversation_participants p on p.id = v.participant_id
                    join conversation_statements s on s.id = v.statement_id
                    where v.conversation_id = ${conversationId} and v.id > ${after}
                    order by v.id limit ${batch}) b`,
        );
        if (!row?.p || row.last === null) break;
        for (let i = 0; i < row.p.length; i++) {
          out.participant.push(row.p[i]!);
          out.statement.push(row.s![i]!);
          out.value.push(row.v![i]!);
        }
        if (row.p.length < batch) break;
        after = Number(row.last);
      }
      return out;
    },
    // Stored analysis
    async analysis(placeId: string, conversationId: string): Promise<StoredAnalysisRow | undefined> {
      const [row] = await db
        .select()
        .from(conversationAnalyses)
        .where(and(eq(conversationAnalyses.placeId, placeId), eq(conversationAnalyses.conversationId, conversationId)))
        .limit(1);
      return row;
    },
    /** Only the comment priorities of the stored analysis: the voting page needs no more of it. */
    async priorities(conversationId: string): Promise<Record<number, number>> {
      const [row] = await db
        .select({ p: sql<Record<number, number> | null>`${conversationAnalyses.result} -> 'commentPriorities'` })
        .from(conversationAnalyses)
        .where(eq(conversationAnalyses.conversationId, conversationId))
        .limit(1);
      return row?.p ?? {};
    },
    async saveAnalysis(values: typeof conversationAnalyses.$inferInsert): Promise<void> {
      await db
        .insert(conversationAnalyses)
        .values(values)
        .onConflictDoUpdate({
          target: conversationAnalyses.conversationId,
          set: {
            computedAt: values.computedAt,
            voteCount: values.voteCount,
            participantCount: values.participantCount,
            durationMs: values.durationMs,
            result: values.result,
            stability: values.stability ?? null,
          },
        });
    },
    /** Conversations whose votes outnumber what their stored analysis saw (or that have none yet). */
    async staleConversations(): Promise<{ placeId: string; id: string }[]> {
      return rows<{ placeId: string; id: string }>(
        db,
        sql`select c.place_id as "placeId", c.id from conversations c
            left join conversation_analyses a on a.conversation_id = c.id
            where c.status <> 'draft'
              and (select count(*) from conversation_votes v where v.conversation_id = c.id) > coalesce(a.vote_count, 0)`,
      );
    },
  };
}

export type ConversationsRepository = ReturnType<typeof createConversationsRepository>;
