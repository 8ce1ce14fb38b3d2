import type { FastifyInstance } from 'fastify';
import type { ModuleManifest } from '../../platform/modules.js';
import { appraisalsWeb } from './appraisals.web.js';
import type { AppraisalsService } from './appraisals.service.js';
import { frameworksWeb } from './frameworks.web.js';
import type { FrameworksService } from './frameworks.service.js';
import { impactApi } from './impact.api.js';
import { impactCss } from './impact.styles.js';
import type { ValuesService } from './values.service.js';
import { valuesWeb } from './values.web.js';

export { createValuesService, type ValuesService } from './values.service.js';
export { createFrameworksService, type FrameworksService } from './frameworks.service.js';
export { createAppraisalsService, type AppraisalsService } from './appraisals.service.js';
export { impactPaths } from './impact.paths.js';
export { seedImpactDemo } from './impact.demo.js';

/** Impact: outcome frameworks, the value library, appraisals and their results (/impact and /api/v1/impact). */
export const impactModule: ModuleManifest<{
  impactValues: ValuesService;
  impactFrameworks: FrameworksService;
  impactAppraisals: AppraisalsService;
}> = {
  name: 'impact',
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
};
