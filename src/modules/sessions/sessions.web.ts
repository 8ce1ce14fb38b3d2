import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { formatDayName } from '../../lib/london-time.js';
import { actionContext, linkContext, requireUser } from '../../platform/auth.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { idParams } from '../../platform/fields.js';
import { handleForm, parseForm, type FormErrors } from '../../platform/forms.js';
import { paths } from '../../platform/paths.js';
import type { ProjectsService } from '../projects/index.js';
import { sessionPaths } from './sessions.paths.js';
import type { SessionListing } from './sessions.repository.js';
import type { Organiser, SessionsService } from './sessions.service.js';
import {
  cancelSessionSchema,
  changeSessionSchema,
  emptyFormSchema,
  noQuery,
  projectParams,
  scheduleFormSchema,
  sessionPageQuery,
} from './sessions.validation.js';
import { changeFormValues, sessionPageView, type SessionFlash } from './sessions.view-models.js';

export type SessionsWebOptions = { sessions: SessionsService; projects: ProjectsService };

/** Scheduling, one session's page, booking, and organisers changing or cancelling a session. */
export function sessionsWeb(app: FastifyInstance, { sessions, projects }: SessionsWebOptions) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  async function organisableProject(request: FastifyRequest, projectId: string) {
    const user = requireUser(request);
    const project = await projects.findInPlace(request.place.id, projectId);
    if (!project) throw new NotFound('There is no project at this address.');
    if (!(await projects.canOrganise(user, project.id)))
      throw new Forbidden('Only the organisers of this project can schedule its sessions.');
    return { user, project };
  }

  /** The session, when the viewer may see it (an unpublished project's only by its organisers). */
  async function loadSession(request: FastifyRequest, id: string) {
    const s = await sessions.findListing(request.place.id, id);
    if (!s) throw new NotFound('There is no session at this address.');
    const canOrganise = request.user ? await projects.canOrganise(request.user, s.projectId) : false;
    if (s.projectStatus !== 'published' && !canOrganise) throw new NotFound('There is no session at this address.');
    return { s, canOrganise };
  }

  async function organisedSession(request: FastifyRequest, id: string) {
    requireUser(request);
    const { s, canOrganise } = await loadSession(request, id);
    if (!canOrganise) throw new Forbidden('Only the organisers of this project can change or cancel its sessions.');
    return s;
  }

  // Scheduling

  async function renderNew(
    request: FastifyRequest,
    reply: FastifyReply,
    project: { id: string; title: string },
    errors?: FormErrors,
    values: Record<string, unknown> = { repeat: 'none', dropIn: 'no' },
  ) {
    const spaces = await sessions.spaceChoices(request.place.id);
    return reply.render('sessions/views/new.njk', {
      project,
      projectHref: sessionPaths.project(project.id),
      action: sessionPaths.newSession(project.id),
      errors,
      values,
      spaceItems: [
        { value: '', text: 'No space (or not decided yet)' },
        ...spaces.map((s) => ({ value: s.id, text: s.name, selected: s.id === values.spaceId })),
      ],
    });
  }

  const projectRoute = { schema: { params: projectParams, querystring: noQuery } };

  web.get('/projects/:projectId/sessions/new', projectRoute, async function showNewSession(request, reply) {
    const { project } = await organisableProject(request, request.params.projectId);
    return renderNew(request, reply, project);
  });

  web.post('/projects/:projectId/sessions/new', projectRoute, async function submitNewSession(request, reply) {
    const { user, project } = await organisableProject(request, request.params.projectId);
    return handleForm(
      reply,
      scheduleFormSchema,
      request.body,
      async (data) => {
        const { sessionIds } = await sessions.schedule(
          actionContext(request),
          { kind: 'user', user },
          { ...data, projectId: project.id },
        );
        return `${sessionPaths.session(sessionIds[0]!)}?scheduled=${sessionIds.length}`;
      },
      (errors, values) => renderNew(request, reply, project, errors, values),
    );
  });

  // One session

  async function renderSession(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    flash: SessionFlash = {},
    status = 200,
  ) {
    const { s, canOrganise } = await loadSession(request, id);
    const placeId = request.place.id;
    const [counts, mine, bookings] = await Promise.all([
      sessions.counts(placeId, s.id),
      request.user ? sessions.myBooking(placeId, s.id, request.user.id) : null,
      canOrganise ? sessions.bookingList(placeId, s.id) : [],
    ]);
    const signInHref = `${paths.signIn}?returnTo=${encodeURIComponent(sessionPaths.session(s.id))}`;
    return reply.render(
      'sessions/views/session.njk',
      sessionPageView({ s, counts, mine, canOrganise, bookings, flash, signInHref, now: new Date() }),
      status,
    );
  }

  const sessionRoute = { schema: { params: idParams, querystring: noQuery } };

  web.get(
    '/sessions/:id',
    { schema: { params: idParams, querystring: sessionPageQuery } },
    async function showSession(request, reply) {
      return renderSession(request, reply, request.params.id, request.query);
    },
  );

  web.post('/sessions/:id/book', sessionRoute, async function submitBooking(request, reply) {
    const user = requireUser(request);
    const { s } = await loadSession(request, request.params.id);
    if (!parseForm(emptyFormSchema, request.body).ok) return renderSession(request, reply, s.id, {}, 422);
    const outcome = await sessions.book(actionContext(request), user.id, s.id);
    return reply.redirect(`${sessionPaths.session(s.id)}?${outcome.status}=1`, 303);
  });

  web.post('/sessions/:id/cancel-booking', sessionRoute, async function submitCancelBooking(request, reply) {
    const user = requireUser(request);
    const { s } = await loadSession(request, request.params.id);
    if (!parseForm(emptyFormSchema, request.body).ok) return renderSession(request, reply, s.id, {}, 422);
    await sessions.cancelBooking(actionContext(request), user.id, s.id, linkContext(request));
    return reply.redirect(`${sessionPaths.session(s.id)}?unbooked=1`, 303);
  });

  // Organisers: cancel or change one session

  /** An organiser's form about one session (cancel or change), with errors and the values sent when refused. */
  function renderSessionForm(
    reply: FastifyReply,
    form: 'cancel' | 'change',
    s: SessionListing,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) {
    return reply.render(`sessions/views/${form}.njk`, {
      s,
      day: formatDayName(s.startsAt),
      action: form === 'cancel' ? sessionPaths.cancelSession(s.id) : sessionPaths.changeSession(s.id),
      back: sessionPaths.session(s.id),
      errors,
      values: values ?? (form === 'cancel' ? { scope: 'one' } : changeFormValues(s)),
    });
  }

  /** Runs an organiser's form about one session: its next page, or the form again with errors. */
  async function submitSessionForm<S extends z.ZodType>(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: { name: 'cancel' | 'change'; schema: S },
    run: (s: SessionListing, who: Organiser, data: z.output<S>) => Promise<string>,
  ) {
    const s = await organisedSession(request, id);
    const user = requireUser(request);
    return handleForm(
      reply,
      form.schema,
      request.body,
      (data) => run(s, { kind: 'user', user }, data),
      (errors, values) => renderSessionForm(reply, form.name, s, errors, values),
    );
  }

  web.get('/sessions/:id/cancel', sessionRoute, async function showCancelSession(request, reply) {
    return renderSessionForm(reply, 'cancel', await organisedSession(request, request.params.id));
  });

  web.post('/sessions/:id/cancel', sessionRoute, async function submitCancelSession(request, reply) {
    const form = { name: 'cancel', schema: cancelSessionSchema } as const;
    return submitSessionForm(request, reply, request.params.id, form, async (s, who, data) => {
      const n = await sessions.cancelSession(actionContext(request), who, s.id, data, linkContext(request));
      return `${sessionPaths.session(s.id)}?cancelled=${n}`;
    });
  });

  web.get('/sessions/:id/change', sessionRoute, async function showChangeSession(request, reply) {
    return renderSessionForm(reply, 'change', await organisedSession(request, request.params.id));
  });

  web.post('/sessions/:id/change', sessionRoute, async function submitChangeSession(request, reply) {
    const form = { name: 'change', schema: changeSessionSchema } as const;
    return submitSessionForm(request, reply, request.params.id, form, async (s, who, data) => {
      await sessions.changeSession(actionContext(request), who, s.id, data, linkContext(request));
      return `${sessionPaths.session(s.id)}?changed=1`;
    });
  });
}
