import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext, linkContext, requireUser } from '../../platform/auth.js';
import { hasRole } from '../../platform/context.js';
import { Conflict } from '../../platform/errors.js';
import { idParams } from '../../platform/fields.js';
import { handleForm, parseForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import type { AreasService } from '../../core/areas/index.js';
import { projectPaths as paths } from './projects.paths.js';
import type { Project } from './projects.repository.js';
import { projectLeadTypes } from './projects.schema.js';
import { progressOf, type Moderation, type ProjectsService } from './projects.service.js';
import { formToInput, listFilterSchema, proposeProjectSchema, residentLeadTypes } from './projects.validation.js';
import {
  projectFormView,
  projectListView,
  projectView,
  type ProjectGroup,
  type ProjectSessions,
} from './projects.view-models.js';

/** Projects per page of the list. */
const PAGE_SIZE = 50;

export type ProjectsWebDeps = {
  projects: ProjectsService;
  areas: AreasService;
  /** The project's sessions, from the sessions module when it is enabled. */
  sessions?: ProjectSessions | undefined;
  /** The group that runs the project, from the groups module when it is enabled. */
  group?: ProjectGroup | undefined;
};

export const noFields = z.strictObject({});
export const noQuery = z.object({});
/** A word a form's redirect adds to say what just happened; anything else is ignored. */
const flag = z.string().max(40).optional().catch(undefined);
const projectQuery = z.object({ created: flag, joined: flag, left: flag, updated: flag });

export const moderationOf = (request: FastifyRequest): Moderation =>
  request.place.settings.projectModeration === 'post' ? 'post' : 'pre';

/** The propose and edit forms' fields; residents choose only the lead types open to them. */
export async function formContext(areas: AreasService, request: FastifyRequest, values: Record<string, unknown>) {
  const user = requireUser(request);
  const leadTypes = hasRole(user.role, 'officer')
    ? projectLeadTypes
    : projectLeadTypes.filter(
        (l) => (residentLeadTypes as readonly string[]).includes(l) || l === values.currentLeadType,
      );
  return projectFormView({ values, wards: await areas.listWards(request.place.id), leadTypes });
}

/** One project's page (also re-rendered, with errors, when joining, leaving or publishing fails). */
export async function renderProject(
  { projects, areas, sessions, group }: ProjectsWebDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  errors?: FormErrors,
) {
  const placeId = request.place.id;
  const project = await projects.findVisible(request.user, placeId, id);
  const [members, ward, runBy] = await Promise.all([
    projects.members(placeId, project.id),
    project.areaId ? areas.findInPlace(placeId, project.areaId) : undefined,
    group ? group.groupOf(placeId, project.id) : null,
  ]);
  const showSessions = sessions && project.status === 'published';
  return reply.render('projects/views/show.njk', {
    ...projectView({
      project,
      ward,
      members,
      progress: progressOf(members.length, project.threshold),
      viewerId: request.user?.id ?? null,
      canOrganise: request.user ? await projects.canOrganise(request.user, project.id) : false,
      isOfficer: request.user ? hasRole(request.user.role, 'officer') : false,
      sessions: showSessions
        ? { upcoming: await sessions.upcoming(placeId, project.id), calendarHref: sessions.calendarHref(project.id) }
        : null,
      scheduleHref: sessions ? sessions.scheduleHref(project.id) : null,
      group: runBy,
    }),
    errors,
  });
}

/** The public projects pages: the list, one project, joining and leaving, and proposing one. */
export function projectsWeb(app: FastifyInstance, deps: ProjectsWebDeps) {
  const { projects, areas } = deps;
  const web = app.withTypeProvider<ZodTypeProvider>();

  web.get(paths.projects, { schema: { querystring: listFilterSchema } }, async function listProjects(request, reply) {
    const placeId = request.place.id;
    const filter = request.query;
    const [wards, ward] = await Promise.all([
      areas.listWards(placeId),
      filter.ward ? areas.findByCode(placeId, filter.ward) : undefined,
    ]);
    const unknownWard = Boolean(filter.ward) && !ward;
    const listFilter = { areaId: ward?.id, category: filter.category, stage: filter.stage };
    const total = unknownWard ? 0 : await projects.countPublished(placeId, listFilter);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(filter.page, pages);
    const list = unknownWard
      ? []
      : await projects.listPublished(placeId, listFilter, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    const mine = request.user ? await projects.listForUser(placeId, request.user.id) : [];
    const counts = await projects.memberCounts(
      placeId,
      [...list, ...mine].map((p) => p.id),
    );
    return reply.render(
      'projects/views/list.njk',
      projectListView({
        list,
        mine,
        progress: (p: Project) => progressOf(counts.get(p.id) ?? 0, p.threshold),
        wards,
        filter,
        total,
        page,
        pages,
      }),
    );
  });

  async function renderNew(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    values: Record<string, unknown> = { leadType: 'resident', needsPeople: 'yes' },
  ) {
    return reply.render('projects/views/new.njk', {
      ...(await formContext(areas, request, values)),
      errors,
      moderation: moderationOf(request),
    });
  }

  web.get(paths.newProject, { schema: { querystring: noQuery } }, async function newProject(request, reply) {
    requireUser(request);
    return renderNew(request, reply);
  });

  web.post(paths.newProject, async function submitNewProject(request, reply) {
    const user = requireUser(request);
    return handleForm(
      reply,
      proposeProjectSchema,
      request.body,
      async (data) => {
        const project = await projects.propose(actionContext(request), user, formToInput(data), moderationOf(request));
        return `${paths.project(project.id)}?created=${project.status}`;
      },
      (errors, values) => renderNew(request, reply, errors, values),
    );
  });

  web.get(
    paths.project(':id'),
    { schema: { params: idParams, querystring: projectQuery } },
    async function showProject(request, reply) {
      return renderProject(deps, request, reply, request.params.id);
    },
  );

  /** Joins or leaves; a refusal (already in, the last organiser) re-renders the page with the reason. */
  async function changeMembership(request: FastifyRequest, reply: FastifyReply, id: string, action: 'join' | 'leave') {
    const user = requireUser(request);
    await projects.findVisible(user, request.place.id, id);
    const parsed = parseForm(noFields, request.body);
    if (!parsed.ok) return renderProject(deps, request, reply.code(422), id, parsed.errors);
    try {
      if (action === 'join') await projects.join(actionContext(request), user.id, id, linkContext(request));
      else await projects.leave(actionContext(request), user.id, id);
    } catch (err) {
      if (err instanceof Conflict)
        return renderProject(
          deps,
          request,
          reply.code(409),
          id,
          toFormErrors([{ field: action, message: err.message }]),
        );
      throw err;
    }
    return reply.redirect(`${paths.project(id)}?${action === 'join' ? 'joined' : 'left'}=1`, 303);
  }

  web.post(paths.join(':id'), { schema: { params: idParams } }, async function joinProject(request, reply) {
    return changeMembership(request, reply, request.params.id, 'join');
  });

  web.post(paths.leave(':id'), { schema: { params: idParams } }, async function leaveProject(request, reply) {
    return changeMembership(request, reply, request.params.id, 'leave');
  });
}
