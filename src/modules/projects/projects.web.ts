import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actionContext, linkContext, requireRole, requireUser } from '../../platform/auth.js';
import { hasRole } from '../../platform/context.js';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.js';
import { handleForm, parseForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import type { AreasService } from '../../core/areas/index.js';
import type { Project } from './projects.repository.js';
import { projectCategories, projectLeadTypes, projectStages } from './projects.schema.js';
import { progressOf, type Moderation, type ProjectsService } from './projects.service.js';
import {
  categoryLabels,
  coOrganiserSchema,
  declineSchema,
  editProjectSchema,
  formToInput,
  leadTypeLabels,
  listFilterSchema,
  proposeProjectSchema,
  residentLeadTypes,
  stageLabels,
} from './projects.validation.js';

/** The URLs of the projects pages. */
/** Projects per page of the list. */
const PAGE_SIZE = 50;

export const paths = {
  projects: '/projects',
  newProject: '/projects/new',
  project: (id: string) => `/projects/${id}`,
  edit: (id: string) => `/projects/${id}/edit`,
  join: (id: string) => `/projects/${id}/join`,
  leave: (id: string) => `/projects/${id}/leave`,
  coOrganisers: (id: string) => `/projects/${id}/co-organisers`,
  queue: '/admin/projects',
  publish: (id: string) => `/admin/projects/${id}/publish`,
  decline: (id: string) => `/admin/projects/${id}/decline`,
};

const labels = { categoryLabels, stageLabels, leadTypeLabels };
const noFields = z.strictObject({});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function projectId(request: FastifyRequest<{ Params: { id: string } }>): string {
  if (!UUID.test(request.params.id)) throw new NotFound('There is no such project.');
  return request.params.id;
}

const moderationOf = (request: FastifyRequest): Moderation =>
  request.place.settings.projectModeration === 'post' ? 'post' : 'pre';

/** What the progress towards the threshold says, in words. */
export function progressText(p: { members: number; threshold: number | null; met: boolean }): string {
  if (p.threshold === null) return `${p.members} ${p.members === 1 ? 'person is' : 'people are'} in`;
  if (p.met) return 'Enough people to start';
  return `${p.members} of ${p.threshold} people needed`;
}

/** A session as the project page lists it; the sessions module supplies them. */
export type UpcomingSession = { id: string; title: string; startsAt: Date; spaceName: string | null; dropIn: boolean };

type Deps = {
  projects: ProjectsService;
  areas: AreasService;
  /** The project's next sessions, from the sessions module (which builds on projects, so it is passed in). */
  upcomingSessions?: (placeId: string, projectId: string) => Promise<UpcomingSession[]>;
};

export async function projectsWeb(app: FastifyInstance, { projects, areas, upcomingSessions }: Deps) {
  const wardItems = async (placeId: string, selected: unknown, blank: string) => {
    const wards = await areas.listWards(placeId);
    return [
      { value: '', text: blank },
      ...wards.map((w) => ({ value: w.id, text: w.name, selected: w.id === selected })),
    ];
  };

  const formContext = async (request: FastifyRequest, values: Record<string, unknown>) => {
    const user = requireUser(request);
    const leadTypes = hasRole(user.role, 'officer')
      ? projectLeadTypes
      : projectLeadTypes.filter(
          (l) => (residentLeadTypes as readonly string[]).includes(l) || l === values.currentLeadType,
        );
    return {
      values,
      wards: await wardItems(request.place.id, values.areaId, 'Choose a ward'),
      categoryItems: projectCategories.map((c) => ({
        value: c,
        text: categoryLabels[c],
        selected: c === values.category,
      })),
      leadTypeItems: leadTypes.map((l) => ({ value: l, text: leadTypeLabels[l], checked: l === values.leadType })),
      stageItems: projectStages.map((s) => ({ value: s, text: stageLabels[s], checked: s === values.stage })),
    };
  };

  // The list, with filters (a GET form that works without JavaScript)
  app.get(paths.projects, async (request, reply) => {
    const placeId = request.place.id;
    const filter = listFilterSchema.parse(request.query ?? {});
    const ward = filter.ward ? await areas.findByCode(placeId, filter.ward) : undefined;
    const unknownWard = Boolean(filter.ward) && !ward;
    const listFilter = { areaId: ward?.id, category: filter.category, stage: filter.stage };
    const total = unknownWard ? 0 : await projects.countPublished(placeId, listFilter);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(filter.page, pages);
    const list = unknownWard
      ? []
      : await projects.listPublished(placeId, listFilter, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    const pageHref = (n: number) =>
      `${paths.projects}?${new URLSearchParams({
        ...(filter.ward ? { ward: filter.ward } : {}),
        ...(filter.category ? { category: filter.category } : {}),
        ...(filter.stage ? { stage: filter.stage } : {}),
        page: String(n),
      })}`;
    const mine = request.user ? await projects.listForUser(placeId, request.user.id) : [];
    const counts = await projects.memberCounts(
      placeId,
      [...list, ...mine].map((p) => p.id),
    );
    const wards = await areas.listWards(placeId);
    const wardNames = new Map(wards.map((w) => [w.id, w.name]));
    const row = (p: Project) => {
      const progress = progressOf(counts.get(p.id) ?? 0, p.threshold);
      return {
        ...p,
        wardName: p.areaId ? wardNames.get(p.areaId) : undefined,
        progress,
        progressText: progressText(progress),
      };
    };
    return reply.render('projects/views/list.njk', {
      ...labels,
      projects: list.map(row),
      total,
      pagination:
        pages > 1
          ? {
              previous: page > 1 ? { href: pageHref(page - 1) } : undefined,
              next: page < pages ? { href: pageHref(page + 1) } : undefined,
              items: Array.from({ length: pages }, (_, i) => ({
                number: i + 1,
                href: pageHref(i + 1),
                current: i + 1 === page,
              })),
            }
          : null,
      mine: mine.map((p) => ({ ...row(p), memberRole: p.memberRole })),
      filter,
      filtered: Boolean(filter.ward || filter.category || filter.stage),
      wardItems: [
        { value: '', text: 'Any ward' },
        ...wards.map((w) => ({ value: w.code, text: w.name, selected: w.code === filter.ward })),
      ],
      categoryItems: [
        { value: '', text: 'Any category' },
        ...projectCategories.map((c) => ({ value: c, text: categoryLabels[c], selected: c === filter.category })),
      ],
      stageItems: [
        { value: '', text: 'Any stage' },
        ...projectStages.map((s) => ({ value: s, text: stageLabels[s], selected: s === filter.stage })),
      ],
    });
  });

  // Proposing a project
  const showNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    values: Record<string, unknown> = { leadType: 'resident', needsPeople: 'yes' },
  ) => {
    return reply.render('projects/views/new.njk', {
      ...(await formContext(request, values)),
      errors,
      moderation: moderationOf(request),
    });
  };
  app.get(paths.newProject, async (request, reply) => {
    requireUser(request);
    return showNew(request, reply);
  });
  app.post(paths.newProject, async (request, reply) => {
    const user = requireUser(request);
    return handleForm(
      reply,
      proposeProjectSchema,
      request.body,
      async (data) => {
        const project = await projects.propose(actionContext(request), user, formToInput(data), moderationOf(request));
        return `${paths.project(project.id)}?created=${project.status}`;
      },
      (errors, values) => showNew(request, reply, errors, values),
    );
  });

  // One project
  const showProject = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    errors?: FormErrors,
  ) => {
    const placeId = request.place.id;
    const project = await projects.findVisible(request.user, placeId, projectId(request));
    const [members, ward] = await Promise.all([
      projects.members(placeId, project.id),
      project.areaId ? areas.findInPlace(placeId, project.areaId) : undefined,
    ]);
    const progress = progressOf(members.length, project.threshold);
    const me = request.user ? members.find((m) => m.userId === request.user!.id) : undefined;
    const organisers = members.filter((m) => m.role !== 'member');
    return reply.render('projects/views/show.njk', {
      ...labels,
      project,
      ward,
      organisers,
      memberCount: members.length,
      progress,
      progressText: progressText(progress),
      me,
      canOrganise: request.user ? await projects.canOrganise(request.user, project.id) : false,
      isOfficer: request.user ? hasRole(request.user.role, 'officer') : false,
      upcoming:
        upcomingSessions && project.status === 'published' ? await upcomingSessions(request.place.id, project.id) : [],
      errors,
    });
  };
  app.get<{ Params: { id: string } }>('/projects/:id', async (request, reply) => showProject(request, reply));

  const memberAction = (action: 'join' | 'leave') =>
    async function (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
      const user = requireUser(request);
      const id = projectId(request);
      await projects.findVisible(user, request.place.id, id);
      const parsed = parseForm(noFields, request.body);
      if (!parsed.ok) return showProject(request, reply.code(422), parsed.errors);
      try {
        if (action === 'join') await projects.join(actionContext(request), user.id, id, linkContext(request));
        else await projects.leave(actionContext(request), user.id, id);
      } catch (err) {
        if (err instanceof Conflict)
          return showProject(request, reply.code(409), toFormErrors([{ field: action, message: err.message }]));
        throw err;
      }
      return reply.redirect(`${paths.project(id)}?${action === 'join' ? 'joined' : 'left'}=1`, 303);
    };
  app.post<{ Params: { id: string } }>('/projects/:id/join', memberAction('join'));
  app.post<{ Params: { id: string } }>('/projects/:id/leave', memberAction('leave'));

  // Running a project: details, stage and co-organisers
  const editable = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const user = requireUser(request);
    const project = await projects.findVisible(user, request.place.id, projectId(request));
    if (!(await projects.canOrganise(user, project.id)))
      throw new Forbidden('Only the organisers of this project can change it.');
    return { user, project };
  };
  const showEdit = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) => {
    const { project } = await editable(request);
    const v = values ?? {
      title: project.title,
      summary: project.summary,
      why: project.why,
      category: project.category,
      areaId: project.areaId,
      needsPeople: project.needs.people ? 'yes' : undefined,
      needsSkills: project.needs.skills ?? '',
      needsSpace: project.needs.space ?? '',
      needsKit: project.needs.kit ?? '',
      leadType: project.leadType,
      threshold: project.threshold === null ? '' : String(project.threshold),
      stage: project.stage,
    };
    const members = await projects.members(request.place.id, project.id);
    return reply.render('projects/views/edit.njk', {
      ...(await formContext(request, { ...v, currentLeadType: project.leadType })),
      project,
      errors,
      memberItems: [
        { value: '', text: 'Choose a member' },
        ...members.filter((m) => m.role === 'member').map((m) => ({ value: m.userId, text: m.displayName })),
      ],
      coOrganisers: members.filter((m) => m.role === 'co_organiser'),
    });
  };
  app.get<{ Params: { id: string } }>('/projects/:id/edit', async (request, reply) => showEdit(request, reply));
  app.post<{ Params: { id: string } }>('/projects/:id/edit', async (request, reply) => {
    const { user, project } = await editable(request);
    return handleForm(
      reply,
      editProjectSchema,
      request.body,
      async (data) => {
        await projects.update(actionContext(request), user, project.id, { ...formToInput(data), stage: data.stage });
        return `${paths.project(project.id)}?updated=1`;
      },
      (errors, values) => showEdit(request, reply, errors, values),
    );
  });
  app.post<{ Params: { id: string } }>('/projects/:id/co-organisers', async (request, reply) => {
    const { user, project } = await editable(request);
    return handleForm(
      reply,
      coOrganiserSchema,
      request.body,
      async (data) => {
        await projects.addCoOrganiser(actionContext(request), user, project.id, data.userId);
        return `${paths.project(project.id)}?updated=co-organiser`;
      },
      (errors) => showEdit(request, reply, errors),
    );
  });
  app.post<{ Params: { id: string } }>('/projects/:id/co-organisers/remove', async (request, reply) => {
    const { user, project } = await editable(request);
    return handleForm(
      reply,
      coOrganiserSchema,
      request.body,
      async (data) => {
        await projects.removeCoOrganiser(actionContext(request), user, project.id, data.userId);
        return `${paths.project(project.id)}?updated=co-organiser-removed`;
      },
      (errors) => showEdit(request, reply, errors),
    );
  });

  // Moderation (officers)
  app.get(paths.queue, async (request, reply) => {
    requireRole(request, 'officer');
    const [pending, orphaned] = await Promise.all([
      projects.listPending(request.place.id),
      projects.listWithoutOrganiser(request.place.id),
    ]);
    const wards = new Map((await areas.listWards(request.place.id)).map((w) => [w.id, w.name]));
    return reply.render('projects/views/queue.njk', {
      ...labels,
      pending: pending.map((p) => ({ ...p, wardName: p.areaId ? wards.get(p.areaId) : undefined })),
      orphaned: orphaned.map((p) => ({ ...p, wardName: p.areaId ? wards.get(p.areaId) : undefined })),
      moderation: moderationOf(request),
    });
  });
  app.post<{ Params: { id: string } }>('/admin/projects/:id/publish', async (request, reply) => {
    requireRole(request, 'officer');
    const id = projectId(request);
    const parsed = parseForm(noFields, request.body);
    if (!parsed.ok) return showProject(request, reply.code(422), parsed.errors);
    await projects.publish(actionContext(request), id);
    return reply.redirect(`${paths.queue}?published=${id}`, 303);
  });
  const showDecline = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) => {
    requireRole(request, 'officer');
    const project = await projects.findInPlace(request.place.id, projectId(request));
    if (!project) throw new NotFound('There is no such project.');
    if (project.status === 'declined') throw new Conflict('This project has already been declined.');
    return reply.render('projects/views/decline.njk', { project, errors, values });
  };
  app.get<{ Params: { id: string } }>('/admin/projects/:id/decline', async (request, reply) =>
    showDecline(request, reply),
  );
  app.post<{ Params: { id: string } }>('/admin/projects/:id/decline', async (request, reply) => {
    requireRole(request, 'officer');
    const id = projectId(request);
    if (!(await projects.findInPlace(request.place.id, id))) throw new NotFound('There is no such project.');
    return handleForm(
      reply,
      declineSchema,
      request.body,
      async (data) => {
        await projects.decline(actionContext(request), id, data.reason, linkContext(request));
        return `${paths.queue}?declined=${id}`;
      },
      (errors, values) => showDecline(request, reply, errors, values),
    );
  });
}
