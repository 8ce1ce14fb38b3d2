import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { impactDeflators, impactSettings, impactValues } from '../impact.schema.js';

export type ImpactValue = typeof impactValues.$inferSelect;
export type NewImpactValue = typeof impactValues.$inferInsert;
export type ImpactSettings = typeof impactSettings.$inferSelect;

/** The value library, the deflator series and the settings of each place: every query scoped by place. */
export function createValuesRepository(db: Db) {
  return {
    async listValues(placeId: string): Promise<ImpactValue[]> {
      return db
        .select()
        .from(impactValues)
        .where(eq(impactValues.placeId, placeId))
        .orderBy(
          asc(impactValues.origin),
          asc(impactValues.theme),
          asc(impactValues.code),
          asc(impactValues.description),
        );
    },
    async findValue(placeId: string, id: string): Promise<ImpactValue | undefined> {
      const rows = await db
        .select()
        .from(impactValues)
        .where(and(eq(impactValues.placeId, placeId), eq(impactValues.id, id)))
        .limit(1);
      return rows[0];
    },
    async valuesByIds(placeId: string, ids: string[]): Promise<ImpactValue[]> {
      if (!ids.length) return [];
      return db
        .select()
        .from(impactValues)
        .where(and(eq(impactValues.placeId, placeId), inArray(impactValues.id, ids)));
    },
    async insertValues(values: NewImpactValue[]): Promise<ImpactValue[]> {
      if (!values.length) return [];
      return db.insert(impactValues).values(values).returning();
    },
    async updateValue(placeId: string, id: string, values: Partial<NewImpactValue>): Promise<ImpactValue | undefined> {
      const [row] = await db
        .update(impactValues)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(impactValues.placeId, placeId), eq(impactValues.id, id)))
        .returning();
      return row;
    },
    async deleteValue(placeId: string, id: string): Promise<void> {
      await db.delete(impactValues).where(and(eq(impactValues.placeId, placeId), eq(impactValues.id, id)));
    },
    /** The place's values from one origin, by id and code. */
    async valueCodes(placeId: string, origin: ImpactValue['origin']): Promise<{ id: string; code: string | null }[]> {
      return db
        .select({ id: impactValues.id, code: impactValues.code })
        .from(impactValues)
        .where(and(eq(impactValues.placeId, placeId), eq(impactValues.origin, origin)));
    },
    async deleteValues(placeId: string, ids: string[]): Promise<void> {
      if (!ids.length) return;
      await db.delete(impactValues).where(and(eq(impactValues.placeId, placeId), inArray(impactValues.id, ids)));
    },
    async countValues(placeId: string, origin?: ImpactValue['origin']): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(impactValues)
        .where(
          origin
            ? and(eq(impactValues.placeId, placeId), eq(impactValues.origin, origin))
            : eq(impactValues.placeId, placeId),
        );
      return row!.n;
    },

    async deflators(placeId: string): Promise<{ year: number; index: number }[]> {
      return db
        .select({ year: impactDeflators.year, index: impactDeflators.index })
        .from(impactDeflators)
        .where(eq(impactDeflators.placeId, placeId))
        .orderBy(asc(impactDeflators.year));
    },
    async replaceDeflators(placeId: string, series: { year: number; index: number }[]): Promise<void> {
      await db.delete(impactDeflators).where(eq(impactDeflators.placeId, placeId));
      if (series.length) await db.insert(impactDeflators).values(series.map((s) => ({ placeId, ...s })));
    },
    async settings(placeId: string): Promise<ImpactSettings | undefined> {
      const rows = await db.select().from(impactSettings).where(eq(impactSettings.placeId, placeId)).limit(1);
      return rows[0];
    },
    /**
     * Creates the place's settings unless they exist; true only for the caller that created them.
     * On PostgreSQL a second caller waits for the first's transaction, then finds the row.
     */
    async createSettingsIfMissing(
      placeId: string,
      values: { optimismBias: Record<string, number>; deflatorSource: string },
    ): Promise<boolean> {
      const rows = await db
        .insert(impactSettings)
        .values({ placeId, ...values })
        .onConflictDoNothing()
        .returning({ placeId: impactSettings.placeId });
      return rows.length > 0;
    },
    /** Locks the place's settings row, so imports and series replacements happen one at a time. */
    async lockSettings(placeId: string): Promise<void> {
      await db
        .select({ placeId: impactSettings.placeId })
        .from(impactSettings)
        .where(eq(impactSettings.placeId, placeId))
        .for('update');
    },
    async saveSettings(
      placeId: string,
      values: { optimismBias: Record<string, number>; deflatorSource: string },
    ): Promise<void> {
      await db
        .insert(impactSettings)
        .values({ placeId, ...values })
        .onConflictDoUpdate({ target: impactSettings.placeId, set: { ...values, updatedAt: new Date() } });
    },
    /** The values a person added to the place's library, for their copy of their data. */
    async addedBy(placeId: string, userId: string) {
      return db
        .select({ description: impactValues.description, code: impactValues.code, createdAt: impactValues.createdAt })
        .from(impactValues)
        .where(and(eq(impactValues.placeId, placeId), eq(impactValues.createdBy, userId)))
        .orderBy(asc(impactValues.createdAt));
    },
  };
}
