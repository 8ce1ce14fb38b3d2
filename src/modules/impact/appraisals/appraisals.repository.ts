import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { impactAppraisals, impactAppraisalVersions } from '../impact.schema.js';

export type AppraisalRow = typeof impactAppraisals.$inferSelect;
export type AppraisalVersion = typeof impactAppraisalVersions.$inferSelect;

/** Appraisals and their saved versions: every query scoped by place. */
export function createAppraisalsRepository(db: Db) {
  return {
    async listAppraisals(placeId: string): Promise<AppraisalRow[]> {
      return db
        .select()
        .from(impactAppraisals)
        .where(eq(impactAppraisals.placeId, placeId))
        .orderBy(desc(impactAppraisals.updatedAt));
    },
    async findAppraisal(placeId: string, id: string): Promise<AppraisalRow | undefined> {
      const rows = await db
        .select()
        .from(impactAppraisals)
        .where(and(eq(impactAppraisals.placeId, placeId), eq(impactAppraisals.id, id)))
        .limit(1);
      return rows[0];
    },
    /** Locks the appraisal so that two saves never make the same version number. */
    async lockAppraisal(placeId: string, id: string): Promise<AppraisalRow | undefined> {
      const rows = await db
        .select()
        .from(impactAppraisals)
        .where(and(eq(impactAppraisals.placeId, placeId), eq(impactAppraisals.id, id)))
        .for('update');
      return rows[0];
    },
    async insertAppraisal(values: typeof impactAppraisals.$inferInsert): Promise<AppraisalRow> {
      const [row] = await db.insert(impactAppraisals).values(values).returning();
      return row!;
    },
    async updateAppraisal(
      placeId: string,
      id: string,
      values: Partial<typeof impactAppraisals.$inferInsert>,
    ): Promise<AppraisalRow> {
      const [row] = await db
        .update(impactAppraisals)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(impactAppraisals.placeId, placeId), eq(impactAppraisals.id, id)))
        .returning();
      return row!;
    },
    async insertVersion(values: typeof impactAppraisalVersions.$inferInsert): Promise<void> {
      await db.insert(impactAppraisalVersions).values(values);
    },
    async versions(placeId: string, appraisalId: string): Promise<AppraisalVersion[]> {
      return db
        .select()
        .from(impactAppraisalVersions)
        .where(and(eq(impactAppraisalVersions.placeId, placeId), eq(impactAppraisalVersions.appraisalId, appraisalId)))
        .orderBy(desc(impactAppraisalVersions.version));
    },
    /** The appraisals a person started and each version they saved, for their copy of their data. */
    async createdBy(placeId: string, userId: string) {
      const appraisals = await db
        .select({ title: impactAppraisals.title, createdAt: impactAppraisals.createdAt })
        .from(impactAppraisals)
        .where(and(eq(impactAppraisals.placeId, placeId), eq(impactAppraisals.createdBy, userId)))
        .orderBy(asc(impactAppraisals.createdAt));
      const versions = await db
        .select({
          appraisal: impactAppraisals.title,
          version: impactAppraisalVersions.version,
          note: impactAppraisalVersions.note,
          savedAt: impactAppraisalVersions.savedAt,
        })
        .from(impactAppraisalVersions)
        .innerJoin(
          impactAppraisals,
          and(
            eq(impactAppraisals.id, impactAppraisalVersions.appraisalId),
            eq(impactAppraisals.placeId, impactAppraisalVersions.placeId),
          ),
        )
        .where(and(eq(impactAppraisalVersions.placeId, placeId), eq(impactAppraisalVersions.savedBy, userId)))
        .orderBy(asc(impactAppraisalVersions.savedAt), asc(impactAppraisalVersions.version));
      return { appraisals, versions };
    },
  };
}
