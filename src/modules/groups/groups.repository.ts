import { and, asc, count, desc, eq, inArray, isNotNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { communityGroups, groupMembers, groupProjects, type GroupRole } from './groups.schema.js';

export type Group = typeof communityGroups.$inferSelect;
export type NewGroup = typeof communityGroups.$inferInsert;
export type GroupMember = typeof groupMembers.$inferSelect;
type NewGroupMember = typeof groupMembers.$inferInsert;
type NewGroupProject = typeof groupProjects.$inferInsert;

export function createGroupsRepository(db: Db) {
  const inPlace = (placeId: string, ...more: (SQL | undefined)[]) => and(eq(communityGroups.placeId, placeId), ...more);
  const memberOf = (placeId: string, groupId: string, ...more: (SQL | undefined)[]) =>
    and(eq(groupMembers.placeId, placeId), eq(groupMembers.groupId, groupId), ...more);
  return {
    async findById(placeId: string, id: string): Promise<Group | undefined> {
      const rows = await db
        .select()
        .from(communityGroups)
        .where(inPlace(placeId, eq(communityGroups.id, id)))
        .limit(1);
      return rows[0];
    },
    /** By name, then id; in one ward when asked. */
    list(placeId: string, filter: { wardId?: string | undefined }, limit: number): Promise<Group[]> {
      return db
        .select()
        .from(communityGroups)
        .where(inPlace(placeId, filter.wardId ? eq(communityGroups.wardId, filter.wardId) : undefined))
        .orderBy(asc(communityGroups.name), asc(communityGroups.id))
        .limit(limit);
    },
    countByWard(placeId: string): Promise<{ wardId: string | null; groups: number }[]> {
      return db
        .select({ wardId: communityGroups.wardId, groups: count() })
        .from(communityGroups)
        .where(inPlace(placeId, isNotNull(communityGroups.wardId)))
        .groupBy(communityGroups.wardId);
    },
    startedBy(placeId: string, userId: string): Promise<Group[]> {
      return db
        .select()
        .from(communityGroups)
        .where(inPlace(placeId, eq(communityGroups.createdBy, userId)))
        .orderBy(desc(communityGroups.createdAt));
    },
    async insert(values: NewGroup): Promise<Group> {
      const [row] = await db.insert(communityGroups).values(values).returning();
      if (!row) throw new Error('The group was not stored.');
      return row;
    },
    async update(placeId: string, id: string, values: Partial<NewGroup>): Promise<void> {
      await db
        .update(communityGroups)
        .set({ ...values, updatedAt: new Date() })
        .where(inPlace(placeId, eq(communityGroups.id, id)));
    },
    async remove(placeId: string, id: string): Promise<void> {
      await db.delete(communityGroups).where(inPlace(placeId, eq(communityGroups.id, id)));
    },

    async membership(placeId: string, groupId: string, userId: string): Promise<GroupMember | undefined> {
      const rows = await db
        .select()
        .from(groupMembers)
        .where(memberOf(placeId, groupId, eq(groupMembers.userId, userId)))
        .limit(1);
      return rows[0];
    },
    /** Leads first, then by when they joined. */
    members(placeId: string, groupId: string, limit: number): Promise<GroupMember[]> {
      return db
        .select()
        .from(groupMembers)
        .where(memberOf(placeId, groupId))
        .orderBy(asc(groupMembers.role), asc(groupMembers.joinedAt), asc(groupMembers.id))
        .limit(limit);
    },
    async countMembers(placeId: string, groupId: string, role?: GroupRole): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(groupMembers)
        .where(memberOf(placeId, groupId, role ? eq(groupMembers.role, role) : undefined));
      return row?.n ?? 0;
    },
    /** How many members each group has. */
    async memberCounts(placeId: string, groupIds: string[]): Promise<Map<string, number>> {
      if (groupIds.length === 0) return new Map();
      const rows = await db
        .select({ groupId: groupMembers.groupId, n: count() })
        .from(groupMembers)
        .where(and(eq(groupMembers.placeId, placeId), inArray(groupMembers.groupId, groupIds)))
        .groupBy(groupMembers.groupId);
      return new Map(rows.map((r) => [r.groupId, r.n]));
    },
    /** One person's memberships with the groups' names (their copy of their data). */
    membershipsOf(placeId: string, userId: string): Promise<{ group: string; role: GroupRole; joinedAt: Date }[]> {
      return db
        .select({ group: communityGroups.name, role: groupMembers.role, joinedAt: groupMembers.joinedAt })
        .from(groupMembers)
        .innerJoin(communityGroups, eq(communityGroups.id, groupMembers.groupId))
        .where(and(eq(groupMembers.placeId, placeId), eq(groupMembers.userId, userId)))
        .orderBy(asc(groupMembers.joinedAt));
    },
    async addMember(values: NewGroupMember): Promise<void> {
      await db.insert(groupMembers).values(values).onConflictDoNothing();
    },
    async insertMembers(values: NewGroupMember[]): Promise<void> {
      if (values.length) await db.insert(groupMembers).values(values);
    },
    async removeMember(placeId: string, groupId: string, userId: string): Promise<void> {
      await db.delete(groupMembers).where(memberOf(placeId, groupId, eq(groupMembers.userId, userId)));
    },
    async setRole(placeId: string, groupId: string, userId: string, role: GroupRole): Promise<void> {
      await db
        .update(groupMembers)
        .set({ role })
        .where(memberOf(placeId, groupId, eq(groupMembers.userId, userId)));
    },

    /** The projects linked to a group, oldest link first. */
    async projectIds(placeId: string, groupId: string, limit: number): Promise<string[]> {
      const rows = await db
        .select({ projectId: groupProjects.projectId })
        .from(groupProjects)
        .where(and(eq(groupProjects.placeId, placeId), eq(groupProjects.groupId, groupId)))
        .orderBy(asc(groupProjects.linkedAt), asc(groupProjects.id))
        .limit(limit);
      return rows.map((r) => r.projectId);
    },
    /** The group a project belongs to, if any. */
    async groupOfProject(placeId: string, projectId: string): Promise<string | undefined> {
      const rows = await db
        .select({ groupId: groupProjects.groupId })
        .from(groupProjects)
        .where(and(eq(groupProjects.placeId, placeId), eq(groupProjects.projectId, projectId)))
        .limit(1);
      return rows[0]?.groupId;
    },
    async link(values: NewGroupProject): Promise<void> {
      await db.insert(groupProjects).values(values);
    },
    async insertLinks(values: NewGroupProject[]): Promise<void> {
      if (values.length) await db.insert(groupProjects).values(values);
    },
    async unlink(placeId: string, groupId: string, projectId: string): Promise<boolean> {
      const rows = await db
        .delete(groupProjects)
        .where(
          and(
            eq(groupProjects.placeId, placeId),
            eq(groupProjects.groupId, groupId),
            eq(groupProjects.projectId, projectId),
          ),
        )
        .returning({ id: groupProjects.id });
      return rows.length > 0;
    },
  };
}
