import { and, asc, count, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { projectMembers, projects } from './projects.schema.js';

export type Project = typeof projects.$inferSelect;
export type NewProject = typeof projects.$inferInsert;
export type ProjectMember = typeof projectMembers.$inferSelect;
export type MemberRole = ProjectMember['role'];
/** A member as pages show them: a name and a role, never an email address. */
export type MemberName = { userId: string; displayName: string; role: MemberRole; joinedAt: Date };
/** Who is in a project and how, before their names are looked up. */
export type MemberRow = Omit<MemberName, 'displayName'>;

export type ProjectFilter = {
  areaId?: string | undefined;
  category?: Project['category'] | undefined;
  stage?: Project['stage'] | undefined;
  /** Keyset: only projects published before this one (newest first). */
  after?: { publishedAt: Date; id: string } | undefined;
};

/** The project `id` of the place. */
const projectIs = (placeId: string, id: string) => and(eq(projects.placeId, placeId), eq(projects.id, id));
/** `userId`'s membership of the project, in the place. */
const memberIs = (placeId: string, projectId: string, userId: string) =>
  and(eq(projectMembers.placeId, placeId), eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId));

export function createProjectsRepository(db: Db) {
  return {
    async findById(placeId: string, id: string): Promise<Project | undefined> {
      const rows = await db.select().from(projects).where(projectIs(placeId, id)).limit(1);
      return rows[0];
    },
    async membership(placeId: string, projectId: string, userId: string): Promise<ProjectMember | undefined> {
      const rows = await db
        .select()
        .from(projectMembers)
        .where(memberIs(placeId, projectId, userId))
        .limit(1);
      return rows[0];
    },
    async insert(values: NewProject): Promise<Project> {
      const [row] = await db.insert(projects).values(values).returning();
      return row!;
    },
    async update(placeId: string, id: string, values: Partial<NewProject>): Promise<Project> {
      const [row] = await db
        .update(projects)
        .set({ ...values, updatedAt: new Date() })
        .where(projectIs(placeId, id))
        .returning();
      return row!;
    },
    /** Published projects, newest first (`offset` skips that many, for numbered pages). */
    async listPublished(placeId: string, filter: ProjectFilter, limit: number, offset = 0): Promise<Project[]> {
      const where: SQL[] = [eq(projects.placeId, placeId), eq(projects.status, 'published')];
      if (filter.areaId) where.push(eq(projects.areaId, filter.areaId));
      if (filter.category) where.push(eq(projects.category, filter.category));
      if (filter.stage) where.push(eq(projects.stage, filter.stage));
      if (filter.after) {
        where.push(
          or(
            lt(projects.publishedAt, filter.after.publishedAt),
            and(eq(projects.publishedAt, filter.after.publishedAt), lt(projects.id, filter.after.id)),
          )!,
        );
      }
      return db
        .select()
        .from(projects)
        .where(and(...where))
        .orderBy(desc(projects.publishedAt), desc(projects.id))
        .limit(limit)
        .offset(offset);
    },
    /** How many published projects match the filter. */
    async countPublished(placeId: string, filter: ProjectFilter = {}): Promise<number> {
      const where: SQL[] = [eq(projects.placeId, placeId), eq(projects.status, 'published')];
      if (filter.areaId) where.push(eq(projects.areaId, filter.areaId));
      if (filter.category) where.push(eq(projects.category, filter.category));
      if (filter.stage) where.push(eq(projects.stage, filter.stage));
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(projects)
        .where(and(...where));
      return row?.n ?? 0;
    },
    async listByStatus(placeId: string, status: Project['status'], limit: number): Promise<Project[]> {
      return db
        .select()
        .from(projects)
        .where(and(eq(projects.placeId, placeId), eq(projects.status, status)))
        .orderBy(asc(projects.createdAt))
        .limit(limit);
    },
    /** Published projects (not ended) with nobody to run them: no organiser or co-organiser left. */
    async listWithoutOrganiser(placeId: string, limit: number): Promise<Project[]> {
      return db
        .select()
        .from(projects)
        .where(
          and(
            eq(projects.placeId, placeId),
            eq(projects.status, 'published'),
            sql`${projects.stage} <> 'ended'`,
            sql`not exists (select 1 from ${projectMembers} m where m.project_id = ${projects.id}
                            and m.place_id = ${placeId} and m.role in ('organiser', 'co_organiser'))`,
          ),
        )
        .orderBy(asc(projects.title))
        .limit(limit);
    },
    /** Every project someone is in, whatever its status. */
    async listForUser(placeId: string, userId: string): Promise<(Project & { memberRole: MemberRole })[]> {
      const rows = await db
        .select({ project: projects, memberRole: projectMembers.role })
        .from(projectMembers)
        .innerJoin(projects, eq(projects.id, projectMembers.projectId))
        .where(
          and(eq(projectMembers.placeId, placeId), eq(projectMembers.userId, userId), eq(projects.placeId, placeId)),
        )
        .orderBy(desc(projects.createdAt));
      return rows.map((r) => ({ ...r.project, memberRole: r.memberRole }));
    },
    /** Members (organisers included) of each project. */
    async memberCounts(placeId: string, projectIds: string[]): Promise<Map<string, number>> {
      if (projectIds.length === 0) return new Map();
      const rows = await db
        .select({ projectId: projectMembers.projectId, n: count() })
        .from(projectMembers)
        .where(and(eq(projectMembers.placeId, placeId), inArray(projectMembers.projectId, projectIds)))
        .groupBy(projectMembers.projectId);
      return new Map(rows.map((r) => [r.projectId, r.n]));
    },
    /** Organisers first, then co-organisers, then members, each longest-standing first. */
    async members(placeId: string, projectId: string): Promise<MemberRow[]> {
      return db
        .select({ userId: projectMembers.userId, role: projectMembers.role, joinedAt: projectMembers.joinedAt })
        .from(projectMembers)
        .where(and(eq(projectMembers.placeId, placeId), eq(projectMembers.projectId, projectId)))
        .orderBy(
          sql`case ${projectMembers.role} when 'organiser' then 0 when 'co_organiser' then 1 else 2 end`,
          asc(projectMembers.joinedAt),
        );
    },
    /** The organisers and co-organisers, for notices. */
    async organiserIds(placeId: string, projectId: string): Promise<string[]> {
      const rows = await db
        .select({ userId: projectMembers.userId })
        .from(projectMembers)
        .where(
          and(
            eq(projectMembers.placeId, placeId),
            eq(projectMembers.projectId, projectId),
            inArray(projectMembers.role, ['organiser', 'co_organiser']),
          ),
        );
      return rows.map((r) => r.userId);
    },
    async addMember(placeId: string, projectId: string, userId: string, role: MemberRole): Promise<boolean> {
      const rows = await db
        .insert(projectMembers)
        .values({ placeId, projectId, userId, role })
        .onConflictDoNothing()
        .returning({ userId: projectMembers.userId });
      return rows.length > 0;
    },
    async removeMember(placeId: string, projectId: string, userId: string): Promise<void> {
      await db.delete(projectMembers).where(memberIs(placeId, projectId, userId));
    },
    async setRole(placeId: string, projectId: string, userId: string, role: MemberRole): Promise<void> {
      await db
        .update(projectMembers)
        .set({ role })
        .where(memberIs(placeId, projectId, userId));
    },
    async countMembers(placeId: string, projectId: string, roles?: MemberRole[]): Promise<number> {
      const where: SQL[] = [eq(projectMembers.placeId, placeId), eq(projectMembers.projectId, projectId)];
      if (roles) where.push(inArray(projectMembers.role, roles));
      const [row] = await db
        .select({ n: count() })
        .from(projectMembers)
        .where(and(...where));
      return row!.n;
    },
    /** Locks the project row so that joins and leaves of one project happen one at a time. */
    async lock(placeId: string, id: string): Promise<void> {
      await db.select({ id: projects.id }).from(projects).where(projectIs(placeId, id)).for('update');
    },
    /** Marks the threshold met (not a change of the project's details, so `updatedAt` stays). */
    async markThresholdMet(placeId: string, id: string, at: Date): Promise<void> {
      await db.update(projects).set({ thresholdMetAt: at }).where(projectIs(placeId, id));
    },
  };
}
