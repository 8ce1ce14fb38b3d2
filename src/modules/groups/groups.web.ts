import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AreasService } from '../../core/areas/index.js';
import { actionContext, requireRole, requireUser } from '../../platform/auth.js';
import { hasRole } from '../../platform/context.js';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.js';
import { idParams } from '../../platform/fields.js';
import { handleForm, parseForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import { groupPaths as paths } from './groups.paths.js';
import type { Group } from './groups.repository.js';
import type { GroupsService } from './groups.service.js';
import { groupFilterQuery, groupFormSchema, makeLeadSchema, projectLinkSchema } from './groups.validation.js';
import { groupFormView, groupListView, groupView } from './groups.view-models.js';

const noQuery = z.object({});
/** A button's form: nothing but its CSRF token (checked before the handler runs). */
const noFields = z.strictObject({});
const flag = z.string().max(10).optional().catch(undefined);
/** The group page says what just happened when a form sends people back to it. */
const groupQuery = z.object({ started: flag, updated: flag, joined: flag, left: flag, lead: flag });
const projectsQuery = z.object({ linked: flag, unlinked: flag });
/** The list's filter, and word that a group was just removed. */
const listQuery = groupFilterQuery.extend({ removed: flag });

export type GroupsWebDeps = { groups: GroupsService; areas: AreasService };

/** Community groups' pages: the list, one group, starting and changing one, membership and projects. */
export function groupsWeb(app: FastifyInstance, { groups, areas }: GroupsWebDeps) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  async function group(request: FastifyRequest, id: string): Promise<Group> {
    const found = await groups.findInPlace(request.place.id, id);
    if (!found) throw new NotFound('There is no such group.');
    return found;
  }

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    existing?: Group,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) {
    requireUser(request);
    const wards = await areas.listWards(request.place.id);
    return reply.render('groups/views/form.njk', { ...groupFormView(wards, existing, values), errors });
  }

  /** One group's page (also re-rendered, with errors, when a button's form is refused). */
  async function renderGroup(request: FastifyRequest, reply: FastifyReply, id: string, errors?: FormErrors) {
    const placeId = request.place.id;
    const g = await group(request, id);
    const user = request.user;
    const [ward, memberCount, mine, mayRun, projects] = await Promise.all([
      g.wardId ? areas.findInPlace(placeId, g.wardId) : undefined,
      groups.countMembers(placeId, g.id),
      user ? groups.membership(placeId, g.id, user.id) : undefined,
      user ? groups.mayRun(user, g) : false,
      groups.projectsOf(placeId, g.id),
    ]);
    const officer = user !== null && hasRole(user.role, 'officer');
    // Who belongs is for the group itself (and officers tidying up), never the public.
    const members = mine || officer ? await groups.members(placeId, g.id) : null;
    return reply.render('groups/views/show.njk', {
      ...groupView({
        group: g,
        ward,
        memberCount,
        members,
        myRole: mine?.role ?? null,
        signedIn: user !== null,
        mayRun,
        officer,
        projects,
      }),
      errors,
    });
  }

  web.get(paths.groups, { schema: { querystring: listQuery } }, async function listGroups(request, reply) {
    const placeId = request.place.id;
    const { ward } = request.query;
    const [list, wards] = await Promise.all([groups.list(placeId, { wardId: ward }), areas.listWards(placeId)]);
    return reply.render('groups/views/list.njk', groupListView(list, wards, ward, request.user !== null));
  });

  web.get(paths.start, { schema: { querystring: noQuery } }, async function startGroup(request, reply) {
    return renderForm(request, reply);
  });

  web.post(paths.start, async function submitGroup(request, reply) {
    const user = requireUser(request);
    return handleForm(
      reply,
      groupFormSchema,
      request.body,
      async (data) => `${paths.group((await groups.start(actionContext(request), user, data)).id)}?started=1`,
      (errors, values) => renderForm(request, reply, undefined, errors, values),
    );
  });

  /** A group the signed-in person may change: they lead it, or they are an officer. */
  async function runnable(request: FastifyRequest, id: string): Promise<Group> {
    const user = requireUser(request);
    const g = await group(request, id);
    if (!(await groups.mayRun(user, g))) throw new Forbidden('Only the leads of this group can do that.');
    return g;
  }

  web.get(
    paths.edit(':id'),
    { schema: { params: idParams, querystring: noQuery } },
    async function editGroup(request, reply) {
      return renderForm(request, reply, await runnable(request, request.params.id));
    },
  );

  web.post(paths.edit(':id'), { schema: { params: idParams } }, async function submitGroupChange(request, reply) {
    const g = await runnable(request, request.params.id);
    return handleForm(
      reply,
      groupFormSchema,
      request.body,
      async (data) => {
        await groups.update(actionContext(request), requireUser(request), g.id, data);
        return `${paths.group(g.id)}?updated=1`;
      },
      (errors, values) => renderForm(request, reply, g, errors, values),
    );
  });

  web.get(
    paths.group(':id'),
    { schema: { params: idParams, querystring: groupQuery } },
    async function showGroup(request, reply) {
      return renderGroup(request, reply, request.params.id);
    },
  );

  /** Joins or leaves; a refusal (the last lead) re-renders the page with the reason. */
  async function changeMembership(request: FastifyRequest, reply: FastifyReply, id: string, action: 'join' | 'leave') {
    const user = requireUser(request);
    await group(request, id);
    const parsed = parseForm(noFields, request.body);
    if (!parsed.ok) return renderGroup(request, reply.code(422), id, parsed.errors);
    try {
      if (action === 'join') await groups.join(actionContext(request), user, id);
      else await groups.leave(actionContext(request), user, id);
    } catch (err) {
      if (err instanceof Conflict)
        return renderGroup(request, reply.code(409), id, toFormErrors([{ field: action, message: err.message }]));
      throw err;
    }
    return reply.redirect(`${paths.group(id)}?${action === 'join' ? 'joined' : 'left'}=1`, 303);
  }

  web.post(paths.join(':id'), { schema: { params: idParams } }, async function joinGroup(request, reply) {
    return changeMembership(request, reply, request.params.id, 'join');
  });

  web.post(paths.leave(':id'), { schema: { params: idParams } }, async function leaveGroup(request, reply) {
    return changeMembership(request, reply, request.params.id, 'leave');
  });

  web.post(paths.makeLead(':id'), { schema: { params: idParams } }, async function makeGroupLead(request, reply) {
    const g = await runnable(request, request.params.id);
    return handleForm(
      reply,
      makeLeadSchema,
      request.body,
      async (data) => {
        await groups.makeLead(actionContext(request), requireUser(request), g.id, data.memberId);
        return `${paths.group(g.id)}?lead=1`;
      },
      (errors) => renderGroup(request, reply, g.id, errors),
    );
  });

  async function renderRemove(request: FastifyRequest, reply: FastifyReply, id: string, errors?: FormErrors) {
    requireRole(request, 'officer');
    return reply.render('groups/views/remove.njk', { group: await group(request, id), errors });
  }

  web.get(
    paths.remove(':id'),
    { schema: { params: idParams, querystring: noQuery } },
    async function removeGroup(request, reply) {
      return renderRemove(request, reply, request.params.id);
    },
  );

  web.post(paths.remove(':id'), { schema: { params: idParams } }, async function submitGroupRemoval(request, reply) {
    const user = requireRole(request, 'officer');
    const g = await group(request, request.params.id);
    return handleForm(
      reply,
      noFields,
      request.body,
      async () => {
        await groups.remove(actionContext(request), user, g.id);
        return `${paths.groups}?removed=1`;
      },
      (errors) => renderRemove(request, reply, g.id, errors),
    );
  });

  /** The leads' page of the group's projects: those linked, and those they may link. */
  async function renderProjects(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    done: { linked?: string | undefined; unlinked?: string | undefined } = {},
    errors?: FormErrors,
  ) {
    const user = requireUser(request);
    const g = await runnable(request, id);
    const [linked, linkable] = await Promise.all([
      groups.linkedProjects(request.place.id, g.id),
      groups.linkable(request.place.id, user.id),
    ]);
    return reply.render('groups/views/projects.njk', {
      group: g,
      done,
      linked,
      projectItems: linkable.map((p) => ({ value: p.id, text: p.title })),
      errors,
    });
  }

  web.get(
    paths.projects(':id'),
    { schema: { params: idParams, querystring: projectsQuery } },
    async function groupProjects(request, reply) {
      return renderProjects(request, reply, request.params.id, request.query);
    },
  );

  /** Linking and unlinking a project: the same form, the same checks, a different use case. */
  for (const [path, action, done] of [
    [paths.projects(':id'), 'linkProject', 'linked'],
    [paths.unlink(':id'), 'unlinkProject', 'unlinked'],
  ] as const) {
    web.post(path, { schema: { params: idParams } }, async function changeGroupProject(request, reply) {
      const g = await runnable(request, request.params.id);
      return handleForm(
        reply,
        projectLinkSchema,
        request.body,
        async (data) => {
          await groups[action](actionContext(request), requireUser(request), g.id, data.projectId);
          return `${paths.projects(g.id)}?${done}=1`;
        },
        (errors) => renderProjects(request, reply, g.id, {}, errors),
      );
    });
  }
}
