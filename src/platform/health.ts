import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import type { Database } from './db.js';

/** `/health`: the process answers. `/ready`: it can reach the database. Neither needs a place. */
export const healthPlugin = fp<{ database: Database }>(
  (app: FastifyInstance, { database }, done) => {
    const status = z.object({ status: z.enum(['ok', 'unavailable']), database: z.string().optional() });
    app.get(
      '/health',
      {
        schema: { tags: ['Operations'], summary: 'Is the process alive?', response: { 200: status } },
        config: { rateLimit: false },
      },
      () => ({ status: 'ok' as const }),
    );
    app.get(
      '/ready',
      {
        schema: {
          tags: ['Operations'],
          summary: 'Can the service reach its database?',
          response: { 200: status, 503: status },
        },
        config: { rateLimit: false },
      },
      async (request, reply) => {
        try {
          await database.ping();
          return { status: 'ok' as const, database: database.kind };
        } catch (err) {
          request.log.error({ err }, 'readiness check failed');
          return reply.code(503).send({ status: 'unavailable' as const, database: database.kind });
        }
      },
    );
    done();
  },
  { name: 'health' },
);
