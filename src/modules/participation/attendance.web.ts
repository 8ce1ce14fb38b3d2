import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actionContext, requireUser } from '../../platform/auth.js';
import { hasRole, type CurrentUser } from '../../platform/context.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { echoValues, handleForm, parseForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import { attendanceRoles, decodeSheet, SHEET_MAX_BYTES, type SheetProblem } from './attendance.csv.js';
import type { AttendanceService } from './attendance.service.js';
import { HEADCOUNT_MAX } from './attendance.service.js';
import { ladderHowTo, ladderLabels, ladderMeanings, ladderSteps } from './ladder.js';

/** The URLs of attendance recording and the ladder page. */
export const attendancePaths = {
  register: (sessionId: string) => `/sessions/${sessionId}/attendance`,
  importSheet: (sessionId: string) => `/sessions/${sessionId}/attendance/import`,
  confirmImport: (sessionId: string) => `/sessions/${sessionId}/attendance/import/confirm`,
  myParticipation: '/account/participation',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const roleLabels: Record<string, string> = { participant: 'Participant', volunteer: 'Volunteer', lead: 'Lead' };

const list = <T extends z.ZodType>(inner: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(inner).max(5000));

/** The register form: one row per person listed (person, role, minutes line up), ticks for who came. */
export const registerFormSchema = z
  .strictObject({
    action: z.enum(['save', 'search']).default('save'),
    q: z.string().max(100, 'Enter a name of 100 characters or fewer').optional(),
    person: list(z.string().regex(UUID, 'The form lists someone unknown. Reload the page and try again.')),
    present: list(z.string().regex(UUID, 'The form ticks someone unknown. Reload the page and try again.')),
    role: list(z.enum(attendanceRoles, { message: 'Choose participant, volunteer or lead' })),
    minutes: list(
      z
        .string()
        .trim()
        .regex(/^\d{0,4}$/, 'Enter minutes as a whole number, like 90')
        .refine((m) => m === '' || (Number(m) >= 1 && Number(m) <= 1440), 'Minutes must be from 1 to 1440'),
    ),
    headcount: z
      .string()
      .trim()
      .regex(/^\d{0,6}$/, 'Enter the number of drop-ins as a whole number, like 12')
      .refine((h) => h === '' || Number(h) <= HEADCOUNT_MAX, `The head-count must be ${HEADCOUNT_MAX} or fewer`)
      .default(''),
  })
  .superRefine((v, ctx) => {
    if (v.role.length !== v.person.length || v.minutes.length !== v.person.length)
      ctx.addIssue({ code: 'custom', path: [], message: 'The form was incomplete. Reload the page and try again.' });
    const listed = new Set(v.person);
    if (v.present.some((p) => !listed.has(p)))
      ctx.addIssue({ code: 'custom', path: [], message: 'The form ticks someone it does not list. Reload the page.' });
  });

const pasteSchema = z.strictObject({
  csv: z
    .string()
    .max(SHEET_MAX_BYTES, 'The pasted sheet is larger than 1 MB. Split it into smaller parts.')
    .refine((s) => s.trim() !== '', 'Paste the sign-in sheet, or choose a file')
    .optional(),
  sheet: z.unknown().optional(),
});
const confirmSchema = z.strictObject({
  sheet: z
    .string()
    .max(2 * SHEET_MAX_BYTES, 'The sheet is too large.')
    .min(1, 'The sheet is missing.'),
});

type RegisterRow = {
  userId: string;
  name: string;
  email: string | null;
  note: string;
  present: boolean;
  role: string;
  minutes: string;
};

function sessionId(request: FastifyRequest<{ Params: { id: string } }>): string {
  if (!UUID.test(request.params.id)) throw new NotFound('There is no such session in this place.');
  return request.params.id.toLowerCase();
}

/** Attendance pages: the register, sign-in sheet import, and "your participation". */
export async function attendanceWeb(app: FastifyInstance, { attendance }: { attendance: AttendanceService }) {
  // Uploads only here, in this plugin's scope: one file of up to 1 MB.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { files: 1, fileSize: SHEET_MAX_BYTES, fields: 5, fieldSize: 2 * SHEET_MAX_BYTES, parts: 6 },
  });

  const showRegister = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    posted?: { values: Record<string, unknown>; errors?: FormErrors; q?: string },
  ) => {
    const user = requireUser(request);
    const id = sessionId(request);
    const placeId = request.place.id;
    const { session, project } = await attendance.openRegister({ user }, placeId, id);
    const { bookings, recorded, headcount } = await attendance.registerOf(placeId, id);
    const showEmail = hasRole(user.role, 'officer');
    const bookingNote = new Map(
      bookings.map((b) => [b.person.id, b.status === 'booked' ? 'Booked' : 'On the waiting list']),
    );
    let rows: RegisterRow[] = [];
    if (!posted) {
      const byUser = new Map(recorded.map((r) => [r.userId, r]));
      for (const b of bookings) {
        const r = byUser.get(b.person.id);
        rows.push({
          userId: b.person.id,
          name: b.person.displayName,
          email: showEmail ? b.person.email : null,
          note: bookingNote.get(b.person.id)!,
          present: Boolean(r),
          role: r?.role ?? 'participant',
          minutes: r && r.role === 'volunteer' && r.minutes !== session.durationMinutes ? String(r.minutes) : '',
        });
      }
      for (const r of recorded) {
        if (bookingNote.has(r.userId)) continue;
        rows.push({
          userId: r.userId,
          name: r.person.displayName,
          email: showEmail ? r.person.email : null,
          note: 'Did not book',
          present: true,
          role: r.role,
          minutes: r.role === 'volunteer' && r.minutes !== session.durationMinutes ? String(r.minutes) : '',
        });
      }
    } else {
      const arr = (k: string) => {
        const v = posted.values[k];
        return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
      };
      const ids = arr('person').filter((p) => UUID.test(p));
      const people = new Map((await attendance.peopleByIds(placeId, ids)).map((p) => [p.id, p]));
      const present = new Set(arr('present'));
      const roles = arr('role');
      const minutes = arr('minutes');
      arr('person').forEach((pid, i) => {
        const p = people.get(pid);
        if (!p || rows.some((r) => r.userId === pid)) return;
        rows.push({
          userId: p.id,
          name: p.displayName,
          email: showEmail ? p.email : null,
          note: bookingNote.get(p.id) ?? 'Did not book',
          present: present.has(p.id),
          role: roles[i] ?? 'participant',
          minutes: minutes[i] ?? '',
        });
      });
    }
    let results: RegisterRow[] = [];
    if (posted?.q) {
      const found = await attendance.searchPeople(user, placeId, posted.q);
      results = found
        .filter((p) => !rows.some((r) => r.userId === p.id))
        .map((p) => ({
          userId: p.id,
          name: p.displayName,
          email: showEmail ? p.email : null,
          note: 'Found by search: tick if they came',
          present: false,
          role: 'participant',
          minutes: '',
        }));
      rows = [...rows, ...results];
    }
    const headcountValue = posted ? String(posted.values.headcount ?? '') : headcount ? String(headcount) : '';
    return reply.header('cache-control', 'no-store').render('participation/views/attendance-register.njk', {
      session,
      project,
      rows: rows.map((r, i) => ({
        ...r,
        index: i,
        roleItems: attendanceRoles.map((value) => ({ value, text: roleLabels[value], selected: value === r.role })),
      })),
      searched: posted?.q,
      resultsCount: results.length,
      headcount: headcountValue,
      errors: posted?.errors,
      q: posted?.q ?? '',
      saved: (request.query as Record<string, unknown>)['saved'],
      imported: (request.query as Record<string, unknown>)['imported'],
      paths: { register: attendancePaths.register(id), importSheet: attendancePaths.importSheet(id) },
    });
  };

  app.get<{ Params: { id: string } }>(
    '/sessions/:id/attendance',
    async function showAttendanceRegister(request, reply) {
      return showRegister(request, reply);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/sessions/:id/attendance',
    async function submitAttendanceRegister(request, reply) {
      const user = requireUser(request);
      const id = sessionId(request);
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
        return showRegister(request, reply, { values: echoValues(body), errors, q });
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
          return `${attendancePaths.register(id)}?saved=${result.namedAttendances + result.headcount}`;
        },
        (errors, values) => showRegister(request, reply, { values, errors }),
      );
    },
  );

  // Sign-in sheet import: upload or paste, a row-by-row report, then a confirm step.

  const showImport = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    state: { errors?: FormErrors; problems?: SheetProblem[]; csv?: string } = {},
  ) => {
    const user = requireUser(request);
    const id = sessionId(request);
    const { session, project } = await attendance.openRegister({ user }, request.place.id, id);
    return reply.header('cache-control', 'no-store').render('participation/views/attendance-import.njk', {
      session,
      project,
      canUseEmail: hasRole(user.role, 'officer'),
      errors: state.errors,
      problems: state.problems,
      csv: state.csv ?? '',
      paths: { register: attendancePaths.register(id), importSheet: attendancePaths.importSheet(id) },
    });
  };

  app.get<{ Params: { id: string } }>(
    '/sessions/:id/attendance/import',
    async function showSheetImport(request, reply) {
      return showImport(request, reply);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/sessions/:id/attendance/import',
    { bodyLimit: 2 * SHEET_MAX_BYTES },
    async function checkSheetImport(request, reply) {
      const user = requireUser(request);
      const id = sessionId(request);
      const { session, project } = await attendance.openRegister({ user }, request.place.id, id);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(pasteSchema, body);
      if (!parsed.ok) {
        reply.code(422);
        return showImport(request, reply, { errors: parsed.errors });
      }
      let text: string;
      const file = parsed.data.sheet;
      if (Buffer.isBuffer(file) && file.length > 0) {
        const decoded = decodeSheet(file);
        if ('problem' in decoded) {
          reply.code(422);
          return showImport(request, reply, {
            errors: toFormErrors([{ field: 'sheet', message: decoded.problem }]),
          });
        }
        text = decoded.text;
      } else if (parsed.data.csv !== undefined) {
        text = parsed.data.csv;
      } else {
        reply.code(422);
        return showImport(request, reply, {
          errors: toFormErrors([{ field: 'sheet', message: 'Choose a CSV file, or paste the sign-in sheet' }]),
        });
      }
      const checked = await attendance.checkSheet(user, request.place.id, text);
      if (checked.problems.length) {
        reply.code(422);
        const count = checked.problems.length;
        return showImport(request, reply, {
          errors: toFormErrors([
            {
              field: 'report',
              message: `The sheet has ${count} ${count === 1 ? 'problem' : 'problems'}. Nothing has been imported: fix the sheet and try again.`,
            },
          ]),
          problems: checked.problems,
          csv: parsed.data.csv,
        });
      }
      const showEmail = hasRole(user.role, 'officer');
      return reply.header('cache-control', 'no-store').render('participation/views/attendance-import-confirm.njk', {
        session,
        project,
        rows: checked.matched.map(({ row, person }) => ({
          row: row.row,
          name: person.displayName,
          email: showEmail ? person.email : null,
          role: roleLabels[row.role],
          minutes: row.minutes,
        })),
        sheet: Buffer.from(text, 'utf8').toString('base64'),
        paths: { register: attendancePaths.register(id), confirm: attendancePaths.confirmImport(id) },
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/sessions/:id/attendance/import/confirm',
    { bodyLimit: 3 * SHEET_MAX_BYTES },
    async function confirmSheetImport(request, reply) {
      const user = requireUser(request);
      const id = sessionId(request);
      const parsed = parseForm(confirmSchema, request.body);
      const text = parsed.ok ? decodeSheet(Buffer.from(parsed.data.sheet, 'base64')) : undefined;
      if (!text || 'problem' in text) {
        reply.code(422);
        return showImport(request, reply, {
          errors: toFormErrors([{ field: 'sheet', message: 'The sheet to import was lost. Choose the file again.' }]),
        });
      }
      try {
        const result = await attendance.importSheet(actionContext(request), user, id, text.text);
        return reply.redirect(`${attendancePaths.register(id)}?imported=${result.added + result.changed}`, 303);
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        const checked = await attendance.checkSheet(user, request.place.id, text.text);
        reply.code(422);
        return showImport(request, reply, {
          errors: toFormErrors([{ field: 'report', message: 'The sheet has problems. Nothing has been imported.' }]),
          problems: checked.problems,
        });
      }
    },
  );

  // The participation ladder, shown to the person themselves.
  app.get(attendancePaths.myParticipation, async function showMyParticipation(request, reply) {
    const user: CurrentUser = requireUser(request);
    const ladder = await attendance.ladderFor(request.place.id, user.id);
    return reply.header('cache-control', 'no-store').render('participation/views/ladder.njk', {
      ladder,
      hours: Math.round((ladder.minutes / 60) * 10) / 10,
      stepLabel: ladderLabels[ladder.step],
      stepMeaning: ladderMeanings[ladder.step],
      nextLabel: ladder.next ? ladderLabels[ladder.next] : null,
      nextHowTo: ladder.next ? ladderHowTo[ladder.next] : null,
      steps: ladderSteps
        .filter((s) => s !== 'not_yet')
        .map((s) => ({ label: ladderLabels[s], meaning: ladderMeanings[s], current: s === ladder.step })),
    });
  });
}
