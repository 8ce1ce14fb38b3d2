import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';

/** Polis open-data export and import: /conversations/:id/export/… and /conversations/import. */
export async function registerImportExportRoutes(
  _app: FastifyInstance,
  _services: Pick<Services, 'db'>,
): Promise<void> {}
