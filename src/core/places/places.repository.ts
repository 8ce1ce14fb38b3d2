import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { placeHosts, places, type PlaceSettings } from './places.schema.js';

export type Place = typeof places.$inferSelect;

export function createPlacesRepository(db: Db) {
  return {
    async findByHostname(hostname: string): Promise<Place | undefined> {
      const rows = await db
        .select({ place: places })
        .from(placeHosts)
        .innerJoin(places, eq(places.id, placeHosts.placeId))
        .where(eq(placeHosts.hostname, hostname))
        .limit(1);
      return rows[0]?.place;
    },
    async findDefault(): Promise<Place | undefined> {
      const rows = await db.select().from(places).where(eq(places.isDefault, true)).limit(1);
      return rows[0];
    },
    async findBySlug(slug: string): Promise<Place | undefined> {
      const rows = await db.select().from(places).where(eq(places.slug, slug)).limit(1);
      return rows[0];
    },
    async findById(id: string): Promise<Place | undefined> {
      const rows = await db.select().from(places).where(eq(places.id, id)).limit(1);
      return rows[0];
    },
    async list(): Promise<Place[]> {
      return db.select().from(places).orderBy(places.name);
    },
    async hostnames(placeId: string): Promise<string[]> {
      const rows = await db.select().from(placeHosts).where(eq(placeHosts.placeId, placeId));
      return rows.map((r) => r.hostname).sort();
    },
    async insert(input: { slug: string; name: string; isDefault: boolean; settings?: PlaceSettings }): Promise<Place> {
      const [row] = await db.insert(places).values(input).returning();
      return row!;
    },
    async addHostname(placeId: string, hostname: string): Promise<void> {
      await db.insert(placeHosts).values({ placeId, hostname });
    },
    async update(id: string, values: { name?: string; settings?: PlaceSettings }): Promise<Place> {
      const [row] = await db.update(places).set(values).where(eq(places.id, id)).returning();
      return row!;
    },
  };
}
