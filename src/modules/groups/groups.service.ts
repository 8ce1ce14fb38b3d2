import type { PeopleDirectory } from '../../core/accounts/index.js';
import type { AreasService } from '../../core/areas/index.js';
import { recordAudit } from '../../core/audit/index.js';
import { hasRole, type ActionContext, type CurrentUser } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import type { ProjectsService } from '../projects/index.js';
import type { SessionsService } from '../sessions/index.js';
import { createGroupsRepository, type Group, type GroupMember } from './groups.repository.js';
import type { GroupInput } from './groups.validation.js';

type Viewer = Pick<CurrentUser, 'id' | 'placeId' | 'role'>;
const FIELDS = ['name', 'description', 'wardId', 'contact', 'website'] as const;
/** Bounds on what one page shows: a group's members and projects, and each project's next sessions. */
const MAX_MEMBERS = 500;
const MAX_PROJECTS = 50;
const NEXT_SESSIONS = 3;

export type GroupsDeps = {
  areas: Pick<AreasService, 'findInPlace'>;
  people: Pick<PeopleDirectory, 'byIds'>;
  projects: Pick<ProjectsService, 'findInPlace' | 'canOrganise' | 'listForUser'>;
  sessions: Pick<SessionsService, 'list'>;
};

/**
 * Community groups: started by residents and listed at once (a group is what residents say it
 * is; verification comes later). A group has leads and members, a public contact it chose, and
 * the projects it runs (and through them, their sessions). Leads and officers change a group;
 * only officers remove one; the last lead cannot leave without handing over.
 */
