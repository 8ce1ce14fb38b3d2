import { and, asc, eq, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { areas } from './areas.schema.js';

export type Area = typeof areas.$inferSelect;
export type NewArea = Omit<typeof areas.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** A page of a place's areas by code: of one kind, after a code, at most `limit`. */
export type AreaListOptions = { kind?: string; afterCode?: string; limit?: number };

export function createAreasRepository(db: Db) {
  return {
    async list(placeId: string, opts: AreaListOptions = {}): Promise<Area[]> {
      const where = [eq(areas.placeId, placeId)];
      if (opts.kind) where.push(eq(areas.kind, opts.kind));
      if (opts.afterCode) where.push(gt(areas.code, opts.afterCode));
      const q = db
        .select()
        .from(areas)
        .where(and(...where))
        .orderBy(asc(areas.code));
      return opts.limit ? q.limit(opts.limit) : q;
    },
    async listByName(placeId: string, kind: string): Promise<Area[]> {
      return db
        .select()
        .from(areas)
        .where(and(eq(areas.placeId, placeId), eq(areas.kind, kind)))
        .orderBy(asc(areas.name));
    },
    async listChildren(placeId: string, parentId: string): Promise<Area[]> {
      return db
        .select()
        .from(areas)
        .where(and(eq(areas.placeId, placeId), eq(areas.parentId, parentId)))
        .orderBy(asc(areas.kind), asc(areas.code));
    },
    async findByIds(placeId: string, ids: string[]): Promise<Area[]> {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(areas)
        .where(and(eq(areas.placeId, placeId), inArray(areas.id, ids)));
    },
    async findById(placeId: string, id: string): Promise<Area | undefined> {
      const rows = await db
        .select()
        .from(areas)
        .where(and(eq(areas.placeId, placeId), eq(areas.id, id)))
        .limit(1);
      return rows[0];
    },
    async findByCode(placeId: string, code: string): Promise<Area | undefined> {
      const rows = await db
        .select()
        .from(areas)
        .where(and(eq(areas.placeId, placeId), eq(areas.code, code)))
        .limit(1);
      return rows[0];
    },
    async insert(values: NewArea): Promise<Area> {
      const [row] = await db.insert(areas).values(values).returning();
      return row!;
    },
    /**
     * Inserts or replaces by (place, code); returns whether each row was new. A population left
     * undefined keeps the one already stored, so re-importing boundaries does not wipe figures.
     */
    async upsert(values: NewArea): Promise<{ area: Area; created: boolean }> {
      const [row] = await db
        .insert(areas)
        .values(values)
        .onConflictDoUpdate({
          target: [areas.placeId, areas.code],
          set: {
            name: values.name,
            kind: values.kind ?? 'ward',
            ...(values.population !== undefined
              ? { population: values.population, populationYear: values.populationYear ?? null }
              : {}),
            boundary: values.boundary ?? null,
            ...(values.parentBasis !== undefined
              ? {
                  parentId: values.parentId ?? null,
                  parentBasis: values.parentBasis,
                  parentShare: values.parentShare ?? null,
                }
              : {}),
            updatedAt: new Date(),
          },
        })
        .returning({ ...getTableColumns(areas), created: sql<boolean>`(xmax = 0)` });
      const { created, ...area } = row!;
      return { area, created };
    },
    async update(placeId: string, id: string, values: Partial<NewArea>): Promise<Area | undefined> {
      const [row] = await db
        .update(areas)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(areas.placeId, placeId), eq(areas.id, id)))
        .returning();
      return row;
    },
  };
}
