import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { apiTokens } from './api-tokens.schema.js';

export type ApiToken = typeof apiTokens.$inferSelect;

export function createApiTokensRepository(db: Db) {
  return {
    async insert(values: typeof apiTokens.$inferInsert): Promise<ApiToken> {
      const [row] = await db.insert(apiTokens).values(values).returning();
      return row!;
    },
    async findActiveByHash(tokenHash: string): Promise<ApiToken | undefined> {
      const rows = await db
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
        .limit(1);
      return rows[0];
    },
    async find(placeId: string, id: string): Promise<ApiToken | undefined> {
      const rows = await db
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.placeId, placeId), eq(apiTokens.id, id)))
        .limit(1);
      return rows[0];
    },
    async list(placeId: string): Promise<ApiToken[]> {
      return db.select().from(apiTokens).where(eq(apiTokens.placeId, placeId)).orderBy(desc(apiTokens.createdAt));
    },
    async revoke(placeId: string, id: string, at: Date): Promise<void> {
      await db
        .update(apiTokens)
        .set({ revokedAt: at })
        .where(and(eq(apiTokens.placeId, placeId), eq(apiTokens.id, id)));
    },
    async touch(placeId: string, id: string, at: Date): Promise<void> {
      await db
        .update(apiTokens)
        .set({ lastUsedAt: at })
        .where(and(eq(apiTokens.placeId, placeId), eq(apiTokens.id, id)));
    },
  };
}
