import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isCalendarDate, londonEndOfDay, londonStartOfDay, londonToday } from '../../lib/london-time.js';
import { actionContext, requireTokenRole, tokenViewer } from '../../platform/auth.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { ID_PATTERN, idField, idParams, idSchema } from '../../platform/fields.js';
import { problemResponses, problemSchema } from '../api/index.js';
import type { AreasService } from '../../core/areas/index.js';
import type { SessionListing } from './sessions.repository.js';
import { apiFields, type SessionsService } from './sessions.service.js';
import { apiBodyToInput, createSessionBodySchema } from './sessions.validation.js';

const sessionSchema = z
  .object({
    id: idSchema,
    seriesId: idSchema,
    projectId: idSchema,
    projectTitle: z.string(),
    title: z.string(),
    description: z.string(),
    spaceId: idSchema.nullable(),
    spaceName: z.string().nullable(),
    ward: z.string().nullable().meta({ description: 'The code of the ward the session happens in' }),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    durationMinutes: z.number().int(),
    capacity: z.number().int().nullable(),
    dropIn: z.boolean(),
    cancelled: z.boolean(),
    cancelReason: z.string().nullable(),
  })
  .meta({ id: 'Session', description: 'One occurrence of a scheduled session' });

const sessionListSchema = z
  .object({
    items: z.array(sessionSchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
  })
  .meta({ id: 'SessionList' });

const ymd = z.string().refine(isCalendarDate, 'Must be a real date written YYYY-MM-DD');

const listQuery = z.strictObject({
  from: ymd.optional().meta({ description: 'First London day (YYYY-MM-DD); default today' }),
  to: ymd.optional().meta({ description: 'Last London day (YYYY-MM-DD), inclusive' }),
  ward: z.string().max(20).optional().meta({ description: 'A ward code' }),
  projectId: idField().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

const createdSchema = z
  .object({ seriesId: idSchema, sessionIds: z.array(idSchema) })
  .meta({ id: 'SessionsCreated', description: 'The series and the ids of its occurrences, in date order' });

function toJson(s: SessionListing): z.input<typeof sessionSchema> {
  return {
    id: s.id,
    seriesId: s.seriesId,
    projectId: s.projectId,
    projectTitle: s.projectTitle,
    title: s.title,
    description: s.description,
    spaceId: s.spaceId,
    spaceName: s.spaceName,
    ward: s.areaCode,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    durationMinutes: s.durationMinutes,
    capacity: s.capacity,
    dropIn: s.dropIn,
    cancelled: s.cancelledAt !== null,
    cancelReason: s.cancelReason,
  };
}

const encodeCursor = (s: SessionListing) => Buffer.from(`${s.startsAt.toISOString()}|${s.id}`).toString('base64url');
function decodeCursor(cursor: string): { startsAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const startsAt = new Date(iso ?? '');
  if (!id || Number.isNaN(startsAt.getTime()) || !ID_PATTERN.test(id))
    throw new Invalid([{ field: 'cursor', message: 'This cursor is not one the API gave out.' }]);
  return { startsAt, id };
}

/** Sessions as JSON: any token of the place reads published projects' sessions; organiser tokens schedule. */
export function sessionsApi(
  app: FastifyInstance,
  { sessions, areas }: { sessions: SessionsService; areas: AreasService },
) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/sessions',
    {
      schema: {
        tags: ['Sessions'],
        summary: 'List sessions in start order',
        description:
          'Sessions of published projects, cancelled ones included (see `cancelled`), from `from` (default today) to `to`. Follow `nextCursor` for the next page.',
        security: [{ bearer: [] }],
        querystring: listQuery,
        response: { 200: sessionListSchema, ...problemResponses },
      },
    },
    async function listSessions(request) {
      requireTokenRole(request, 'resident');
      const { from, to, ward, projectId, limit, cursor } = request.query;
      let areaId: string | undefined;
      if (ward) {
        const area = await areas.findByCode(request.place.id, ward);
        if (!area) throw new NotFound(`There is no area with the code ${ward} in this place.`);
        areaId = area.id;
      }
      const rows = await sessions.list(
        request.place.id,
        {
          from: londonStartOfDay(from ?? londonToday()),
          to: to ? londonEndOfDay(to) : undefined,
          areaId,
          projectId,
          publishedOnly: true,
          includeCancelled: true,
          after: cursor ? decodeCursor(cursor) : undefined,
        },
        { limit: limit + 1 },
      );
      const page = rows.slice(0, limit);
      return { items: page.map(toJson), nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null };
    },
  );

  api.get(
    '/api/v1/sessions/:id',
    {
      schema: {
        tags: ['Sessions'],
        summary: 'One session',
        security: [{ bearer: [] }],
        params: idParams,
        response: { 200: sessionSchema, ...problemResponses },
      },
    },
    async function showSession(request) {
      const token = requireTokenRole(request, 'resident');
      const s = await sessions.findListing(request.place.id, request.params.id);
      const visible = s && (s.projectStatus === 'published' || token.role !== 'resident');
      if (!visible) throw new NotFound('There is no session with that id in this place.');
      return toJson(s);
    },
  );

  api.post(
    '/api/v1/sessions',
    {
      schema: {
        tags: ['Sessions'],
        summary: 'Schedule a session or a recurring series',
        description:
          'Needs an organiser token (which acts for the person who created it: only their projects) or above. `rrule` is an RFC 5545 RRULE value applied in London wall-clock time from `startsAt`; at most 200 occurrences and 2 years. Overlaps with live sessions in the same space are refused. Unknown fields are refused.',
        security: [{ bearer: [] }],
        body: createSessionBodySchema,
        response: { 201: createdSchema, 409: problemSchema, ...problemResponses },
      },
    },
    async function createSessions(request, reply) {
      const token = requireTokenRole(request, 'organiser');
      const created = await sessions.schedule(
        actionContext(request),
        { kind: 'user', user: tokenViewer(token) },
        apiBodyToInput(request.body),
        apiFields,
      );
      return reply.code(201).header('location', `/api/v1/sessions/${created.sessionIds[0]}`).send(created);
    },
  );
}
