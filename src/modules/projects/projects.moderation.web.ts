import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext, linkContext, requireRole } from '../../platform/auth.js';
import { Conflict, NotFound } from '../../platform/errors.js';
import { idField, idParams } from '../../platform/fields.js';
import { handleForm, parseForm, type FormErrors } from '../../platform/forms.js';
import { projectPaths as paths } from './projects.paths.js';
import { declineSchema } from './projects.validation.js';
import { declineView, queueView } from './projects.view-models.js';
import { moderationOf, noFields, noQuery, renderProject, type ProjectsWebDeps } from './projects.web.js';

/** The queue says which project was just published or declined; anything else is ignored. */
const queueQuery = z.object({
  published: idField().optional().catch(undefined),
  declined: idField().optional().catch(undefined),
});

/** Moderation: officers publish, decline or take down projects, and see those nobody runs. */
export function projectsModerationWeb(app: FastifyInstance, deps: ProjectsWebDeps) {
  const { projects, areas } = deps;
  const web = app.withTypeProvider<ZodTypeProvider>();

  web.get(paths.queue, { schema: { querystring: queueQuery } }, async function showQueue(request, reply) {
    requireRole(request, 'officer');
    const placeId = request.place.id;
    const [pending, orphaned, wards] = await Promise.all([
      projects.listPending(placeId),
      projects.listWithoutOrganiser(placeId),
      areas.listWards(placeId),
    ]);
    return reply.render('projects/views/queue.njk', queueView(pending, orphaned, wards, moderationOf(request)));
  });

  web.post(paths.publish(':id'), { schema: { params: idParams } }, async function publishProject(request, reply) {
    requireRole(request, 'officer');
    const id = request.params.id;
    const parsed = parseForm(noFields, request.body);
    if (!parsed.ok) return renderProject(deps, request, reply.code(422), id, parsed.errors);
    await projects.publish(actionContext(request), id);
    return reply.redirect(`${paths.queue}?published=${id}`, 303);
  });

  async function renderDecline(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) {
    requireRole(request, 'officer');
    const project = await projects.findInPlace(request.place.id, id);
    if (!project) throw new NotFound('There is no such project.');
    if (project.status === 'declined') throw new Conflict('This project has already been declined.');
    return reply.render('projects/views/decline.njk', { ...declineView(project, values), errors });
  }

  web.get(
    paths.decline(':id'),
    { schema: { params: idParams, querystring: noQuery } },
    async function declineProject(request, reply) {
      return renderDecline(request, reply, request.params.id);
    },
  );

  web.post(paths.decline(':id'), { schema: { params: idParams } }, async function submitDecline(request, reply) {
    requireRole(request, 'officer');
    const id = request.params.id;
    if (!(await projects.findInPlace(request.place.id, id))) throw new NotFound('There is no such project.');
    return handleForm(
      reply,
      declineSchema,
      request.body,
      async (data) => {
        await projects.decline(actionContext(request), id, data.reason, linkContext(request));
        return `${paths.queue}?declined=${id}`;
      },
      (errors, values) => renderDecline(request, reply, id, errors, values),
    );
  });
}
