import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext, requireTokenRole } from '../../platform/auth.js';
import { NotFound } from '../../platform/errors.js';
import { idSchema } from '../../platform/fields.js';
import { limitField, pageSchema, problemResponses, problemSchema } from '../api/index.js';
import type { Area } from '../../core/areas/index.js';
import { areasPaths as paths } from './areas.paths.js';
import type { AreasService } from '../../core/areas/index.js';
import {
  areaCodeField,
  areaKindField,
  createAreaSchema,
  geometrySchema,
  updateAreaSchema,
} from '../../core/areas/index.js';

const areaSchema = z
  .object({
    id: idSchema,
    code: z.string(),
    name: z.string(),
    kind: z.string(),
    population: z.number().int().nullable(),
    populationYear: z.number().int().nullable(),
    hasBoundary: z.boolean(),
    parent: z
      .object({
        code: z.string(),
        basis: z.enum(['lookup', 'best-fit']).meta({
          description:
            'lookup: as the council stated (a lookup file or parentCode); best-fit: the area holding most of its land',
        }),
        share: z
          .number()
          .nullable()
          .meta({ description: 'With best fit, the share of its land inside the parent (0 to 1)' }),
      })
      .nullable()
      .meta({ description: 'The larger area it lies in (an LSOA’s ward), and how it was placed' }),
    boundary: geometrySchema
      .optional()
      .meta({ description: 'Only with ?geometry=true, and only when the area has one' }),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Area', description: 'A ward or other area of the place' });

const areaListSchema = pageSchema(areaSchema, 'AreaList');

const listQuery = z.strictObject({
  kind: areaKindField.optional(),
  limit: limitField,
  cursor: areaCodeField.optional().meta({ description: 'The last code of the previous page' }),
});

const codeParams = z.object({ code: areaCodeField });

const geometryQuery = z.strictObject({
  geometry: z.enum(['true', 'false']).default('false').meta({ description: 'true to include the boundary GeoJSON' }),
});

/** The codes of the areas' parents, by parent id, read in one go. */
async function parentCodes(areas: AreasService, placeId: string, list: Area[]): Promise<Map<string, string>> {
  const ids = [...new Set(list.flatMap((a) => (a.parentId ? [a.parentId] : [])))];
  return new Map((await areas.findManyInPlace(placeId, ids)).map((a) => [a.id, a.code]));
}

function toJson(area: Area, withGeometry: boolean, parents: Map<string, string>): z.input<typeof areaSchema> {
  const parentCode = area.parentId ? parents.get(area.parentId) : undefined;
  return {
    id: area.id,
    code: area.code,
    name: area.name,
    kind: area.kind,
    population: area.population,
    populationYear: area.populationYear,
    hasBoundary: area.boundary !== null,
    parent:
      parentCode && area.parentBasis ? { code: parentCode, basis: area.parentBasis, share: area.parentShare } : null,
    ...(withGeometry && area.boundary ? { boundary: area.boundary } : {}),
    updatedAt: area.updatedAt.toISOString(),
  };
}

/** Areas as JSON: anyone with a token of the place may read; officers and admins may add and change. */
export function areasApi(app: FastifyInstance, { areas }: { areas: AreasService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    paths.api,
    {
      schema: {
        tags: ['Areas'],
        summary: 'List the areas of the place, by code',
        description:
          'Pages of up to `limit` areas in code order, without boundaries. Follow `nextCursor` for the next page.',
        security: [{ bearer: [] }],
        querystring: listQuery,
        response: { 200: areaListSchema, ...problemResponses },
      },
    },
    async function listAreas(request) {
      requireTokenRole(request, 'resident');
      const { kind, limit, cursor } = request.query;
      const rows = await areas.list(request.place.id, { kind, afterCode: cursor, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const parents = await parentCodes(areas, request.place.id, page);
      return {
        items: page.map((a) => toJson(a, false, parents)),
        nextCursor: rows.length > limit ? page[page.length - 1]!.code : null,
      };
    },
  );

  api.get(
    paths.apiArea(':code'),
    {
      schema: {
        tags: ['Areas'],
        summary: 'One area',
        security: [{ bearer: [] }],
        params: codeParams,
        querystring: geometryQuery,
        response: { 200: areaSchema, ...problemResponses },
      },
    },
    async function showArea(request) {
      requireTokenRole(request, 'resident');
      const area = await areas.findByCode(request.place.id, request.params.code);
      if (!area) throw new NotFound(`There is no area with the code ${request.params.code} in this place.`);
      return toJson(area, request.query.geometry === 'true', await parentCodes(areas, request.place.id, [area]));
    },
  );

  api.post(
    paths.api,
    {
      schema: {
        tags: ['Areas'],
        summary: 'Add an area',
        description: 'Needs an officer or admin token. Unknown fields are refused.',
        security: [{ bearer: [] }],
        body: createAreaSchema,
        response: { 201: areaSchema, 409: problemSchema, ...problemResponses },
      },
    },
    async function createArea(request, reply) {
      requireTokenRole(request, 'officer');
      const area = await areas.create(actionContext(request), request.body);
      return reply
        .code(201)
        .header('location', paths.apiArea(area.code))
        .send(toJson(area, true, await parentCodes(areas, request.place.id, [area])));
    },
  );

  api.patch(
    paths.apiArea(':code'),
    {
      schema: {
        tags: ['Areas'],
        summary: 'Change an area',
        description: 'Needs an officer or admin token. Send only the fields to change; unknown fields are refused.',
        security: [{ bearer: [] }],
        params: codeParams,
        body: updateAreaSchema,
        response: { 200: areaSchema, ...problemResponses },
      },
    },
    async function updateArea(request) {
      requireTokenRole(request, 'officer');
      const area = await areas.update(actionContext(request), request.params.code, request.body);
      return toJson(area, true, await parentCodes(areas, request.place.id, [area]));
    },
  );
}
