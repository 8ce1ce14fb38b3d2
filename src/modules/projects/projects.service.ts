import { progressOf, type Progress } from './projects.progress.js';
import type { ActionContext, CurrentUser } from '../../platform/context.js';
import { hasRole } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import type { AreasService } from '../../core/areas/index.js';
import { recordAudit } from '../../core/audit/index.js';
import type { MailService } from '../../core/mail/index.js';
import { declinedEmail, thresholdMetEmail, type Email, type Links } from './projects.emails.js';
import {
  createProjectsRepository,
  type MemberName,
  type MemberRow,
  type Project,
  type ProjectFilter,
} from './projects.repository.js';
import type { projectStages } from './projects.schema.js';
import { residentLeadTypes, type ProjectInput } from './projects.validation.js';
import type { PeopleDirectory } from '../../core/accounts/index.js';

export type Moderation = 'pre' | 'post';
type Viewer = Pick<CurrentUser, 'id' | 'placeId' | 'role'>;
export type { Links } from './projects.emails.js';
export type Stage = (typeof projectStages)[number];

/** People as projects need them: names for pages, addresses for notices (the core's people directory). */
type People = Pick<PeopleDirectory, 'byIds'>;

export { progressOf, type Progress } from './projects.progress.js';

export type ProjectsDeps = { areas: AreasService; people: People; mail?: MailService | undefined };

/**
 * Projects: proposing, moderating, joining and running them.
 *
 * The threshold rule: every member counts towards it, organisers included. The first time a join
 * brings the count up to the threshold, the organisers are emailed, the project records when
 * (so leaving and joining again never sends a second email), the audit log says so, and a project
 * still at the `idea` stage moves to `gathering`: it has found its people and is getting ready to
 * start. Later stages never change by themselves; organisers choose when to move on.
 */
