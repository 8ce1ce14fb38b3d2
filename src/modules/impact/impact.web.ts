import type { FastifyInstance } from 'fastify';
import type { AppraisalsService } from './appraisals/index.js';
import type { FrameworksService } from './frameworks/index.js';
import { impactPaths as paths } from './impact.paths.js';
import { impactPermissions } from './impact.permissions.js';
import type { ValuesService } from './values/index.js';

/** The impact home page: the three parts of the module and how much each holds. */
export function impactHomeWeb(
  app: FastifyInstance,
  deps: { values: ValuesService; frameworks: FrameworksService; appraisals: AppraisalsService },
) {
  app.get(paths.home, async function showImpactHome(request, reply) {
    impactPermissions.requireOfficer(request);
    const placeId = request.place.id;
    const [frameworks, appraisals, valueCount] = await Promise.all([
      deps.frameworks.list(placeId),
      deps.appraisals.list(placeId),
      deps.values.count(placeId),
    ]);
    return reply.render('impact/views/home.njk', { frameworks, appraisals, valueCount });
  });
}
