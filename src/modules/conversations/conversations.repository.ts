import { and, asc, count, countDistinct, desc, eq, gte, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';
import {
  conversationAnalyses,
  conversationImports,
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
/** Where an imported conversation came from, with its licence and attribution. */
export type ImportInfo = typeof conversationImports.$inferSelect;

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

/** A conversation's statements, always within its place. */
const ofConversation = (placeId: string, conversationId: string) =>
  and(eq(conversationStatements.placeId, placeId), eq(conversationStatements.conversationId, conversationId))!;
/** A conversation's participants, always within its place. */
const participantsOf = (placeId: string, conversationId: string) =>
  and(eq(conversationParticipants.placeId, placeId), eq(conversationParticipants.conversationId, conversationId))!;

/** A conversation's votes, always within its place. */
const votesOf = (placeId: string, conversationId: string) =>
  and(eq(conversationVotes.placeId, placeId), eq(conversationVotes.conversationId, conversationId))!;

/** Every query of the conversations core, each scoped by place (tenancy). */
export function createConversationsRepository(db: Db) {
  /** The one statement `where` finds (it names the place), if any. */
  async function firstStatement(where: SQL): Promise<Statement | undefined> {
    const [row] = await db.select().from(conversationStatements).where(where).limit(1);
    return row;
  }
  /** The conversation's one participant that `match` finds, if any. */
  async function firstParticipant(
    placeId: string,
    conversationId: string,
    match: SQL,
  ): Promise<Participant | undefined> {
    const [row] = await db
      .select()
      .from(conversationParticipants)
      .where(and(participantsOf(placeId, conversationId), match))
      .limit(1);
    return row;
  }

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
    async lock(placeId: string, id: string): Promise<void> {
      await db.execute(sql`select 1 from conversations where place_id = ${placeId} and id = ${id} for update`);
    },
    /** Reserves `n` statement or participant numbers; the row lock serialises concurrent callers. */
    async allocate(placeId: string, id: string, what: 'statement' | 'participant', n: number): Promise<number> {
      const column = what === 'statement' ? conversations.nextStatementNumber : conversations.nextParticipantNumber;
      const [row] = await db
        .update(conversations)
        .set(
          what === 'statement'
            ? { nextStatementNumber: sql`${column} + ${n}` }
            : { nextParticipantNumber: sql`${column} + ${n}` },
        )
        .where(and(eq(conversations.placeId, placeId), eq(conversations.id, id)))
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
    statement: (placeId: string, id: string) =>
      firstStatement(and(eq(conversationStatements.placeId, placeId), eq(conversationStatements.id, id))!),
    statementByNumber: (placeId: string, conversationId: string, number: number) =>
      firstStatement(and(ofConversation(placeId, conversationId), eq(conversationStatements.number, number))!),
    statementByTextKey: (placeId: string, conversationId: string, textKey: string) =>
      firstStatement(and(ofConversation(placeId, conversationId), eq(conversationStatements.textKey, textKey))!),
    async statements(placeId: string, conversationId: string, status?: StatementStatus): Promise<Statement[]> {
      const where = [ofConversation(placeId, conversationId)];
      if (status) where.push(eq(conversationStatements.status, status));
      return db
        .select()
        .from(conversationStatements)
        .where(and(...where))
        .orderBy(asc(conversationStatements.number));
    },
    async statementCounts(placeId: string, conversationId: string): Promise<Record<StatementStatus, number>> {
      const list = await db
        .select({ status: conversationStatements.status, n: count() })
        .from(conversationStatements)
        .where(ofConversation(placeId, conversationId))
        .groupBy(conversationStatements.status);
      const out: Record<StatementStatus, number> = { pending: 0, accepted: 0, rejected: 0 };
      for (const r of list) out[r.status] = r.n;
      return out;
    },
    async moderate(
      placeId: string,
      id: string,
      values: { status: StatementStatus; moderationReason: string | null; moderatedBy: string; isMeta: boolean },
    ): Promise<Statement | undefined> {
      const [row] = await db
        .update(conversationStatements)
        .set({ ...values, moderatedAt: new Date() })
        .where(and(eq(conversationStatements.placeId, placeId), eq(conversationStatements.id, id)))
        .returning();
      return row;
    },
    async statementsByAuthor(placeId: string, participantId: string): Promise<Statement[]> {
      return db
        .select()
        .from(conversationStatements)
        .where(
          and(
            eq(conversationStatements.placeId, placeId),
            eq(conversationStatements.authorParticipantId, participantId),
          ),
        )
        .orderBy(asc(conversationStatements.number));
    },
    async statementsBy(placeId: string, participantId: string, since: Date): Promise<number> {
      return db.$count(
        conversationStatements,
        and(
          eq(conversationStatements.placeId, placeId),
          eq(conversationStatements.authorParticipantId, participantId),
          gte(conversationStatements.createdAt, since),
        ),
      );
    },

    // Participants
    participantByUser: (placeId: string, conversationId: string, userId: string) =>
      firstParticipant(placeId, conversationId, eq(conversationParticipants.userId, userId)),
    participantByToken: (placeId: string, conversationId: string, tokenHash: string) =>
      firstParticipant(placeId, conversationId, eq(conversationParticipants.tokenHash, tokenHash)),
    participantByExternalId: (placeId: string, conversationId: string, externalId: string) =>
      firstParticipant(placeId, conversationId, eq(conversationParticipants.externalId, externalId)),
    async insertParticipant(values: typeof conversationParticipants.$inferInsert): Promise<Participant> {
      const [row] = await db.insert(conversationParticipants).values(values).returning();
      return row!;
    },
    async participantCount(placeId: string, conversationId: string): Promise<number> {
      return db.$count(conversationParticipants, participantsOf(placeId, conversationId));
    },

    // Votes
    async insertVote(values: typeof conversationVotes.$inferInsert) {
      const [row] = await db.insert(conversationVotes).values(values).returning();
      return row!;
    },
    /** Many votes at once (imports, the demo), in batches, inserted in the given order so ids follow it. */
    async insertVotes(values: Omit<typeof conversationVotes.$inferInsert, 'id'>[]): Promise<void> {
      for (let i = 0; i < values.length; i += 5000)
        await db.insert(conversationVotes).values(values.slice(i, i + 5000));
    },
    /** The participant's latest vote on each statement they voted on. */
    async latestVotes(placeId: string, participantId: string): Promise<Map<string, -1 | 0 | 1>> {
      const list = await rows<{ statement_id: string; value: number }>(
        db,
        sql`select distinct on (statement_id) statement_id, value from conversation_votes
            where place_id = ${placeId} and participant_id = ${participantId} order by statement_id, id desc`,
      );
      return new Map(list.map((r) => [r.statement_id, r.value as -1 | 0 | 1]));
    },
    async votesSince(placeId: string, participantId: string, since: Date): Promise<number> {
      return db.$count(
        conversationVotes,
        and(
          eq(conversationVotes.placeId, placeId),
          eq(conversationVotes.participantId, participantId),
          gte(conversationVotes.createdAt, since),
        ),
      );
    },
    async voteCount(placeId: string, conversationId: string): Promise<number> {
      return db.$count(conversationVotes, votesOf(placeId, conversationId));
    },
    async voteCounts(
      placeId: string,
      conversationIds: string[],
    ): Promise<Map<string, { votes: number; participants: number }>> {
      if (conversationIds.length === 0) return new Map();
      const list = await db
        .select({
          id: conversationVotes.conversationId,
          votes: count(),
          participants: countDistinct(conversationVotes.participantId),
        })
        .from(conversationVotes)
        .where(and(eq(conversationVotes.placeId, placeId), inArray(conversationVotes.conversationId, conversationIds)))
        .groupBy(conversationVotes.conversationId);
      return new Map(list.map((r) => [r.id, { votes: r.votes, participants: r.participants }]));
    },
    /** Statements waiting for moderation, per conversation. */
    async pendingCounts(placeId: string, conversationIds: string[]): Promise<Map<string, number>> {
      if (conversationIds.length === 0) return new Map();
      const list = await db
        .select({ id: conversationStatements.conversationId, n: count() })
        .from(conversationStatements)
        .where(
          and(
            eq(conversationStatements.placeId, placeId),
            inArray(conversationStatements.conversationId, conversationIds),
            eq(conversationStatements.status, 'pending'),
          ),
        )
        .groupBy(conversationStatements.conversationId);
      return new Map(list.map((r) => [r.id, r.n]));
    },
    /**
     * Every vote of the conversation (history included) in the order cast, by Polis numbers, as
     * parallel arrays. Read in batches aggregated by the database: about 3 times faster than a row
     * per vote, and no single value grows past what PostgreSQL allows.
     */
    async voteArraysForAnalysis(
      placeId: string,
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
                    where v.place_id = ${placeId} and v.conversation_id = ${conversationId} and v.id > ${after}
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
    /**
     * Where an imported conversation came from; undefined for one held here. Its licence asks for
     * the attribution wherever the data is shown: the report, the outcome and the export.
     */
    async importInfo(placeId: string, conversationId: string): Promise<ImportInfo | undefined> {
      const [row] = await db
        .select()
        .from(conversationImports)
        .where(and(eq(conversationImports.placeId, placeId), eq(conversationImports.conversationId, conversationId)))
        .limit(1);
      return row;
    },
    /** Only the comment priorities of the stored analysis: the voting page needs no more of it. */
    async priorities(placeId: string, conversationId: string): Promise<Record<number, number>> {
      const [row] = await db
        .select({ p: sql<Record<number, number> | null>`${conversationAnalyses.result} -> 'commentPriorities'` })
        .from(conversationAnalyses)
        .where(and(eq(conversationAnalyses.placeId, placeId), eq(conversationAnalyses.conversationId, conversationId)))
        .limit(1);
      return row?.p ?? {};
    },
    /** Replaces the stored analysis; the place check keeps tenancy even on the conflict path. */
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
          setWhere: eq(conversationAnalyses.placeId, values.placeId),
        });
    },
    /**
     * What a signed-in person did in conversations, for their copy of their data: the conversations
     * they took part in, every vote they cast (re-votes included) and the statements they wrote.
     * Anonymous (cookie) participation is not linked to an account, so it cannot be found here.
     */
    async personalData(placeId: string, userId: string) {
      const q = (query: SQL) => rows(db, query);
      const iso = (v: unknown) => new Date(String(v)).toISOString();
      const joined = await q(
        sql`select c.question, p.created_at as "joinedAt"
            from conversation_participants p join conversations c on c.id = p.conversation_id
            where p.place_id = ${placeId} and p.user_id = ${userId} order by p.created_at`,
      );
      const votes = await q(
        sql`select c.question as conversation, s.text as statement,
                   case v.value when 1 then 'agree' when -1 then 'disagree' else 'pass' end as vote,
                   v.created_at as "at"
            from conversation_votes v
            join conversation_participants p on p.id = v.participant_id
            join conversation_statements s on s.id = v.statement_id
            join conversations c on c.id = p.conversation_id
            where p.place_id = ${placeId} and p.user_id = ${userId}
            order by v.created_at, v.id`,
      );
      const statements = await q(
        sql`select c.question as conversation, s.text, s.status, s.created_at as "at"
            from conversation_statements s
            join conversation_participants p on p.id = s.author_participant_id
            join conversations c on c.id = p.conversation_id
            where p.place_id = ${placeId} and p.user_id = ${userId}
            order by s.created_at`,
      );
      return {
        tookPartIn: joined.map((j) => ({ conversation: j.question, joinedAt: iso(j.joinedAt) })),
        votes: votes.map((v) => ({ ...v, at: iso(v.at) })),
        statements: statements.map((s) => ({ ...s, at: iso(s.at) })),
      };
    },
    /**
     * Conversations whose votes outnumber what their stored analysis saw (or that have none yet), in
     * every place: the one query across places, run once at start to resume lost background work.
     */
    async staleConversations(): Promise<{ placeId: string; id: string }[]> {
      return rows<{ placeId: string; id: string }>(
        db,
        sql`select c.place_id as "placeId", c.id from conversations c
            left join conversation_analyses a on a.place_id = c.place_id and a.conversation_id = c.id
            where c.status <> 'draft'
              and (select count(*) from conversation_votes v
                   where v.place_id = c.place_id and v.conversation_id = c.id) > coalesce(a.vote_count, 0)`,
      );
    },
  };
}
