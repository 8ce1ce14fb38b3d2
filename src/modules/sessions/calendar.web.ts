import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { buildCalendar } from '../../lib/ics.js';
import { actionContext, linkContext, requireUser } from '../../platform/auth.js';
import { NotFound } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import type { AreasService } from '../../core/areas/index.js';
import type { ProjectsService } from '../projects/index.js';
import { sessionPaths } from './sessions.paths.js';
import type { SessionListing } from './sessions.repository.js';
import type { SessionsService } from './sessions.service.js';
import {
  calendarFileParams,
  emptyFormSchema,
  noQuery,
  projectParams,
  wardCalendarParams,
} from './sessions.validation.js';
import { toEvents } from './sessions.view-models.js';

/** Calendar feeds (RFC 5545) of a project, a ward and a person's bookings, and the page that makes a personal link. */
export function calendarWeb(
  app: FastifyInstance,
  { sessions, projects, areas }: { sessions: SessionsService; projects: ProjectsService; areas: AreasService },
) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  function sendCalendar(request: FastifyRequest, reply: FastifyReply, name: string, rows: SessionListing[]) {
    const { baseUrl } = linkContext(request);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('cache-control', 'private, max-age=300')
      .send(buildCalendar(name, toEvents(rows, baseUrl, request.host)));
  }
  // Feeds show the recent past too, so a cancellation reaches calendars that already had the session.
  const feedFrom = () => new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);

  web.get(
    '/projects/:projectId/calendar.ics',
    { schema: { params: projectParams, querystring: noQuery } },
    async function projectCalendar(request, reply) {
      const project = await projects.findInPlace(request.place.id, request.params.projectId);
      if (!project || project.status !== 'published') throw new NotFound('There is no project at this address.');
      const rows = await sessions.list(
        request.place.id,
        { projectId: project.id, from: feedFrom(), includeCancelled: true, publishedOnly: true },
        { limit: 1000 },
      );
      return sendCalendar(request, reply, `${project.title} (${request.place.name})`, rows);
    },
  );

  web.get(
    '/areas/:code/calendar.ics',
    { schema: { params: wardCalendarParams, querystring: noQuery } },
    async function wardCalendar(request, reply) {
      const area = await areas.findByCode(request.place.id, request.params.code.slice(0, 20));
      if (!area) throw new NotFound('There is no area with that code in this place.');
      const rows = await sessions.list(
        request.place.id,
        { areaId: area.id, from: feedFrom(), includeCancelled: true, publishedOnly: true },
        { limit: 1000 },
      );
      return sendCalendar(request, reply, `What's on in ${area.name}`, rows);
    },
  );

  web.get(
    '/calendar/:file',
    { schema: { params: calendarFileParams, querystring: noQuery } },
    async function personalCalendar(request, reply) {
      const m = /^([A-Za-z0-9_-]{20,64})\.ics$/.exec(request.params.file);
      const userId = m ? await sessions.feedOwner(request.place.id, m[1]!) : null;
      if (!userId)
        throw new NotFound(
          'This calendar link does not work. It may have been reset: get a new one from your account.',
        );
      const rows = await sessions.list(
        request.place.id,
        { bookedBy: userId, from: feedFrom(), includeCancelled: true },
        { limit: 1000 },
      );
      return sendCalendar(request, reply, `My sessions (${request.place.name})`, rows);
    },
  );

  async function renderAccountCalendar(request: FastifyRequest, reply: FastifyReply, newToken?: string, status = 200) {
    const user = requireUser(request);
    const { baseUrl } = linkContext(request);
    return reply.render(
      'sessions/views/calendar.njk',
      {
        hasFeed: await sessions.hasFeed(request.place.id, user.id),
        link: newToken ? `${baseUrl}${sessionPaths.personalCalendar(newToken)}` : null,
        action: sessionPaths.accountCalendar,
      },
      status,
    );
  }

  web.get(
    sessionPaths.accountCalendar,
    { schema: { querystring: noQuery } },
    async function showMyCalendar(request, reply) {
      return renderAccountCalendar(request, reply);
    },
  );

  web.post(
    sessionPaths.accountCalendar,
    { schema: { querystring: noQuery } },
    async function submitMyCalendar(request, reply) {
      const user = requireUser(request);
      if (!parseForm(emptyFormSchema, request.body).ok) return renderAccountCalendar(request, reply, undefined, 422);
      const token = await sessions.resetFeed(actionContext(request), user.id);
      // Only the hash is kept, so the link is shown now, once, rather than after a redirect.
      return renderAccountCalendar(request, reply, token);
    },
  );
}
