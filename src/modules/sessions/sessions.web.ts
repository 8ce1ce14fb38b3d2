import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { buildCalendar, type IcsEvent } from '../../lib/ics.js';
import {
  formatDayName,
  formatTime,
  isCalendarDate,
  londonDayAndTime,
  londonEndOfDay,
  londonStartOfDay,
} from '../../lib/london-time.js';
import { actionContext, linkContext, requireUser } from '../../platform/auth.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { handleForm, parseForm, type FormErrors } from '../../platform/forms.js';
import { paths } from '../../platform/paths.js';
import type { AreasService } from '../../core/areas/index.js';
import { categoryLabels, projectCategories, type ProjectsService } from '../projects/index.js';
import type { SessionListing } from './sessions.repository.js';
import type { SessionsService } from './sessions.service.js';
import {
  cancelSessionSchema,
  changeSessionSchema,
  emptyFormSchema,
  scheduleFormSchema,
  whatsOnQuerySchema,
} from './sessions.validation.js';

/** Every URL of the sessions module. */
export const sessionPaths = {
  project: (projectId: string) => `/projects/${projectId}`,
  newSession: (projectId: string) => `/projects/${projectId}/sessions/new`,
  session: (id: string) => `/sessions/${id}`,
  book: (id: string) => `/sessions/${id}/book`,
  cancelBooking: (id: string) => `/sessions/${id}/cancel-booking`,
  cancelSession: (id: string) => `/sessions/${id}/cancel`,
  changeSession: (id: string) => `/sessions/${id}/change`,
  projectCalendar: (projectId: string) => `/projects/${projectId}/calendar.ics`,
  wardCalendar: (code: string) => `/areas/${encodeURIComponent(code)}/calendar.ics`,
  personalCalendar: (token: string) => `/calendar/${token}.ics`,
  accountCalendar: '/account/calendar',
  whatsOn: '/whats-on',
} as const;

