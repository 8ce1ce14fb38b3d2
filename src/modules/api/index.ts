import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireTokenRole } from '../../platform/auth.js';
import { defineModule } from '../../platform/modules.js';
import { paths } from '../../platform/paths.js';
import type { PlacesService } from '../../core/places/index.js';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem document' });

/** Standard error responses every authenticated API route can give. */
export const problemResponses = {
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  422: problemSchema,
  429: problemSchema,
};

/** The API surface: OpenAPI document, browsable docs and the place endpoint. Modules add their own /api/v1 routes. */
export const apiModule = defineModule<{ places: PlacesService }>()({
  name: 'api',
  async register(app: FastifyInstance, { places }) {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/api/v1/place',
      {
        schema: {
          tags: ['Place'],
          summary: 'The place this token belongs to',
          security: [{ bearer: [] }],
          response: {
            200: z
              .object({ id: z.uuid(), slug: z.string(), name: z.string(), hostnames: z.array(z.string()) })
              .meta({ id: 'Place' }),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        requireTokenRole(request, 'resident');
        return {
          id: request.place.id,
          slug: request.place.slug,
          name: request.place.name,
          hostnames: await places.hostnames(request.place.id),
        };
      },
    );

    app.get(paths.openapi, { schema: { hide: true } }, async (_request, reply) =>
      reply.header('cache-control', 'no-cache').send(app.swagger()),
    );
    app.get(paths.apiDocs, { schema: { hide: true } }, async (_request, reply) => {
      const spec = app.swagger() as unknown as OpenApiDoc;
      return reply.render('api/views/docs.njk', { operations: listOperations(spec), spec });
    });
  },
});

type OpenApiDoc = {
  info: { title: string; description?: string };
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        description?: string;
        tags?: string[];
        security?: unknown[];
        parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
        requestBody?: { content?: Record<string, { schema?: unknown }> };
        responses?: Record<string, { description?: string }>;
      }
    >
  >;
};

const STATUS_TEXT: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '204': 'No content',
  '400': 'Malformed request',
  '401': 'No valid token',
  '403': "The token's role is not allowed to do this",
  '404': 'Not found in this place',
  '409': 'Conflicts with what exists',
  '413': 'Body too large',
  '422': 'Did not match the schema (see errors)',
  '429': 'Too many requests',
};

/** The OpenAPI document as a list a person can read, grouped by tag, for the no-JavaScript docs page. */
function listOperations(spec: OpenApiDoc) {
  const groups = new Map<string, unknown[]>();
  for (const [path, methods] of Object.entries(spec.paths ?? {})) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? 'Other';
      const list = groups.get(tag) ?? [];
      list.push({
        id: `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-'),
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        description: op.description ?? '',
        authenticated: Boolean(op.security?.length),
        parameters: op.parameters ?? [],
        requestSchema: op.requestBody?.content?.['application/json']?.schema,
        responses: Object.entries(op.responses ?? {}).map(([status, r]) => ({
          status,
          description:
            !r.description || r.description === 'Default Response' ? (STATUS_TEXT[status] ?? '') : r.description,
        })),
      });
      groups.set(tag, list);
    }
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([tag, ops]) => ({ tag, ops }));
}
