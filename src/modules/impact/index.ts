import type { FastifyInstance } from 'fastify';
import { defineModule } from '../../platform/modules.js';
import type { Db } from '../../platform/db.js';
import type { StatsService } from '../participation/index.js';
import type { ProjectsService } from '../projects/index.js';
import { appraisalsWeb } from './appraisals.web.js';
import { createAppraisalsService } from './appraisals.service.js';
import { frameworksWeb } from './frameworks.web.js';
import { createFrameworksService } from './frameworks.service.js';
import { impactApi } from './impact.api.js';
import { impactCss } from './impact.styles.js';
import { createValuesService } from './values.service.js';
import { valuesWeb } from './values.web.js';

export { createValuesService, type ValuesService } from './values.service.js';
export { createFrameworksService, type FrameworksService } from './frameworks.service.js';
export { createAppraisalsService, type AppraisalsService } from './appraisals.service.js';
export { impactPaths } from './impact.paths.js';
import { seedImpactDemo } from './impact.demo.js';

/** Impact: outcome frameworks, the value library, appraisals and their results (/impact and /api/v1/impact). */
export const impactModule = defineModule<{ db: Db; participationStats: StatsService; projects: ProjectsService }>()({
  name: 'impact',
  services: ({ db, participationStats: stats, projects }) => {
    const impactValues = createValuesService(db);
    return {
      impactValues,
      impactFrameworks: createFrameworksService({ db, stats, projects }),
      impactAppraisals: createAppraisalsService({ db, values: impactValues, stats, projects }),
    };
  },
  nav: [{ text: 'Impact', href: '/impact', order: 80, role: 'officer' }],
  demo: (services, { placeId, now }) => seedImpactDemo(services, placeId, { now }),
  async register(app: FastifyInstance, { impactValues, impactFrameworks, impactAppraisals }) {
    app.get('/impact/impact.css', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(impactCss),
    );
    const deps = { values: impactValues, frameworks: impactFrameworks, appraisals: impactAppraisals };
    await app.register(valuesWeb, deps);
    await app.register(frameworksWeb, deps);
    await app.register(appraisalsWeb, deps);
    await app.register(impactApi, deps);
  },
});