export function createGroupsService(db: Db, { areas, people, projects, sessions }: GroupsDeps) {
  const repo = createGroupsRepository(db);

  async function checkWard(placeId: string, wardId: string | null) {
    if (!wardId) return;
    const area = await areas.findInPlace(placeId, wardId);
    if (area?.kind !== 'ward') throw new Invalid([{ field: 'wardId', message: 'Select a ward from the list' }]);
  }

  async function found(placeId: string, id: string): Promise<Group> {
    const group = await repo.findById(placeId, id);
    if (!group) throw new NotFound('There is no such group.');
    return group;
  }

  /** Leads of the group run it; officers may too, to tidy up. */
  async function mayRun(user: Viewer, group: Group): Promise<boolean> {
    if (hasRole(user.role, 'officer')) return true;
    return (await repo.membership(group.placeId, group.id, user.id))?.role === 'lead';
  }

  async function mustRun(user: Viewer, group: Group) {
    if (!(await mayRun(user, group))) throw new Forbidden('Only the leads of this group can do that.');
  }

  return {
    findInPlace: (placeId: string, id: string) => repo.findById(placeId, id),

    /** The group that runs a project, if any: what the project page shows (see `projectGroup`). */
    async groupOfProject(placeId: string, projectId: string): Promise<Group | undefined> {
      const groupId = await repo.groupOfProject(placeId, projectId);
      return groupId ? repo.findById(placeId, groupId) : undefined;
    },
    /** The place's groups by name (in one ward when asked), each with how many members it has. */
    async list(placeId: string, filter: { wardId?: string | undefined }, limit = 500) {
      const groups = await repo.list(placeId, filter, limit);
      const counts = await repo.memberCounts(
        placeId,
        groups.map((g) => g.id),
      );
      return groups.map((g) => ({ ...g, members: counts.get(g.id) ?? 0 }));
    },
    /** How many groups each ward has (groups with no ward are left out), for the strength map. */
    async groupsByWard(placeId: string): Promise<{ wardId: string; groups: number }[]> {
      const rows = await repo.countByWard(placeId);
      return rows.flatMap((r) => (r.wardId ? [{ wardId: r.wardId, groups: r.groups }] : []));
    },
    /** The groups of one ward by name, for the ward profile. */
    listInWard: (placeId: string, wardId: string, limit: number) => repo.list(placeId, { wardId }, limit),
    membership: (placeId: string, groupId: string, userId: string): Promise<GroupMember | undefined> =>
      repo.membership(placeId, groupId, userId),
    countMembers: (placeId: string, groupId: string) => repo.countMembers(placeId, groupId),
    mayRun,
    /** Members with their display names, leads first: never their email addresses. */
    async members(placeId: string, groupId: string) {
      const rows = await repo.members(placeId, groupId, MAX_MEMBERS);
      const names = new Map(
        (
          await people.byIds(
            placeId,
            rows.map((r) => r.userId),
          )
        ).map((p) => [p.id, p.displayName]),
      );
      return rows.flatMap((r) => {
        const displayName = names.get(r.userId);
        return displayName === undefined ? [] : [{ userId: r.userId, role: r.role, displayName }];
      });
    },
    /** The group's published projects, each with its next few sessions. */
    async projectsOf(placeId: string, groupId: string, now = new Date()) {
      const ids = await repo.projectIds(placeId, groupId, MAX_PROJECTS);
      const found = await Promise.all(ids.map((id) => projects.findInPlace(placeId, id)));
      const published = found.flatMap((p) => (p?.status === 'published' ? [p] : []));
      return Promise.all(
        published.map(async (project) => ({
          project,
          sessions: await sessions.list(placeId, { projectId: project.id, from: now }, { limit: NEXT_SESSIONS }),
        })),
      );
    },
    /** Every project linked to the group, whatever its status (for the leads' page). */
    async linkedProjects(placeId: string, groupId: string) {
      const ids = await repo.projectIds(placeId, groupId, MAX_PROJECTS);
      const found = await Promise.all(ids.map((id) => projects.findInPlace(placeId, id)));
      return found.flatMap((p) => (p ? [p] : []));
    },
    /** The projects this person organises that belong to no group yet: those they may link. */
    async linkable(placeId: string, userId: string) {
      const mine = await projects.listForUser(placeId, userId);
      const organised = mine.filter((p) => p.memberRole === 'organiser' || p.memberRole === 'co_organiser');
      const owners = await Promise.all(organised.map((p) => repo.groupOfProject(placeId, p.id)));
      return organised.filter((_p, i) => owners[i] === undefined);
    },
    startedBy: (placeId: string, userId: string) => repo.startedBy(placeId, userId),
    membershipsOf: (placeId: string, userId: string) => repo.membershipsOf(placeId, userId),

    /** Anyone signed in starts a group and becomes its lead; it is listed at once. */
    async start(ctx: ActionContext, user: Viewer, input: GroupInput): Promise<Group> {
      await checkWard(ctx.placeId, input.wardId);
      return db.transaction(async (tx) => {
        const r = createGroupsRepository(tx);
        const group = await r.insert({ ...input, placeId: ctx.placeId, createdBy: user.id });
        await r.addMember({ placeId: ctx.placeId, groupId: group.id, userId: user.id, role: 'lead' });
        await recordAudit(tx, ctx, {
          action: 'group.started',
          subjectType: 'group',
          subjectId: group.id,
          changes: { name: group.name },
        });
        return group;
      });
    },

    /** A lead or an officer changes the group's details; only what changed is audited. */
    async update(ctx: ActionContext, user: Viewer, id: string, input: GroupInput): Promise<void> {
      const before = await found(ctx.placeId, id);
      await mustRun(user, before);
      await checkWard(ctx.placeId, input.wardId);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const f of FIELDS) if (input[f] !== before[f]) changes[f] = { from: before[f], to: input[f] };
      if (Object.keys(changes).length === 0) return;
      await db.transaction(async (tx) => {
        await createGroupsRepository(tx).update(ctx.placeId, id, input);
        await recordAudit(tx, ctx, { action: 'group.updated', subjectType: 'group', subjectId: id, changes });
      });
    },

    /** Only an officer removes a group (its memberships and project links go with it). */
    async remove(ctx: ActionContext, user: Viewer, id: string): Promise<void> {
      if (!hasRole(user.role, 'officer')) throw new Forbidden('Only officers can remove a group.');
      const group = await found(ctx.placeId, id);
      await db.transaction(async (tx) => {
        await createGroupsRepository(tx).remove(ctx.placeId, id);
        await recordAudit(tx, ctx, {
          action: 'group.removed',
          subjectType: 'group',
          subjectId: id,
          changes: { name: group.name, description: group.description, contact: group.contact },
        });
      });
    },

    async join(ctx: ActionContext, user: Viewer, id: string): Promise<void> {
      await found(ctx.placeId, id);
      await repo.addMember({ placeId: ctx.placeId, groupId: id, userId: user.id, role: 'member' });
    },

    /** A member leaves; the last lead must first make another member a lead. */
    async leave(ctx: ActionContext, user: Viewer, id: string): Promise<void> {
      await found(ctx.placeId, id);
      await db.transaction(async (tx) => {
        const r = createGroupsRepository(tx);
        const mine = await r.membership(ctx.placeId, id, user.id);
        if (!mine) return;
        if (mine.role === 'lead' && (await r.countMembers(ctx.placeId, id, 'lead')) <= 1)
          throw new Conflict('You are the only lead of this group. Make another member a lead before you leave.');
        await r.removeMember(ctx.placeId, id, user.id);
      });
    },

    /** A lead (or an officer) makes another member a lead too. */
    async makeLead(ctx: ActionContext, user: Viewer, id: string, memberId: string): Promise<void> {
      const group = await found(ctx.placeId, id);
      await mustRun(user, group);
      const member = await repo.membership(ctx.placeId, id, memberId);
      if (!member) throw new Invalid([{ field: 'memberId', message: 'Choose a member from the list' }]);
      if (member.role === 'lead') return;
      await db.transaction(async (tx) => {
        await createGroupsRepository(tx).setRole(ctx.placeId, id, memberId, 'lead');
        await recordAudit(tx, ctx, {
          action: 'group.lead_added',
          subjectType: 'group',
          subjectId: id,
          changes: { userId: memberId },
        });
      });
    },

    /** A lead of the group who also organises the project links it to the group. */
    async linkProject(ctx: ActionContext, user: Viewer, id: string, projectId: string): Promise<void> {
      const group = await found(ctx.placeId, id);
      await mustRun(user, group);
      const project = await projects.findInPlace(ctx.placeId, projectId);
      if (!project || !(await projects.canOrganise(user, projectId)))
        throw new Invalid([{ field: 'projectId', message: 'Choose a project you organise from the list' }]);
      const owner = await repo.groupOfProject(ctx.placeId, projectId);
      if (owner === id) return;
      if (owner) throw new Invalid([{ field: 'projectId', message: 'That project already belongs to another group' }]);
      await db.transaction(async (tx) => {
        await createGroupsRepository(tx).link({ placeId: ctx.placeId, groupId: id, projectId, linkedBy: user.id });
        await recordAudit(tx, ctx, {
          action: 'group.project_linked',
          subjectType: 'group',
          subjectId: id,
          changes: { projectId },
        });
      });
    },

    /** A lead of the group, or an organiser of the project, takes the project off the group. */
    async unlinkProject(ctx: ActionContext, user: Viewer, id: string, projectId: string): Promise<void> {
      const group = await found(ctx.placeId, id);
      if (!(await mayRun(user, group)) && !(await projects.canOrganise(user, projectId)))
        throw new Forbidden('Only the leads of this group or the organisers of the project can do that.');
      await db.transaction(async (tx) => {
        if (!(await createGroupsRepository(tx).unlink(ctx.placeId, id, projectId)))
          throw new Invalid([{ field: 'projectId', message: 'Choose a project of this group' }]);
        await recordAudit(tx, ctx, {
          action: 'group.project_unlinked',
          subjectType: 'group',
          subjectId: id,
          changes: { projectId },
        });
      });
    },
  };
}
export type GroupsService = ReturnType<typeof createGroupsService>;
