import type { FastifyInstance } from 'fastify';
import type { ModuleManifest } from '../../platform/modules.js';
import { paths } from '../../platform/paths.js';
import type { AreasService } from '../areas/index.js';

/** The place's home page and the pages the law asks every public service for. */
export const pagesModule: ModuleManifest<{ areas: AreasService }> = {
  name: 'pages',
  async register(app: FastifyInstance, { areas }) {
    app.get(paths.home, async (request, reply) => {
      const wards = await areas.listWards(request.place.id);
      return reply.render('pages/views/home.njk', { wards });
    });
    app.get(paths.accessibility, async (_request, reply) => reply.render('pages/views/accessibility.njk'));
    app.get(paths.privacy, async (_request, reply) => reply.render('pages/views/privacy.njk'));
    app.get(paths.cookies, async (_request, reply) => reply.render('pages/views/cookies.njk'));
  },
};
