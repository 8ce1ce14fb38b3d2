import { and, asc, count, desc, eq, gt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { communityAssets, type AssetCategory, type AssetStatus } from './assets.schema.js';

export type Asset = typeof communityAssets.$inferSelect;
export type NewAsset = typeof communityAssets.$inferInsert;

export type AssetFilter = { status: AssetStatus; category?: AssetCategory; areaId?: string };

export function createAssetsRepository(db: Db) {
  const inPlace = (placeId: string, ...more: (SQL | undefined)[]) => and(eq(communityAssets.placeId, placeId), ...more);
  return {
    async findById(placeId: string, id: string): Promise<Asset | undefined> {
      const rows = await db
        .select()
        .from(communityAssets)
        .where(inPlace(placeId, eq(communityAssets.id, id)))
        .limit(1);
      return rows[0];
    },
    /** By name, then id; `after` is the last of the previous page. */
    list(placeId: string, filter: AssetFilter, limit: number, after?: { name: string; id: string }): Promise<Asset[]> {
      return db
        .select()
        .from(communityAssets)
        .where(
          inPlace(
            placeId,
            eq(communityAssets.status, filter.status),
            filter.category ? eq(communityAssets.category, filter.category) : undefined,
            filter.areaId ? eq(communityAssets.areaId, filter.areaId) : undefined,
            after
              ? or(
                  gt(communityAssets.name, after.name),
                  and(eq(communityAssets.name, after.name), gt(communityAssets.id, after.id)),
                )
              : undefined,
          ),
        )
        .orderBy(asc(communityAssets.name), asc(communityAssets.id))
        .limit(limit);
    },
    /** Public assets per ward and category, for the register's summary and the strength map. */
    countPublic(placeId: string): Promise<{ areaId: string | null; category: AssetCategory; assets: number }[]> {
      return db
        .select({ areaId: communityAssets.areaId, category: communityAssets.category, assets: count() })
        .from(communityAssets)
        .where(inPlace(placeId, eq(communityAssets.status, 'public')))
        .groupBy(communityAssets.areaId, communityAssets.category);
    },
    /** What one person suggested, newest first (their copy of their data). */
    suggestedBy(placeId: string, userId: string): Promise<Asset[]> {
      return db
        .select()
        .from(communityAssets)
        .where(inPlace(placeId, eq(communityAssets.createdBy, userId)))
        .orderBy(desc(communityAssets.createdAt));
    },
    async insert(values: NewAsset): Promise<Asset> {
      const [row] = await db.insert(communityAssets).values(values).returning();
      return row!;
    },
    /** Rows of one place, as a seed or an import writes them, in one statement. */
    async insertMany(values: NewAsset[]): Promise<void> {
      if (values.length) await db.insert(communityAssets).values(values);
    },
    async update(placeId: string, id: string, values: Partial<NewAsset>): Promise<Asset> {
      const [row] = await db
        .update(communityAssets)
        .set({ ...values, updatedAt: new Date() })
        .where(inPlace(placeId, eq(communityAssets.id, id)))
        .returning();
      return row!;
    },
  };
}