export function createProjectsService(db: Db, deps: ProjectsDeps) {
  const repo = createProjectsRepository(db);
  const { areas, people } = deps;

  async function canOrganise(user: Viewer, projectId: string): Promise<boolean> {
    if (hasRole(user.role, 'officer')) return true;
    const m = await repo.membership(user.placeId, projectId, user.id);
    return m?.role === 'organiser' || m?.role === 'co_organiser';
  }

  async function checkWard(placeId: string, areaId: string) {
    const area = await areas.findInPlace(placeId, areaId);
    if (!area || area.kind !== 'ward') throw new Invalid([{ field: 'areaId', message: 'Select a ward from the list' }]);
    return area;
  }

  function checkLeadType(user: Viewer, leadType: Project['leadType'], current?: Project['leadType']) {
    if (hasRole(user.role, 'officer') || leadType === current) return;
    if (!(residentLeadTypes as readonly string[]).includes(leadType))
      throw new Invalid([
        { field: 'leadType', message: 'Residents can lead a project themselves or with a community group' },
      ]);
  }

  async function send(placeId: string, userIds: string[], email: Email) {
    if (!deps.mail || userIds.length === 0) return;
    const found = await people.byIds(placeId, userIds);
    for (const person of found) if (person.email) await deps.mail.send(placeId, { to: person.email, ...email });
  }

  /** Members with their names, in the order the repository gives (people who have gone are left out). */
  async function named(placeId: string, rows: MemberRow[]): Promise<MemberName[]> {
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
      return displayName === undefined ? [] : [{ ...r, displayName }];
    });
  }

  return {
    findInPlace: (placeId: string, id: string) => repo.findById(placeId, id),
    /** Organisers and co-organisers of the project, and officers and admins of the place, may run it. */
    canOrganise,
    async isMember(placeId: string, projectId: string, userId: string): Promise<boolean> {
      return Boolean(await repo.membership(placeId, projectId, userId));
    },
    membership: (placeId: string, projectId: string, userId: string) => repo.membership(placeId, projectId, userId),
    listPublished: (placeId: string, filter: ProjectFilter, limit: number, offset = 0) =>
      repo.listPublished(placeId, filter, limit, offset),
    countPublished: (placeId: string, filter: ProjectFilter = {}) => repo.countPublished(placeId, filter),
    listPending: (placeId: string, limit = 200) => repo.listByStatus(placeId, 'pending', limit),
    /** Published projects left with no organiser (for example when theirs deleted their account). */
    listWithoutOrganiser: (placeId: string, limit = 200) => repo.listWithoutOrganiser(placeId, limit),
    listForUser: (placeId: string, userId: string) => repo.listForUser(placeId, userId),
    memberCounts: (placeId: string, ids: string[]) => repo.memberCounts(placeId, ids),
    /** Organisers, co-organisers and members with their names: never their email addresses. */
    members: async (placeId: string, projectId: string) => named(placeId, await repo.members(placeId, projectId)),
    async progress(placeId: string, project: Project): Promise<Progress> {
      return progressOf(await repo.countMembers(placeId, project.id), project.threshold);
    },

    /** A project the viewer may see: published ones for everyone; others for their organisers and officers. */
    async findVisible(viewer: Viewer | null, placeId: string, id: string): Promise<Project> {
      const project = await repo.findById(placeId, id);
      if (!project) throw new NotFound('There is no such project.');
      if (project.status === 'published') return project;
      if (viewer && viewer.placeId === placeId && (await canOrganise(viewer, id))) return project;
      throw new NotFound('There is no such project.');
    },

    /** A resident (or anyone signed in) proposes a project and becomes its organiser. */
    async propose(ctx: ActionContext, user: Viewer, input: ProjectInput, moderation: Moderation): Promise<Project> {
      await checkWard(ctx.placeId, input.areaId);
      checkLeadType(user, input.leadType);
      return db.transaction(async (tx) => {
        const r = createProjectsRepository(tx);
        const now = new Date();
        const project = await r.insert({
          placeId: ctx.placeId,
          ...input,
          status: moderation === 'post' ? 'published' : 'pending',
          publishedAt: moderation === 'post' ? now : null,
          createdBy: user.id,
        });
        await r.addMember(ctx.placeId, project.id, user.id, 'organiser');
        await recordAudit(tx, ctx, {
          action: 'project.created',
          subjectType: 'project',
          subjectId: project.id,
          changes: { title: project.title, status: project.status, moderation },
        });
        if (project.status === 'published')
          await recordAudit(tx, ctx, {
            action: 'project.published',
            subjectType: 'project',
            subjectId: project.id,
            changes: { status: { from: null, to: 'published' }, moderation },
          });
        return project;
      });
    },

    /** A project made through the API by an officer token: published at once, with no organiser yet. */
    async createPublished(
      ctx: ActionContext,
      input: ProjectInput & { stage: Stage },
      createdBy: string | null,
    ): Promise<Project> {
      await checkWard(ctx.placeId, input.areaId);
      return db.transaction(async (tx) => {
        const r = createProjectsRepository(tx);
        const project = await r.insert({
          placeId: ctx.placeId,
          ...input,
          status: 'published',
          publishedAt: new Date(),
          createdBy,
        });
        await recordAudit(tx, ctx, {
          action: 'project.created',
          subjectType: 'project',
          subjectId: project.id,
          changes: { title: project.title, status: 'published' },
        });
        await recordAudit(tx, ctx, {
          action: 'project.published',
          subjectType: 'project',
          subjectId: project.id,
          changes: { status: { from: null, to: 'published' } },
        });
        return project;
      });
    },

    async publish(ctx: ActionContext, id: string): Promise<Project> {
      return db.transaction(async (tx) => {
        const r = createProjectsRepository(tx);
        const before = await r.findById(ctx.placeId, id);
        if (!before) throw new NotFound('There is no such project.');
        if (before.status === 'published') throw new Conflict('This project is already published.');
        const project = await r.update(ctx.placeId, id, {
          status: 'published',
          publishedAt: new Date(),
          declineReason: null,
        });
        await recordAudit(tx, ctx, {
          action: 'project.published',
          subjectType: 'project',
          subjectId: id,
          changes: { status: { from: before.status, to: 'published' } },
        });
        return project;
      });
    },

    /** Declines a pending project, or takes a published one down; the proposer is told why. */
    async decline(ctx: ActionContext, id: string, reason: string, links?: Links): Promise<Project> {
      const { project, organisers } = await db.transaction(async (tx) => {
        const r = createProjectsRepository(tx);
        const before = await r.findById(ctx.placeId, id);
        if (!before) throw new NotFound('There is no such project.');
        if (before.status === 'declined') throw new Conflict('This project has already been declined.');
        const project = await r.update(ctx.placeId, id, { status: 'declined', declineReason: reason });
        await recordAudit(tx, ctx, {
          action: 'project.declined',
          subjectType: 'project',
          subjectId: id,
          changes: { status: { from: before.status, to: 'declined' }, reason },
        });
        return { project, organisers: await r.organiserIds(ctx.placeId, id) };
      });
      // The proposer hears first; if they have gone (or have no email), the organisers.
      const proposer = project.createdBy ? await people.byIds(ctx.placeId, [project.createdBy]) : [];
      const to = proposer[0]?.email ? [proposer[0].id] : organisers;
      await send(ctx.placeId, to, declinedEmail(project, reason, links));
      return project;
    },

    /** Organisers, co-organisers and officers change a project's details and stage. */
    async update(
      ctx: ActionContext,
      user: Viewer,
      id: string,
      input: ProjectInput & { stage: Stage },
    ): Promise<Project> {
      const before = await repo.findById(ctx.placeId, id);
      if (!before) throw new NotFound('There is no such project.');
      if (!(await canOrganise(user, id))) throw new Forbidden('Only the organisers of this project can change it.');
      if (input.areaId !== before.areaId) await checkWard(ctx.placeId, input.areaId);
      checkLeadType(user, input.leadType, before.leadType);
      return db.transaction(async (tx) => {
        const r = createProjectsRepository(tx);
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        for (const f of ['title', 'summary', 'why', 'category', 'areaId', 'leadType', 'threshold'] as const) {
          if (input[f] !== before[f]) changes[f] = { from: before[f], to: input[f] };
        }
        // jsonb keeps its own key order, so needs are compared key by key.
        const needKeys = ['people', 'skills', 'space', 'kit'] as const;
        if (needKeys.some((k) => (input.needs[k] ?? null) !== (before.needs[k] ?? null)))
          changes.needs = { from: before.needs, to: input.needs };
        const stageChanged = input.stage !== before.stage;
        if (Object.keys(changes).length === 0 && !stageChanged) return before;
        const project = await r.update(ctx.placeId, id, { ...input });
        if (Object.keys(changes).length > 0)
          await recordAudit(tx, ctx, { action: 'project.updated', subjectType: 'project', subjectId: id, changes });
        if (stageChanged)
          await recordAudit(tx, ctx, {
            action: 'project.stage_changed',
            subjectType: 'project',
            subjectId: id,
            changes: { stage: { from: before.stage, to: input.stage } },
          });
        return project;
      });
    },

    /** Joins a published project; see the threshold rule above. */
    async join(ctx: ActionContext, userId: string, id: string, links?: Links): Promise<Progress> {
      const result = await db.transaction(async (tx) => {
        const r = createProjectsRepository(tx);
        await r.lock(ctx.placeId, id);
        const project = await r.findById(ctx.placeId, id);
        if (!project || project.status !== 'published') throw new NotFound('There is no such project.');
        if (!(await r.addMember(ctx.placeId, id, userId, 'member')))
          throw new Conflict('You are already in this project.');
        const members = await r.countMembers(ctx.placeId, id);
        await recordAudit(tx, ctx, {
          action: 'project.joined',
          subjectType: 'project',
          subjectId: id,
          changes: { userId, members },
        });
        const progress = progressOf(members, project.threshold);
        let firstMet = false;
        if (progress.met && !project.thresholdMetAt) {
          firstMet = true;
          await r.markThresholdMet(ctx.placeId, id, new Date());
          await recordAudit(tx, ctx, {
            action: 'project.threshold_met',
            subjectType: 'project',
            subjectId: id,
            changes: { members, threshold: project.threshold },
          });
          if (project.stage === 'idea') {
            await r.update(ctx.placeId, id, { stage: 'gathering' });
            await recordAudit(tx, ctx, {
              action: 'project.stage_changed',
              subjectType: 'project',
              subjectId: id,
              changes: { stage: { from: 'idea', to: 'gathering' }, reason: 'threshold met' },
            });
          }
        }
        const to = firstMet ? await r.organiserIds(ctx.placeId, id) : [];
        return { project, progress, firstMet, to };
      });
      if (result.firstMet)
        await send(ctx.placeId, result.to, thresholdMetEmail(result.project, result.progress, links));
      return result.progress;
    },

    /** Leaves a project; the last organiser cannot leave (they would leave it with nobody to run it). */
    async leave(ctx: ActionContext, userId: string, id: string): Promise<void> {
      await db.transaction(async (tx) => {
        const r = createProjectsRepository(tx);
        await r.lock(ctx.placeId, id);
        const project = await r.findById(ctx.placeId, id);
        if (!project) throw new NotFound('There is no such project.');
        const m = await r.membership(ctx.placeId, id, userId);
        if (!m) throw new Conflict('You are not in this project.');
        if (m.role === 'organiser' && (await r.countMembers(ctx.placeId, id, ['organiser'])) === 1)
          throw new Conflict(
            'You are the only organiser. Make someone else an organiser, or ask the council to close the project, before you leave.',
          );
        await r.removeMember(ctx.placeId, id, userId);
        await recordAudit(tx, ctx, {
          action: 'project.left',
          subjectType: 'project',
          subjectId: id,
          changes: { userId, role: m.role, members: await r.countMembers(ctx.placeId, id) },
        });
      });
    },

    /** Makes an existing member a co-organiser. */
    async addCoOrganiser(ctx: ActionContext, user: Viewer, id: string, memberId: string): Promise<void> {
      if (!(await repo.findById(ctx.placeId, id))) throw new NotFound('There is no such project.');
      if (!(await canOrganise(user, id))) throw new Forbidden('Only the organisers of this project can do that.');
      await db.transaction(async (tx) => {
        const r = createProjectsRepository(tx);
        const m = await r.membership(ctx.placeId, id, memberId);
        if (!m) throw new Invalid([{ field: 'userId', message: 'Choose someone who is already in the project' }]);
        if (m.role !== 'member')
          throw new Invalid([{ field: 'userId', message: 'They are already an organiser of this project' }]);
        await r.setRole(ctx.placeId, id, memberId, 'co_organiser');
        await recordAudit(tx, ctx, {
          action: 'project.co_organiser_added',
          subjectType: 'project',
          subjectId: id,
          changes: { userId: memberId, role: { from: 'member', to: 'co_organiser' } },
        });
      });
    },

    /** Makes a co-organiser an ordinary member again (they stay in the project). */
    async removeCoOrganiser(ctx: ActionContext, user: Viewer, id: string, memberId: string): Promise<void> {
      if (!(await repo.findById(ctx.placeId, id))) throw new NotFound('There is no such project.');
      if (!(await canOrganise(user, id))) throw new Forbidden('Only the organisers of this project can do that.');
      await db.transaction(async (tx) => {
        const r = createProjectsRepository(tx);
        const m = await r.membership(ctx.placeId, id, memberId);
        if (!m || m.role !== 'co_organiser')
          throw new Invalid([{ field: 'userId', message: 'They are not a co-organiser of this project' }]);
        await r.setRole(ctx.placeId, id, memberId, 'member');
        await recordAudit(tx, ctx, {
          action: 'project.co_organiser_removed',
          subjectType: 'project',
          subjectId: id,
          changes: { userId: memberId, role: { from: 'co_organiser', to: 'member' } },
        });
      });
    },
  };
}
export type ProjectsService = ReturnType<typeof createProjectsService>;
