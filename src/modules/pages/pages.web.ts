import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AreasService } from '../../core/areas/index.js';
import type { ProjectsService } from '../projects/index.js';
import type { SessionsService } from '../sessions/index.js';
import { pagesPaths as paths } from './pages.paths.js';
import { homeView } from './pages.view-models.js';

/** The home page says so when it is where a deleted account was sent. */
const homeQuery = z.object({ deleted: z.string().max(40).optional().catch(undefined) });

/** Sessions on the home page. */
const UPCOMING = 6;
/** Newest projects on the home page. */
const NEWEST = 3;

/** The place's home page and the pages the law asks every public service for. */
export function pagesWeb(
  app: FastifyInstance,
  { areas, sessions, projects }: { areas: AreasService; sessions: SessionsService; projects: ProjectsService },
) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  web.get(paths.home, { schema: { querystring: homeQuery } }, async function showHome(request, reply) {
    const placeId = request.place.id;
    const wards = await areas.listWards(placeId);
    // Near you first: the signed-in person's home ward, when they have chosen one.
    const homeWardId = request.user ? await sessions.homeWardOf(placeId, request.user.id) : null;
    const homeWard = wards.find((w) => w.id === homeWardId);
    const upcoming = await sessions.list(
      placeId,
      { from: new Date(), areaId: homeWard?.id, publishedOnly: true },
      { limit: UPCOMING },
    );
    const [projectCount, newest] = await Promise.all([
      projects.countPublished(placeId),
      projects.listPublished(placeId, { areaId: homeWard?.id }, NEWEST),
    ]);
    return reply.render('pages/views/home.njk', homeView({ wards, homeWard, upcoming, projectCount, newest }));
  });

  web.get(paths.accessibility, async function showAccessibility(_request, reply) {
    return reply.render('pages/views/accessibility.njk');
  });

  web.get(paths.privacy, async function showPrivacy(_request, reply) {
    return reply.render('pages/views/privacy.njk');
  });

  web.get(paths.cookies, async function showCookies(_request, reply) {
    return reply.render('pages/views/cookies.njk');
  });
}
