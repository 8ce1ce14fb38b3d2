import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actionContext, requireUser } from '../../../platform/auth.js';
import { hasRole } from '../../../platform/context.js';
import { ID_PATTERN, idParams } from '../../../platform/fields.js';
import { echoValues, handleForm, parseForm, toFormErrors, type FormErrors } from '../../../platform/forms.js';
import { participationPaths } from '../participation.paths.js';
import type { AttendanceService } from './attendance.service.js';
import { registerFormSchema, registerQuery } from './attendance.validation.js';
import {
  bookingNotes,
  postedRows,
  recordedRows,
  registerBanner,
  registerRowItems,
  searchRows,
  type RegisterRow,
} from './attendance.view-models.js';

type Posted = { values: Record<string, unknown>; errors?: FormErrors | undefined; q?: string };

/** A posted field as the form shows it again (echoed values are text, or lists of text if sent twice). */
const postedText = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) ? v.map(String).join(',') : '';

/** The register: organisers tick who came to a session, search for people who did not book, and count drop-ins. */
export function registerWeb(app: FastifyInstance, { attendance }: { attendance: AttendanceService }) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  async function renderRegister(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    posted?: Posted,
    flash: { saved?: string | undefined; imported?: string | undefined } = {},
  ) {
    const user = requireUser(request);
    const placeId = request.place.id;
    const { session, project } = await attendance.openRegister({ user }, placeId, id);
    const { bookings, recorded, headcount } = await attendance.registerOf(placeId, id);
    const showEmail = hasRole(user.role, 'officer');
    let rows: RegisterRow[];
    if (posted) {
      const listed = [posted.values.person ?? []].flat().map(String);
      const people = await attendance.peopleByIds(
        placeId,
        listed.filter((p) => ID_PATTERN.test(p)),
      );
      rows = postedRows(posted.values, new Map(people.map((p) => [p.id, p])), bookingNotes(bookings), showEmail);
    } else {
      rows = recordedRows(session, bookings, recorded, showEmail);
    }
    let results: RegisterRow[] = [];
    if (posted?.q) {
      results = searchRows(await attendance.searchPeople(user, placeId, posted.q), rows, showEmail);
      rows = [...rows, ...results];
    }
    return reply.header('cache-control', 'no-store').render('participation/attendance/views/attendance-register.njk', {
      session,
      project,
      rows: registerRowItems(rows),
      searched: posted?.q,
      resultsCount: results.length,
      headcount: posted ? postedText(posted.values.headcount) : headcount ? String(headcount) : '',
      errors: posted?.errors,
      banner: registerBanner(flash, posted?.errors),
      q: posted?.q ?? '',
    });
  }

  web.get(
    '/sessions/:id/attendance',
    { schema: { params: idParams, querystring: registerQuery } },
    async function showAttendanceRegister(request, reply) {
      return renderRegister(request, reply, request.params.id, undefined, request.query);
    },
  );

  web.post(
    '/sessions/:id/attendance',
    { schema: { params: idParams, querystring: registerQuery } },
    async function submitAttendanceRegister(request, reply) {
      const user = requireUser(request);
      const id = request.params.id;
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (body.action === 'search') {
        const parsed = parseForm(registerFormSchema, body);
        const q = typeof body.q === 'string' ? body.q.trim().slice(0, 100) : '';
        const errors =
          q.length < 2
            ? toFormErrors([{ field: 'q', message: 'Enter at least 2 letters of their name to search' }])
            : parsed.ok
              ? undefined
              : parsed.errors;
        if (errors) reply.code(422);
        return renderRegister(request, reply, id, { values: echoValues(body), errors, q });
      }
      return handleForm(
        reply,
        registerFormSchema,
        body,
        async (data) => {
          const present = new Set(data.present);
          const attendees = data.person.flatMap((userId, i) => {
            if (!present.has(userId)) return [];
            const role = data.role[i]!;
            const minutes = data.minutes[i] ? Number(data.minutes[i]) : undefined;
            // Minutes are for volunteers; for other roles the session's length counts.
            return [{ userId, role, minutes: role === 'volunteer' ? minutes : undefined }];
          });
          const result = await attendance.saveRegister(actionContext(request), { user }, id, {
            attendees,
            headcount: data.headcount === '' ? 0 : Number(data.headcount),
          });
          return `${participationPaths.register(id)}?saved=${result.namedAttendances + result.headcount}`;
        },
        (errors, values) => renderRegister(request, reply, id, { values, errors }),
      );
    },
  );
}
