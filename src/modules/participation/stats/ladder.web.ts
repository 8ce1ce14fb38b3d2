import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../../platform/auth.js';
import { ladderView } from './ladder.view-models.js';
import { participationPaths } from '../participation.paths.js';
import type { StatsService } from './stats.service.js';

/** "Your participation": the person's own attendances, hours and step on the ladder. */
export function ladderWeb(app: FastifyInstance, { stats }: { stats: StatsService }) {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      participationPaths.myParticipation,
      { schema: { querystring: z.object({}) } },
      async function showMyParticipation(request, reply) {
        const user = requireUser(request);
        const ladder = await stats.ladderFor(request.place.id, user.id);
        return reply
          .header('cache-control', 'no-store')
          .render('participation/stats/views/ladder.njk', ladderView(ladder));
      },
    );
}
