import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';

/** Closing the loop: the public outcome page and the officers' pages to write and publish it. */
export async function registerOutcomeRoutes(_app: FastifyInstance, _services: Pick<Services, 'db'>): Promise<void> {}
