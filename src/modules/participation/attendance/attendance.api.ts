import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext, requireTokenRole, tokenViewer } from '../../../platform/auth.js';
import { idParams, idSchema } from '../../../platform/fields.js';
import { problemResponses, problemSchema } from '../../api/index.js';
import { attendanceRoles } from './attendance.csv.js';
import type { AttendanceService } from './attendance.service.js';
import { recordBody } from './attendance.validation.js';

const recordResult = z
  .object({
    sessionId: idSchema,
    added: z.number().int(),
    changed: z.number().int(),
    namedAttendances: z.number().int(),
    headcount: z.number().int(),
  })
  .meta({ id: 'AttendanceRecorded' });

const attendanceSummary = z
  .object({
    sessionId: idSchema,
    namedAttendances: z.number().int(),
    headcount: z.number().int(),
    attendances: z.number().int().meta({ description: 'Named attendances plus the head-count' }),
    participationMinutes: z.number().int().meta({ description: 'Σ people × minutes, head-count included' }),
    attendees: z.array(
      z.object({ userId: idSchema, role: z.enum(attendanceRoles), minutes: z.number().int(), source: z.string() }),
    ),
  })
  .meta({ id: 'SessionAttendance' });

/** Attendance as JSON: organiser tokens record, officer tokens read. */
export function attendanceApi(app: FastifyInstance, { attendance }: { attendance: AttendanceService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/sessions/:id/attendance',
    {
      schema: {
        tags: ['Participation'],
        summary: 'Record who came to a session',
        description:
          'Adds named people (or updates their role and minutes: re-sending a person never counts them twice) and sets the head-count of anonymous drop-ins. Nobody is removed. Needs an organiser token (which acts for the person who created it: only their projects) or above. Refused for cancelled sessions and sessions more than a day away (409).',
        security: [{ bearer: [] }],
        params: idParams,
        body: recordBody,
        response: { 200: recordResult, ...problemResponses, 409: problemSchema },
      },
    },
    async function recordAttendance(request) {
      const token = requireTokenRole(request, 'organiser');
      const result = await attendance.record(
        actionContext(request),
        { user: tokenViewer(token) },
        request.params.id,
        request.body,
        'api',
      );
      return {
        sessionId: request.params.id,
        added: result.added,
        changed: result.changed,
        namedAttendances: result.namedAttendances,
        headcount: result.headcount,
      };
    },
  );

  api.get(
    '/api/v1/sessions/:id/attendance',
    {
      schema: {
        tags: ['Participation'],
        summary: 'Who came to a session',
        description: 'Counts and the named entries (person ids and roles, never emails). Needs an officer token.',
        security: [{ bearer: [] }],
        params: idParams,
        response: { 200: attendanceSummary, ...problemResponses },
      },
    },
    async function showAttendance(request) {
      requireTokenRole(request, 'officer');
      const { session, recorded, headcount } = await attendance.summary(request.place.id, request.params.id);
      return {
        sessionId: session.id,
        namedAttendances: recorded.length,
        headcount,
        attendances: recorded.length + headcount,
        participationMinutes: recorded.reduce((s, r) => s + r.minutes, 0) + headcount * session.durationMinutes,
        attendees: recorded.map((r) => ({ userId: r.userId, role: r.role, minutes: r.minutes, source: r.source })),
      };
    },
  );
}
