import { and, asc, count, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { conversationParticipants, conversations } from '../conversations.schema.js';
import { conversationCommitments, conversationCommitmentUpdates, conversationOutcomes } from './outcomes.schema.js';

export type Outcome = typeof conversationOutcomes.$inferSelect;
export type Commitment = typeof conversationCommitments.$inferSelect;
export type NewCommitment = typeof conversationCommitments.$inferInsert;
export type CommitmentUpdate = typeof conversationCommitmentUpdates.$inferSelect;

/** Every query of "closing the loop", each scoped by place. */
export function createOutcomesRepository(db: Db) {
  return {
    async outcome(placeId: string, conversationId: string): Promise<Outcome | undefined> {
      const [row] = await db
        .select()
        .from(conversationOutcomes)
        .where(and(eq(conversationOutcomes.placeId, placeId), eq(conversationOutcomes.conversationId, conversationId)))
        .limit(1);
      return row;
    },
    async saveOutcome(
      placeId: string,
      conversationId: string,
      values: Pick<Outcome, 'whatWeHeard' | 'whatWeCannotDo' | 'whatResidentsCouldTakeOn' | 'updatedBy'>,
    ): Promise<Outcome> {
      const [row] = await db
        .insert(conversationOutcomes)
        .values({ placeId, conversationId, ...values })
        .onConflictDoUpdate({
          target: conversationOutcomes.conversationId,
          set: { ...values, updatedAt: new Date() },
          // The conflict target is the conversation; the place check keeps tenancy even here.
          setWhere: eq(conversationOutcomes.placeId, placeId),
        })
        .returning();
      return row!;
    },
    /** Marks it published if it was not; undefined when it already was (two officers at once). */
    async publish(placeId: string, conversationId: string, by: string | null, at: Date): Promise<Outcome | undefined> {
      const [row] = await db
        .update(conversationOutcomes)
        .set({ publishedAt: at, publishedBy: by, updatedAt: at })
        .where(
          and(
            eq(conversationOutcomes.placeId, placeId),
            eq(conversationOutcomes.conversationId, conversationId),
            isNull(conversationOutcomes.publishedAt),
          ),
        )
        .returning();
      return row;
    },
    async markNotified(placeId: string, conversationId: string, at: Date): Promise<void> {
      await db
        .update(conversationOutcomes)
        .set({ notifiedAt: at })
        .where(and(eq(conversationOutcomes.placeId, placeId), eq(conversationOutcomes.conversationId, conversationId)));
    },
    async commitments(placeId: string, conversationId: string): Promise<Commitment[]> {
      return db
        .select()
        .from(conversationCommitments)
        .where(
          and(eq(conversationCommitments.placeId, placeId), eq(conversationCommitments.conversationId, conversationId)),
        )
        .orderBy(asc(conversationCommitments.position), asc(conversationCommitments.createdAt));
    },
    async commitment(placeId: string, conversationId: string, id: string): Promise<Commitment | undefined> {
      const [row] = await db
        .select()
        .from(conversationCommitments)
        .where(
          and(
            eq(conversationCommitments.placeId, placeId),
            eq(conversationCommitments.conversationId, conversationId),
            eq(conversationCommitments.id, id),
          ),
        )
        .limit(1);
      return row;
    },
    async insertCommitment(values: NewCommitment): Promise<Commitment> {
      const [row] = await db.insert(conversationCommitments).values(values).returning();
      return row!;
    },
    async nextPosition(placeId: string, conversationId: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`coalesce(max(${conversationCommitments.position}) + 1, 0)`.mapWith(Number) })
        .from(conversationCommitments)
        .where(
          and(eq(conversationCommitments.placeId, placeId), eq(conversationCommitments.conversationId, conversationId)),
        );
      return row?.n ?? 0;
    },
    async setCommitmentStatus(
      placeId: string,
      id: string,
      status: Commitment['status'],
      at: Date,
    ): Promise<Commitment | undefined> {
      const [row] = await db
        .update(conversationCommitments)
        .set({ status, doneAt: status === 'done' ? at : null, updatedAt: at })
        .where(and(eq(conversationCommitments.placeId, placeId), eq(conversationCommitments.id, id)))
        .returning();
      return row;
    },
    async changeCommitment(
      placeId: string,
      id: string,
      values: Pick<Commitment, 'text' | 'owner' | 'dueDate'>,
    ): Promise<Commitment | undefined> {
      const [row] = await db
        .update(conversationCommitments)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(conversationCommitments.placeId, placeId), eq(conversationCommitments.id, id)))
        .returning();
      return row;
    },
    async insertUpdate(values: typeof conversationCommitmentUpdates.$inferInsert): Promise<CommitmentUpdate> {
      const [row] = await db.insert(conversationCommitmentUpdates).values(values).returning();
      return row!;
    },
    async updates(placeId: string, commitmentIds: string[]): Promise<CommitmentUpdate[]> {
      if (!commitmentIds.length) return [];
      return db
        .select()
        .from(conversationCommitmentUpdates)
        .where(
          and(
            eq(conversationCommitmentUpdates.placeId, placeId),
            inArray(conversationCommitmentUpdates.commitmentId, commitmentIds),
          ),
        )
        .orderBy(asc(conversationCommitmentUpdates.createdAt), asc(conversationCommitmentUpdates.id));
    },
    /** Every commitment in the place with its conversation, published outcomes only unless `includeUnpublished`. */
    async placeCommitments(
      placeId: string,
      opts: { includeUnpublished: boolean },
    ): Promise<(Commitment & { question: string; published: boolean })[]> {
      const where = [eq(conversationCommitments.placeId, placeId), ne(conversations.status, 'draft')];
      if (!opts.includeUnpublished) where.push(isNotNull(conversationOutcomes.publishedAt));
      const rows = await db
        .select({
          commitment: conversationCommitments,
          question: conversations.question,
          publishedAt: conversationOutcomes.publishedAt,
        })
        .from(conversationCommitments)
        .innerJoin(
          conversations,
          and(
            eq(conversations.placeId, conversationCommitments.placeId),
            eq(conversations.id, conversationCommitments.conversationId),
          ),
        )
        .leftJoin(
          conversationOutcomes,
          and(
            eq(conversationOutcomes.placeId, conversationCommitments.placeId),
            eq(conversationOutcomes.conversationId, conversationCommitments.conversationId),
          ),
        )
        .where(and(...where))
        .orderBy(asc(conversationCommitments.dueDate), asc(conversationCommitments.createdAt));
      return rows.map((r) => ({ ...r.commitment, question: r.question, published: r.publishedAt !== null }));
    },
    /** The accounts of the people who took part with one (the service asks accounts which can be emailed). */
    async participantUserIds(placeId: string, conversationId: string): Promise<string[]> {
      const rows = await db
        .selectDistinct({ userId: conversationParticipants.userId })
        .from(conversationParticipants)
        .where(
          and(
            eq(conversationParticipants.placeId, placeId),
            eq(conversationParticipants.conversationId, conversationId),
            isNotNull(conversationParticipants.userId),
          ),
        );
      return rows.map((r) => r.userId!);
    },
    /** How many took part, and how many of them without an account (who cannot be emailed). */
    async participantCounts(placeId: string, conversationId: string): Promise<{ total: number; anonymous: number }> {
      const [row] = await db
        .select({
          total: count(),
          anonymous: sql<number>`count(*) filter (where ${conversationParticipants.userId} is null)`.mapWith(Number),
        })
        .from(conversationParticipants)
        .where(
          and(
            eq(conversationParticipants.placeId, placeId),
            eq(conversationParticipants.conversationId, conversationId),
          ),
        );
      return { total: row?.total ?? 0, anonymous: row?.anonymous ?? 0 };
    },
  };
}
