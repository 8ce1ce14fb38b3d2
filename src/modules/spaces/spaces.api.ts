import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext, requireTokenRole } from '../../platform/auth.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { idField, idParams, idSchema } from '../../platform/fields.js';
import { limitField, pageSchema, problemResponses } from '../api/index.js';
import type { AreasService } from '../../core/areas/index.js';
import type { Space } from './spaces.repository.js';
import { spacePaths } from './spaces.paths.js';
import { spaceKinds } from './spaces.schema.js';
import type { SpacesService } from './spaces.service.js';
import { createSpaceApiSchema } from './spaces.validation.js';

/** Item routes take no query; anything sent is ignored, as before. */
const noQuery = z.object({});

const spaceSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    kind: z.enum(spaceKinds),
    address: z.string().nullable().meta({ description: 'Null for online spaces' }),
    ward: z.string().nullable().meta({ description: 'The code of the ward, or null' }),
    capacity: z.number().int().nullable(),
    openingTimes: z.string(),
    accessibility: z.string(),
    equipment: z.array(z.string()).meta({ description: 'Equipment people can borrow' }),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Space', description: 'Where sessions happen' });

const spaceListSchema = pageSchema(spaceSchema, 'SpaceList');

const listQuery = z.strictObject({
  limit: limitField,
  cursor: idField('The cursor is not one this API gave')
    .optional()
    .meta({ description: 'nextCursor of the previous page' }),
});

/** Spaces as JSON: anyone with a token of the place may read; officers and admins may add. */
export function spacesApi(app: FastifyInstance, { spaces, areas }: { spaces: SpacesService; areas: AreasService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const codes = async (placeId: string) => new Map((await areas.listWards(placeId)).map((w) => [w.id, w.code]));
  const toJson = (s: Space, wardCodes: Map<string, string>): z.input<typeof spaceSchema> => ({
    id: s.id,
    name: s.name,
    kind: s.kind,
    address: s.address,
    ward: s.areaId ? (wardCodes.get(s.areaId) ?? null) : null,
    capacity: s.capacity,
    openingTimes: s.openingTimes,
    accessibility: s.accessibility,
    equipment: s.equipment,
    updatedAt: s.updatedAt.toISOString(),
  });

  api.get(
    spacePaths.api,
    {
      schema: {
        tags: ['Spaces'],
        summary: 'List the spaces of the place, by name',
        security: [{ bearer: [] }],
        querystring: listQuery,
        response: { 200: spaceListSchema, ...problemResponses },
      },
    },
    async function listSpaces(request) {
      requireTokenRole(request, 'resident');
      const placeId = request.place.id;
      const { limit, cursor } = request.query;
      let after: { name: string; id: string } | undefined;
      if (cursor) {
        const last = await spaces.findInPlace(placeId, cursor);
        if (!last) throw new Invalid([{ field: 'cursor', message: 'The cursor is not one this API gave' }]);
        after = { name: last.name, id: last.id };
      }
      const rows = await spaces.list(placeId, limit + 1, after);
      const page = rows.slice(0, limit);
      const wardCodes = await codes(placeId);
      return {
        items: page.map((s) => toJson(s, wardCodes)),
        nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
      };
    },
  );

  api.get(
    spacePaths.apiSpace(':id'),
    {
      schema: {
        tags: ['Spaces'],
        summary: 'One space',
        security: [{ bearer: [] }],
        params: idParams,
        querystring: noQuery,
        response: { 200: spaceSchema, ...problemResponses },
      },
    },
    async function showSpace(request) {
      requireTokenRole(request, 'resident');
      const space = await spaces.findInPlace(request.place.id, request.params.id);
      if (!space) throw new NotFound('There is no such space.');
      return toJson(space, await codes(request.place.id));
    },
  );

  api.post(
    spacePaths.api,
    {
      schema: {
        tags: ['Spaces'],
        summary: 'Add a space',
        description: 'Needs an officer or admin token. Unknown fields are refused.',
        security: [{ bearer: [] }],
        body: createSpaceApiSchema,
        response: { 201: spaceSchema, ...problemResponses },
      },
    },
    async function createSpace(request, reply) {
      requireTokenRole(request, 'officer');
      const placeId = request.place.id;
      const { ward, ...body } = request.body;
      let areaId: string | null = null;
      if (ward) {
        const area = await areas.findByCode(placeId, ward);
        if (!area || area.kind !== 'ward')
          throw new Invalid([{ field: 'ward', message: `There is no ward with the code ${ward} in this place.` }]);
        areaId = area.id;
      }
      const space = await spaces.create(
        actionContext(request),
        { ...body, areaId, capacity: body.capacity ?? null },
        null,
      );
      return reply
        .code(201)
        .header('location', spacePaths.apiSpace(space.id))
        .send(toJson(space, await codes(placeId)));
    },
  );
}