export type SessionsWebOptions = {
  sessions: SessionsService;
  projects: ProjectsService;
  areas: AreasService;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_SIZE = 20;

function idParam(value: string, what = 'session'): string {
  if (!UUID.test(value)) throw new NotFound(`There is no ${what} at this address.`);
  return value.toLowerCase();
}

const timeOf = formatTime;
/** "Friday 2 July 2027", GOV.UK style, in London. */
const dayOf = formatDayName;

/** Groups sessions by their London day, in order. */
export function groupByDay(rows: SessionListing[]) {
  const groups: { day: string; sessions: (SessionListing & { time: string })[] }[] = [];
  for (const s of rows) {
    const day = dayOf(s.startsAt);
    let g = groups.at(-1);
    if (!g || g.day !== day) groups.push((g = { day, sessions: [] }));
    g.sessions.push({ ...s, time: `${timeOf(s.startsAt)} to ${timeOf(s.endsAt)}` });
  }
  return groups;
}

function toEvents(rows: SessionListing[], baseUrl: string, host: string): IcsEvent[] {
  return rows.map((s) => ({
    uid: `${s.id}@${host}`,
    start: s.startsAt,
    end: s.endsAt,
    stamp: s.cancelledAt ?? s.startsAt,
    summary: s.cancelledAt ? `Cancelled: ${s.title}` : s.title,
    description: [s.projectTitle, s.description, s.cancelReason ? `Cancelled: ${s.cancelReason}` : '']
      .filter(Boolean)
      .join('\n\n'),
    location: [s.spaceName, s.spaceAddress].filter(Boolean).join(', ') || undefined,
    url: `${baseUrl}${sessionPaths.session(s.id)}`,
    cancelled: Boolean(s.cancelledAt),
  }));
}

const dayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export async function sessionsWeb(app: FastifyInstance, { sessions, projects, areas }: SessionsWebOptions) {
  async function organisableProject(request: FastifyRequest, projectId: string) {
    const user = requireUser(request);
    const project = await projects.findInPlace(request.place.id, idParam(projectId, 'project'));
    if (!project) throw new NotFound('There is no project at this address.');
    if (!(await projects.canOrganise(user, project.id)))
      throw new Forbidden('Only the organisers of this project can schedule its sessions.');
    return { user, project };
  }

  // Scheduling

  const showNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    project: { id: string; title: string },
    errors?: FormErrors,
    values: Record<string, unknown> = { repeat: 'none', dropIn: 'no' },
  ) => {
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
  };

  app.get<{ Params: { projectId: string } }>(
    '/projects/:projectId/sessions/new',
    async function showNewSession(request, reply) {
      const { project } = await organisableProject(request, request.params.projectId);
      return showNew(request, reply, project);
    },
  );

  app.post<{ Params: { projectId: string } }>(
    '/projects/:projectId/sessions/new',
    async function submitNewSession(request, reply) {
      const { user, project } = await organisableProject(request, request.params.projectId);
      return handleForm(
        reply,
        scheduleFormSchema,
        request.body,
        async (data) => {
          const { sessionIds } = await sessions.schedule(
            actionContext(request),
            { kind: 'user', user },
            {
              ...data,
              projectId: project.id,
            },
          );
          return `${sessionPaths.session(sessionIds[0]!)}?scheduled=${sessionIds.length}`;
        },
        (errors, values) => showNew(request, reply, project, errors, values),
      );
    },
  );

  // One session

  async function loadSession(request: FastifyRequest, id: string) {
    const s = await sessions.findListing(request.place.id, idParam(id));
    if (!s) throw new NotFound('There is no session at this address.');
    const canOrganise = request.user ? await projects.canOrganise(request.user, s.projectId) : false;
    if (s.projectStatus !== 'published' && !canOrganise) throw new NotFound('There is no session at this address.');
    return { s, canOrganise };
  }

  const showSession = async (request: FastifyRequest, reply: FastifyReply, id: string, status = 200) => {
    const { s, canOrganise } = await loadSession(request, id);
    const counts = await sessions.counts(request.place.id, s.id);
    const mine = request.user ? await sessions.myBooking(request.place.id, s.id, request.user.id) : null;
    const bookings = canOrganise ? await sessions.bookingList(request.place.id, s.id) : [];
    return reply.render(
      'sessions/views/session.njk',
      {
        s,
        day: dayOf(s.startsAt),
        time: `${timeOf(s.startsAt)} to ${timeOf(s.endsAt)}`,
        placesLeft: s.capacity === null ? null : Math.max(0, s.capacity - counts.booked),
        counts,
        mine,
        canOrganise,
        bookings,
        started: s.startsAt <= new Date(),
        paths: sessionPaths,
        signInHref: `${paths.signIn}?returnTo=${encodeURIComponent(sessionPaths.session(s.id))}`,
      },
      status,
    );
  };

  app.get<{ Params: { id: string } }>('/sessions/:id', async function showSessionPage(request, reply) {
    return showSession(request, reply, request.params.id);
  });

  app.post<{ Params: { id: string } }>('/sessions/:id/book', async function submitBooking(request, reply) {
    const user = requireUser(request);
    const { s } = await loadSession(request, request.params.id);
    const parsed = parseForm(emptyFormSchema, request.body);
    if (!parsed.ok) return showSession(request, reply, s.id, 422);
    const outcome = await sessions.book(actionContext(request), user.id, s.id);
    return reply.redirect(`${sessionPaths.session(s.id)}?${outcome.status}=1`, 303);
  });

  app.post<{ Params: { id: string } }>(
    '/sessions/:id/cancel-booking',
    async function submitCancelBooking(request, reply) {
      const user = requireUser(request);
      const { s } = await loadSession(request, request.params.id);
      const parsed = parseForm(emptyFormSchema, request.body);
      if (!parsed.ok) return showSession(request, reply, s.id, 422);
      await sessions.cancelBooking(actionContext(request), user.id, s.id, linkContext(request));
      return reply.redirect(`${sessionPaths.session(s.id)}?unbooked=1`, 303);
    },
  );

  const showCancel = (
    reply: FastifyReply,
    s: SessionListing,
    errors?: FormErrors,
    values: Record<string, unknown> = { scope: 'one' },
  ) =>
    reply.render('sessions/views/cancel.njk', {
      s,
      day: dayOf(s.startsAt),
      action: sessionPaths.cancelSession(s.id),
      back: sessionPaths.session(s.id),
      errors,
      values,
    });

  async function organisedSession(request: FastifyRequest, id: string) {
    requireUser(request);
    const { s, canOrganise } = await loadSession(request, id);
    if (!canOrganise) throw new Forbidden('Only the organisers of this project can change or cancel its sessions.');
    return s;
  }

  app.get<{ Params: { id: string } }>('/sessions/:id/cancel', async function showCancelSession(request, reply) {
    return showCancel(reply, await organisedSession(request, request.params.id));
  });

  app.post<{ Params: { id: string } }>('/sessions/:id/cancel', async function submitCancelSession(request, reply) {
    const s = await organisedSession(request, request.params.id);
    const user = requireUser(request);
    return handleForm(
      reply,
      cancelSessionSchema,
      request.body,
      async (data) => {
        const n = await sessions.cancelSession(
          actionContext(request),
          { kind: 'user', user },
          s.id,
          data,
          linkContext(request),
        );
        return `${sessionPaths.session(s.id)}?cancelled=${n}`;
      },
      (errors, values) => showCancel(reply, s, errors, values),
    );
  });

  const showChange = (
    reply: FastifyReply,
    s: SessionListing,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) => {
    const when = londonDayAndTime(s.startsAt);
    const [year, month, day] = when.day.split('-');
    return reply.render('sessions/views/change.njk', {
      s,
      day: dayOf(s.startsAt),
      action: sessionPaths.changeSession(s.id),
      back: sessionPaths.session(s.id),
      errors,
      values: values ?? {
        'date-day': String(Number(day)),
        'date-month': String(Number(month)),
        'date-year': year,
        startTime: when.time,
        durationMinutes: String(s.durationMinutes),
        capacity: s.capacity === null ? '' : String(s.capacity),
      },
    });
  };

  app.get<{ Params: { id: string } }>('/sessions/:id/change', async function showChangeSession(request, reply) {
    return showChange(reply, await organisedSession(request, request.params.id));
  });

  app.post<{ Params: { id: string } }>('/sessions/:id/change', async function submitChangeSession(request, reply) {
    const s = await organisedSession(request, request.params.id);
    const user = requireUser(request);
    return handleForm(
      reply,
      changeSessionSchema,
      request.body,
      async (data) => {
        await sessions.changeSession(actionContext(request), { kind: 'user', user }, s.id, data, linkContext(request));
        return `${sessionPaths.session(s.id)}?changed=1`;
      },
      (errors, values) => showChange(reply, s, errors, values),
    );
  });

  // Calendar feeds

  function sendCalendar(request: FastifyRequest, reply: FastifyReply, name: string, rows: SessionListing[]) {
    const { baseUrl } = linkContext(request);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('cache-control', 'private, max-age=300')
      .send(buildCalendar(name, toEvents(rows, baseUrl, request.host)));
  }
  // Feeds show the recent past too, so a cancellation reaches calendars that already had the session.
  const feedFrom = () => new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);

  app.get<{ Params: { projectId: string } }>(
    '/projects/:projectId/calendar.ics',
    async function projectCalendar(request, reply) {
      const project = await projects.findInPlace(request.place.id, idParam(request.params.projectId, 'project'));
      if (!project || project.status !== 'published') throw new NotFound('There is no project at this address.');
      const rows = await sessions.list(
        request.place.id,
        { projectId: project.id, from: feedFrom(), includeCancelled: true, publishedOnly: true },
        { limit: 1000 },
      );
      return sendCalendar(request, reply, `${project.title} (${request.place.name})`, rows);
    },
  );

  app.get<{ Params: { code: string } }>('/areas/:code/calendar.ics', async function wardCalendar(request, reply) {
    const area = await areas.findByCode(request.place.id, request.params.code.slice(0, 20));
    if (!area) throw new NotFound('There is no area with that code in this place.');
    const rows = await sessions.list(
      request.place.id,
      { areaId: area.id, from: feedFrom(), includeCancelled: true, publishedOnly: true },
      { limit: 1000 },
    );
    return sendCalendar(request, reply, `What's on in ${area.name}`, rows);
  });

  app.get<{ Params: { file: string } }>('/calendar/:file', async function personalCalendar(request, reply) {
    const m = /^([A-Za-z0-9_-]{20,64})\.ics$/.exec(request.params.file);
    const userId = m ? await sessions.feedOwner(request.place.id, m[1]!) : null;
    if (!userId)
      throw new NotFound('This calendar link does not work. It may have been reset: get a new one from your account.');
    const rows = await sessions.list(
      request.place.id,
      { bookedBy: userId, from: feedFrom(), includeCancelled: true },
      { limit: 1000 },
    );
    return sendCalendar(request, reply, `My sessions (${request.place.name})`, rows);
  });

  const showAccountCalendar = async (request: FastifyRequest, reply: FastifyReply, newToken?: string, status = 200) => {
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
  };
  app.get(sessionPaths.accountCalendar, async function showMyCalendar(request, reply) {
    return showAccountCalendar(request, reply);
  });
  app.post(sessionPaths.accountCalendar, async function submitMyCalendar(request, reply) {
    const user = requireUser(request);
    const parsed = parseForm(emptyFormSchema, request.body);
    if (!parsed.ok) return showAccountCalendar(request, reply, undefined, 422);
    const token = await sessions.resetFeed(actionContext(request), user.id);
    // Only the hash is kept, so the link is shown now, once, rather than after a redirect.
    return showAccountCalendar(request, reply, token);
  });

  // What's on near me

  app.get(sessionPaths.whatsOn, async function showWhatsOn(request, reply) {
    const q = whatsOnQuerySchema.safeParse(request.query);
    const query = q.success ? q.data : {};
    const wards = await areas.listWards(request.place.id);
    let wardCode = query.ward;
    if (wardCode === undefined && request.user) {
      const home = await sessions.homeWardOf(request.place.id, request.user.id);
      wardCode = wards.find((w) => w.id === home)?.code;
    }
    const ward = wardCode ? wards.find((w) => w.code === wardCode) : undefined;
    const category = projectCategories.find((c) => c === query.category);
    const date = query.date && isCalendarDate(query.date) ? query.date : undefined;
    const page = query.page ?? 1;
    const now = new Date();
    const from = date ? londonStartOfDay(date) : now;
    const rows = await sessions.list(
      request.place.id,
      {
        from: from < now ? now : from,
        to: date ? londonEndOfDay(date) : undefined,
        areaId: ward?.id,
        category,
        isoWeekday: query.day ? Number(query.day) : undefined,
        publishedOnly: true,
      },
      { limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE },
    );
    const params = (p: number) => {
      const u = new URLSearchParams();
      u.set('ward', ward?.code ?? '');
      if (query.day) u.set('day', query.day);
      if (date) u.set('date', date);
      if (category) u.set('category', category);
      u.set('page', String(p));
      return `${sessionPaths.whatsOn}?${u.toString()}`;
    };
    return reply.render('sessions/views/whats-on.njk', {
      groups: groupByDay(rows.slice(0, PAGE_SIZE)),
      ward,
      invalidDate: Boolean(query.date && !date),
      wardItems: [
        { value: '', text: 'All wards' },
        ...wards.map((w) => ({ value: w.code, text: w.name, selected: w.code === ward?.code })),
      ],
      dayItems: [
        { value: '', text: 'Any day' },
        ...dayNames.map((d, i) => ({ value: String(i + 1), text: d, selected: query.day === String(i + 1) })),
      ],
      categoryItems: [
        { value: '', text: 'Any kind' },
        ...projectCategories.map((c) => ({ value: c, text: categoryLabels[c], selected: c === category })),
      ],
      date: date ?? '',
      previous: page > 1 ? params(page - 1) : null,
      next: rows.length > PAGE_SIZE ? params(page + 1) : null,
      page,
      wardCalendar: ward ? sessionPaths.wardCalendar(ward.code) : null,
    });
  });
}
