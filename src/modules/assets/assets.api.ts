import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AreasService } from '../../core/areas/index.js';
import { requireTokenRole } from '../../platform/auth.js';
import { Invalid } from '../../platform/errors.js';
import { idField, idSchema } from '../../platform/fields.js';
import { problemResponses } from '../api/index.js';
import { assetPaths } from './assets.paths.js';
import type { Asset } from './assets.repository.js';
import { assetCategories } from './assets.schema.js';
import type { AssetsService } from './assets.service.js';

const assetSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    category: z.enum(assetCategories).meta({
      description: 'association, institution, place, economic (local economy) or culture (stories and culture)',
    }),
    offers: z.string().meta({ description: 'What it offers people' }),
    ward: z.string().nullable().meta({ description: 'The code of the ward, or null' }),
    address: z.string(),
    contact: z.string().meta({ description: 'How to get in touch, as the asset publishes it' }),
    openingTimes: z.string(),
    accessibility: z.string(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'CommunityAsset', description: 'Something a community already has, checked by the council' });

const assetListSchema = z
  .object({
    items: z.array(assetSchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
  })
  .meta({ id: 'CommunityAssetList' });

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: idField('The cursor is not one this API gave')
    .optional()
    .meta({ description: 'nextCursor of the previous page' }),
  category: z.enum(assetCategories, { error: 'The category must be one of ' + assetCategories.join(', ') }).optional(),
});

/** The public part of the asset register as JSON: anyone with a token of the place may read it. */
export function assetsApi(app: FastifyInstance, { assets, areas }: { assets: AssetsService; areas: AreasService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const toJson = (a: Asset, wardCodes: Map<string, string>): z.input<typeof assetSchema> => ({
    id: a.id,
    name: a.name,
    category: a.category,
    offers: a.offers,
    ward: a.areaId ? (wardCodes.get(a.areaId) ?? null) : null,
    address: a.address,
    contact: a.contact,
    openingTimes: a.openingTimes,
    accessibility: a.accessibility,
    updatedAt: a.updatedAt.toISOString(),
  });

  api.get(
    assetPaths.api,
    {
      schema: {
        tags: ['Community assets'],
        summary: 'List the public community assets of the place, by name',
        description: 'Suggestions waiting to be checked, and declined ones, are never listed.',
        security: [{ bearer: [] }],
        querystring: listQuery,
        response: { 200: assetListSchema, ...problemResponses },
      },
    },
    async function listAssets(request) {
      requireTokenRole(request, 'resident');
      const placeId = request.place.id;
      const { limit, cursor, category } = request.query;
      let after: { name: string; id: string } | undefined;
      if (cursor) {
        const last = await assets.findVisible(placeId, cursor, null);
        if (!last) throw new Invalid([{ field: 'cursor', message: 'The cursor is not one this API gave' }]);
        after = { name: last.name, id: last.id };
      }
      const rows = await assets.list(placeId, { status: 'public', category }, limit + 1, after);
      const page = rows.slice(0, limit);
      const wardCodes = new Map((await areas.listWards(placeId)).map((w) => [w.id, w.code]));
      return {
        items: page.map((a) => toJson(a, wardCodes)),
        nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
      };
    },
  );
}
