import { and, asc, eq, gt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { spaces } from './spaces.schema.js';

export type Space = typeof spaces.$inferSelect;
export type NewSpace = typeof spaces.$inferInsert;

export function createSpacesRepository(db: Db) {
  return {
    async findById(placeId: string, id: string): Promise<Space | undefined> {
      const rows = await db
        .select()
        .from(spaces)
        .where(and(eq(spaces.placeId, placeId), eq(spaces.id, id)))
        .limit(1);
      return rows[0];
    },
    /** By name, then id; `after` is the last of the previous page. */
    async list(placeId: string, limit: number, after?: { name: string; id: string }): Promise<Space[]> {
      const where: SQL[] = [eq(spaces.placeId, placeId)];
      if (after)
        where.push(or(gt(spaces.name, after.name), and(eq(spaces.name, after.name), gt(spaces.id, after.id)))!);
      return db
        .select()
        .from(spaces)
        .where(and(...where))
        .orderBy(asc(spaces.name), asc(spaces.id))
        .limit(limit);
    },
    async insert(values: NewSpace): Promise<Space> {
      const [row] = await db.insert(spaces).values(values).returning();
      return row!;
    },
    async update(placeId: string, id: string, values: Partial<NewSpace>): Promise<Space> {
      const [row] = await db
        .update(spaces)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(spaces.placeId, placeId), eq(spaces.id, id)))
        .returning();
      return row!;
    },
  };
}
