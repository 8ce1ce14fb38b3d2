import { and, arrayOverlaps, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { capacityAsks, capacityNeeds, capacityOffers, type CapacityKind } from './capacity.schema.js';

export type Offer = typeof capacityOffers.$inferSelect;
export type Needs = typeof capacityNeeds.$inferSelect;
export type Ask = typeof capacityAsks.$inferSelect;
export type NewAsk = typeof capacityAsks.$inferInsert;

/** Every query of the capacity inventory, each scoped by place. */
export function createCapacityRepository(db: Db) {
  return {
    async offerOf(placeId: string, userId: string): Promise<Offer | undefined> {
      const rows = await db
        .select()
        .from(capacityOffers)
        .where(and(eq(capacityOffers.placeId, placeId), eq(capacityOffers.userId, userId)))
        .limit(1);
      return rows[0];
    },
    /** Saves the person's one offer, making it or changing it. */
    async saveOffer(
      placeId: string,
      userId: string,
      values: Pick<Offer, 'kinds' | 'description' | 'countInWard' | 'mayBeAsked'>,
    ): Promise<Offer> {
      const [row] = await db
        .insert(capacityOffers)
        .values({ placeId, userId, ...values })
        .onConflictDoUpdate({
          target: [capacityOffers.placeId, capacityOffers.userId],
          set: { ...values, updatedAt: new Date() },
        })
        .returning();
      return row!;
    },
    async setMayBeAsked(placeId: string, userId: string, mayBeAsked: boolean): Promise<boolean> {
      const rows = await db
        .update(capacityOffers)
        .set({ mayBeAsked, updatedAt: new Date() })
        .where(and(eq(capacityOffers.placeId, placeId), eq(capacityOffers.userId, userId)))
        .returning({ id: capacityOffers.id });
      return rows.length > 0;
    },
    async deleteOffer(placeId: string, userId: string): Promise<boolean> {
      const rows = await db
        .delete(capacityOffers)
        .where(and(eq(capacityOffers.placeId, placeId), eq(capacityOffers.userId, userId)))
        .returning({ id: capacityOffers.id });
      return rows.length > 0;
    },
    /** Who counts in the ward figures, and what they offer: never their words. */
    counted(placeId: string): Promise<{ userId: string; kinds: CapacityKind[] }[]> {
      return db
        .select({ userId: capacityOffers.userId, kinds: capacityOffers.kinds })
        .from(capacityOffers)
        .where(and(eq(capacityOffers.placeId, placeId), eq(capacityOffers.countInWard, true)));
    },
    /** People who agreed to be asked and offer at least one of `kinds`, with what they offered. */
    askable(
      placeId: string,
      kinds: CapacityKind[],
    ): Promise<{ userId: string; kinds: CapacityKind[]; description: string }[]> {
      return db
        .select({ userId: capacityOffers.userId, kinds: capacityOffers.kinds, description: capacityOffers.description })
        .from(capacityOffers)
        .where(
          and(
            eq(capacityOffers.placeId, placeId),
            eq(capacityOffers.mayBeAsked, true),
            arrayOverlaps(capacityOffers.kinds, kinds),
          ),
        );
    },

    async needsOf(placeId: string, projectId: string): Promise<Needs | undefined> {
      const rows = await db
        .select()
        .from(capacityNeeds)
        .where(and(eq(capacityNeeds.placeId, placeId), eq(capacityNeeds.projectId, projectId)))
        .limit(1);
      return rows[0];
    },
    /** The needs row, locked until the transaction ends: two asks at once for one project wait in turn. */
    async lockNeeds(placeId: string, projectId: string): Promise<Needs | undefined> {
      const rows = await db
        .select()
        .from(capacityNeeds)
        .where(and(eq(capacityNeeds.placeId, placeId), eq(capacityNeeds.projectId, projectId)))
        .for('update');
      return rows[0];
    },
    async saveNeeds(
      placeId: string,
      projectId: string,
      values: Pick<Needs, 'kinds' | 'description' | 'updatedBy'>,
    ): Promise<Needs> {
      const [row] = await db
        .insert(capacityNeeds)
        .values({ placeId, projectId, ...values })
        .onConflictDoUpdate({ target: capacityNeeds.projectId, set: { ...values, updatedAt: new Date() } })
        .returning();
      return row!;
    },
    /** Rows a seed writes, in one statement each. */
    async insertOffers(values: (typeof capacityOffers.$inferInsert)[]): Promise<void> {
      if (values.length) await db.insert(capacityOffers).values(values);
    },
    async insertNeeds(values: (typeof capacityNeeds.$inferInsert)[]): Promise<void> {
      if (values.length) await db.insert(capacityNeeds).values(values);
    },

    /** The project's latest ask since `since`, if any. */
    async lastAskSince(placeId: string, projectId: string, since: Date): Promise<Ask | undefined> {
      const rows = await db
        .select()
        .from(capacityAsks)
        .where(
          and(
            eq(capacityAsks.placeId, placeId),
            eq(capacityAsks.projectId, projectId),
            gt(capacityAsks.createdAt, since),
          ),
        )
        .orderBy(desc(capacityAsks.createdAt))
        .limit(1);
      return rows[0];
    },
    async insertAsk(values: NewAsk): Promise<Ask> {
      const [row] = await db.insert(capacityAsks).values(values).returning();
      return row!;
    },
    /** The messages one person sent (their copy of their data), newest first. */
    asksBy(placeId: string, userId: string): Promise<Ask[]> {
      return db
        .select()
        .from(capacityAsks)
        .where(and(eq(capacityAsks.placeId, placeId), eq(capacityAsks.askedBy, userId)))
        .orderBy(desc(capacityAsks.createdAt));
    },
  };
}
