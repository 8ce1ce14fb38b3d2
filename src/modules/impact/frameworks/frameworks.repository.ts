import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { impactEvidence, impactFrameworks, impactOutcomes } from '../impact.schema.js';

export type Framework = typeof impactFrameworks.$inferSelect;
export type Outcome = typeof impactOutcomes.$inferSelect;
export type Evidence = typeof impactEvidence.$inferSelect;

/** Outcome frameworks, their outcomes and evidence: every query scoped by place. */
export function createFrameworksRepository(db: Db) {
  return {
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
    /** The frameworks a person started and the evidence they recorded, for their copy of their data. */
    async createdBy(placeId: string, userId: string) {
      const frameworks = await db
        .select({ name: impactFrameworks.name, createdAt: impactFrameworks.createdAt })
        .from(impactFrameworks)
        .where(and(eq(impactFrameworks.placeId, placeId), eq(impactFrameworks.createdBy, userId)))
        .orderBy(asc(impactFrameworks.createdAt));
      const evidence = await db
        .select({
          outcome: impactOutcomes.label,
          periodFrom: impactEvidence.periodFrom,
          periodTo: impactEvidence.periodTo,
          value: impactEvidence.value,
          createdAt: impactEvidence.createdAt,
        })
        .from(impactEvidence)
        .innerJoin(
          impactOutcomes,
          and(eq(impactOutcomes.id, impactEvidence.outcomeId), eq(impactOutcomes.placeId, impactEvidence.placeId)),
        )
        .where(and(eq(impactEvidence.placeId, placeId), eq(impactEvidence.createdBy, userId)))
        .orderBy(asc(impactEvidence.createdAt));
      return { frameworks, evidence };
    },
  };
}
export type FrameworksRepository = ReturnType<typeof createFrameworksRepository>;
