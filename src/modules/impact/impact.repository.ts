import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import {
  impactAppraisals,
  impactAppraisalVersions,
  impactDeflators,
  impactEvidence,
  impactFrameworks,
  impactOutcomes,
  impactSettings,
  impactValues,
} from './impact.schema.js';

export type ImpactValue = typeof impactValues.$inferSelect;
export type NewImpactValue = typeof impactValues.$inferInsert;
export type Framework = typeof impactFrameworks.$inferSelect;
export type Outcome = typeof impactOutcomes.$inferSelect;
export type Evidence = typeof impactEvidence.$inferSelect;
export type AppraisalRow = typeof impactAppraisals.$inferSelect;
export type AppraisalVersion = typeof impactAppraisalVersions.$inferSelect;
export type ImpactSettings = typeof impactSettings.$inferSelect;

/** Every query of the impact module, each scoped by place. */
export function createImpactRepository(db: Db) {
  return {
    // ---- Value library ----
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

    // ---- Deflators and settings ----
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

    // ---- Outcome frameworks ----
    async listFrameworks(placeId: string, opts: { publishedOnly?: boolean } = {}): Promise<Framework[]> {
      return db
        .select()
        .from(impactFrameworks)
        .where(
          opts.publishedOnly
            ? and(eq(impactFrameworks.placeId, placeId), eq(impactFrameworks.status, 'published'))
            : eq(impactFrameworks.placeId, placeId),
        )
        .orderBy(sql`${impactFrameworks.projectId} is not null`, asc(impactFrameworks.name));
    },
    async findFramework(placeId: string, id: string): Promise<Framework | undefined> {
      const rows = await db
        .select()
        .from(impactFrameworks)
        .where(and(eq(impactFrameworks.placeId, placeId), eq(impactFrameworks.id, id)))
        .limit(1);
      return rows[0];
    },
    async placeFrameworkExists(placeId: string): Promise<boolean> {
      const rows = await db
        .select({ id: impactFrameworks.id })
        .from(impactFrameworks)
        .where(and(eq(impactFrameworks.placeId, placeId), isNull(impactFrameworks.projectId)))
        .limit(1);
      return rows.length > 0;
    },
    async insertFramework(values: typeof impactFrameworks.$inferInsert): Promise<Framework> {
      const [row] = await db.insert(impactFrameworks).values(values).returning();
      return row!;
    },
    async updateFramework(
      placeId: string,
      id: string,
      values: Partial<typeof impactFrameworks.$inferInsert>,
    ): Promise<Framework> {
      const [row] = await db
        .update(impactFrameworks)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(impactFrameworks.placeId, placeId), eq(impactFrameworks.id, id)))
        .returning();
      return row!;
    },
    async outcomes(placeId: string, frameworkId: string): Promise<Outcome[]> {
      return db
        .select()
        .from(impactOutcomes)
        .where(and(eq(impactOutcomes.placeId, placeId), eq(impactOutcomes.frameworkId, frameworkId)))
        .orderBy(asc(impactOutcomes.createdAt), asc(impactOutcomes.id));
    },
    async findOutcome(placeId: string, id: string): Promise<Outcome | undefined> {
      const rows = await db
        .select()
        .from(impactOutcomes)
        .where(and(eq(impactOutcomes.placeId, placeId), eq(impactOutcomes.id, id)))
        .limit(1);
      return rows[0];
    },
    async insertOutcome(values: typeof impactOutcomes.$inferInsert): Promise<Outcome> {
      const [row] = await db.insert(impactOutcomes).values(values).returning();
      return row!;
    },
    async evidenceFor(placeId: string, outcomeIds: string[]): Promise<Evidence[]> {
      if (!outcomeIds.length) return [];
      return db
        .select()
        .from(impactEvidence)
        .where(and(eq(impactEvidence.placeId, placeId), inArray(impactEvidence.outcomeId, outcomeIds)))
        .orderBy(asc(impactEvidence.periodFrom), asc(impactEvidence.createdAt));
    },
    async insertEvidence(values: typeof impactEvidence.$inferInsert): Promise<Evidence> {
      const [row] = await db.insert(impactEvidence).values(values).returning();
      return row!;
    },

    // ---- Appraisals ----
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
  };
}
export type ImpactRepository = ReturnType<typeof createImpactRepository>;
