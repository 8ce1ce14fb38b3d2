import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { outbox } from './mail.schema.js';

export type OutboxMessage = typeof outbox.$inferSelect;

export function createMailRepository(db: Db) {
  return {
    async insert(values: typeof outbox.$inferInsert): Promise<OutboxMessage> {
      const [row] = await db.insert(outbox).values(values).returning();
      return row!;
    },
    async markSent(placeId: string, id: string, at: Date): Promise<void> {
      await db
        .update(outbox)
        .set({ sentAt: at })
        .where(and(eq(outbox.placeId, placeId), eq(outbox.id, id)));
    },
    async markFailed(placeId: string, id: string, error: string): Promise<void> {
      await db
        .update(outbox)
        .set({ error })
        .where(and(eq(outbox.placeId, placeId), eq(outbox.id, id)));
    },
    async list(placeId: string, limit: number, offset: number): Promise<OutboxMessage[]> {
      return db
        .select()
        .from(outbox)
        .where(eq(outbox.placeId, placeId))
        .orderBy(desc(outbox.createdAt))
        .limit(limit)
        .offset(offset);
    },
    async find(placeId: string, id: string): Promise<OutboxMessage | undefined> {
      const rows = await db
        .select()
        .from(outbox)
        .where(and(eq(outbox.placeId, placeId), eq(outbox.id, id)))
        .limit(1);
      return rows[0];
    },
  };
}
