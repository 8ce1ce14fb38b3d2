import type { FastifyInstance } from 'fastify';
import { defineModule } from '../../platform/modules.js';
import { paths } from '../../platform/paths.js';
import type { AreasService } from '../../core/areas/index.js';
import type { ProjectsService } from '../projects/index.js';
import type { SessionsService } from '../sessions/index.js';

/** The place's home page and the pages the law asks every public service for. */
export const pagesModule = defineModule<
  object,
  { areas: AreasService; sessions: SessionsService; projects: ProjectsService }
>()({
  name: 'pages',
  nav: [{ text: 'Home', href: '/', order: 10, exact: true }],
  async register(app: FastifyInstance, { areas, sessions, projects }) {
    app.get(paths.home, async function showHome(request, reply) {
      const placeId = request.place.id;
      const wards = await areas.listWards(placeId);
      // Near you first: the signed-in person's home ward, when they have chosen one.
      const homeWardId = request.user ? await sessions.homeWardOf(placeId, request.user.id) : null;
      const homeWard = wards.find((w) => w.id === homeWardId);
      const upcoming = await sessions.list(
        placeId,
        { from: new Date(), areaId: homeWard?.id, publishedOnly: true },
        { limit: 6 },
      );
      const [projectCount, newest] = await Promise.all([
        projects.countPublished(placeId),
        projects.listPublished(placeId, { areaId: homeWard?.id }, 3),
      ]);
      return reply.render('pages/views/home.njk', { wards, homeWard, upcoming, projectCount, newest });
    });
    app.get(paths.accessibility, async (_request, reply) => reply.render('pages/views/accessibility.njk'));
    app.get(paths.privacy, async (_request, reply) => reply.render('pages/views/privacy.njk'));
    app.get(paths.cookies, async (_request, reply) => reply.render('pages/views/cookies.njk'));
  },
});
