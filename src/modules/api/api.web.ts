import type { FastifyInstance } from 'fastify';
import { apiPaths as paths } from './api.paths.js';
import { apiDocsView, type OpenApiDoc } from './api.view-models.js';

/** The OpenAPI document and the docs page a person can read without JavaScript, both from the routes' schemas. */
export function apiDocsWeb(app: FastifyInstance) {
  app.get(paths.openapi, { schema: { hide: true } }, async function showOpenApi(_request, reply) {
    return reply.header('cache-control', 'no-cache').send(app.swagger());
  });

  app.get(paths.docs, { schema: { hide: true } }, async function showApiDocs(_request, reply) {
    return reply.render('api/views/docs.njk', apiDocsView(app.swagger() as unknown as OpenApiDoc));
  });
}
