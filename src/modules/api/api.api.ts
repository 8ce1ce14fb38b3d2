import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireTokenRole } from '../../platform/auth.js';
import { idSchema } from '../../platform/fields.js';
import type { PlacesService } from '../../core/places/index.js';
import { apiPaths as paths } from './api.paths.js';
import { problemResponses } from './api.problems.js';

const placeSchema = z
  .object({ id: idSchema, slug: z.string(), name: z.string(), hostnames: z.array(z.string()) })
  .meta({ id: 'Place' });

/** /api/v1/place: the place a token belongs to. */
export function placeApi(app: FastifyInstance, { places }: { places: PlacesService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    paths.place,
    {
      schema: {
        tags: ['Place'],
        summary: 'The place this token belongs to',
        security: [{ bearer: [] }],
        response: { 200: placeSchema, ...problemResponses },
      },
    },
    async function showPlace(request) {
      requireTokenRole(request, 'resident');
      return {
        id: request.place.id,
        slug: request.place.slug,
        name: request.place.name,
        hostnames: await places.hostnames(request.place.id),
      };
    },
  );
}
