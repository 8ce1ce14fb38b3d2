import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { projectMembers, projects, type projectCategories } from './projects.schema.js';

/** What other modules show or count of a project beside their own rows (sessions, attendance). */
export type ProjectFact = {
  id: string;
  title: string;
  category: (typeof projectCategories)[number];
  status: 'pending' | 'published' | 'declined';
  leadType: 'resident' | 'community_group' | 'council' | 'partner';
  areaId: string | null;
};

const fact = {
  id: projects.id,
  title: projects.title,
  category: projects.category,
  status: projects.status,
  leadType: projects.leadType,
  areaId: projects.areaId,
};

/**
 * Set-based reads of projects for the modules that list or count things by project (sessions'
 * listings, participation's figures): one query per set, scoped by place. A place has hundreds
 * of projects, not millions, so passing their ids around is cheap.
 */
export function createProjectFacts(db: Db) {
  return {
    async byIds(placeId: string, ids: string[]): Promise<Map<string, ProjectFact>> {
      if (ids.length === 0) return new Map();
      const rows = await db
        .select(fact)
        .from(projects)
        .where(and(eq(projects.placeId, placeId), inArray(projects.id, [...new Set(ids)])));
      return new Map(rows.map((r) => [r.id, r]));
    },

    /** The place's published projects with who leads each (for counting the active and resident-led ones). */
    async published(placeId: string): Promise<Pick<ProjectFact, 'id' | 'leadType'>[]> {
      return db
        .select({ id: projects.id, leadType: projects.leadType })
        .from(projects)
        .where(and(eq(projects.placeId, placeId), eq(projects.status, 'published')));
    },

    /** The ids of the place's projects that are published (when asked) and of a category (when given). */
    async ids(
      placeId: string,
      filter: { publishedOnly?: boolean | undefined; category?: ProjectFact['category'] | undefined },
    ): Promise<string[]> {
      const where: SQL[] = [eq(projects.placeId, placeId)];
      if (filter.publishedOnly) where.push(eq(projects.status, 'published'));
      if (filter.category) where.push(eq(projects.category, filter.category));
      const rows = await db
        .select({ id: projects.id })
        .from(projects)
        .where(and(...where));
      return rows.map((r) => r.id);
    },

    /** A person's memberships with what the participation ladder needs to know of each project. */
    async membershipsOf(placeId: string, userId: string) {
      return db
        .select({
          projectId: projectMembers.projectId,
          role: projectMembers.role,
          stage: projects.stage,
          status: projects.status,
        })
        .from(projectMembers)
        .innerJoin(projects, and(eq(projects.id, projectMembers.projectId), eq(projects.placeId, placeId)))
        .where(and(eq(projectMembers.placeId, placeId), eq(projectMembers.userId, userId)));
    },

    /** Projects published in [start, end), in one ward (the project's own) when given. */
    async countPublishedBetween(placeId: string, start: Date, end: Date, areaId: string | null): Promise<number> {
      const where: SQL[] = [
        eq(projects.placeId, placeId),
        eq(projects.status, 'published'),
        gte(projects.publishedAt, start),
        lt(projects.publishedAt, end),
      ];
      if (areaId) where.push(eq(projects.areaId, areaId));
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(projects)
        .where(and(...where));
      return row?.n ?? 0;
    },
  };
}
export type ProjectFacts = ReturnType<typeof createProjectFacts>;
