import fastifyMultipart, { type FastifyMultipartAttachFieldsToBodyOptions } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import type { StatsService } from '../participation/index.js';
import type { ProjectsService } from '../projects/index.js';
import {
  appraisalsApi,
  appraisalsWeb,
  appraisalUploadLimits,
  benefitsWeb,
  costsWeb,
  createAppraisalsService,
  resultsWeb,
  type AppraisalsService,
} from './appraisals/index.js';
import { createFrameworksService, frameworksWeb, type FrameworksService } from './frameworks/index.js';
import { impactCommands } from './impact.commands.js';
import { impactDemo } from './impact.demo.js';
import { impactPaths } from './impact.paths.js';
import {
  impactAppraisals,
  impactAppraisalVersions,
  impactDeflators,
  impactEvidence,
  impactFrameworks,
  impactOutcomes,
  impactSettings,
  impactValues,
} from './impact.schema.js';
import { impactHomeWeb } from './impact.web.js';
import {
  createValuesService,
  gmcaUploadLimits,
  settingsWeb,
  valuesApi,
  valuesImportWeb,
  valuesWeb,
  type ValuesService,
} from './values/index.js';

export { readGmcaWorkbook } from './values/index.js';

type ImpactDeps = { values: ValuesService; frameworks: FrameworksService; appraisals: AppraisalsService };

/** Route files that share one set of multipart limits, registered in order in their own group. */
function uploadGroup(
  deps: ImpactDeps,
  limits: FastifyMultipartAttachFieldsToBodyOptions,
  routes: ((app: FastifyInstance, deps: ImpactDeps) => void)[],
) {
  return async function uploadRoutes(group: FastifyInstance) {
    await group.register(fastifyMultipart, limits);
    for (const register of routes) await group.register(register, deps);
  };
}

/**
 * Impact: outcome frameworks, the value library, appraisals and their results (/impact and
 * /api/v1/impact). Each part is a folder shaped like a small module: values/, frameworks/, appraisals/.
 */
export const impactModule = defineModule<{ db: Db; projects: ProjectsService; participationStats: StatsService }>()({
  name: 'impact',
  services({ db, projects, participationStats: stats }) {
    const impactValues = createValuesService(db);
    return {
      impactValues,
      impactFrameworks: createFrameworksService({ db, stats, projects }),
      impactAppraisals: createAppraisalsService({ db, values: impactValues, stats, projects }),
    };
  },
  tables: {
    impactValues,
    impactDeflators,
    impactSettings,
    impactFrameworks,
    impactOutcomes,
    impactEvidence,
    impactAppraisals,
    impactAppraisalVersions,
  },
  nav: [{ text: 'Impact', href: impactPaths.home, order: 80, role: 'officer' }],
  paths: impactPaths,
  async demo(services, demo) {
    await impactDemo(services, demo);
  },
  commands: impactCommands,
  /** What an officer made in /impact: the council's working papers record who wrote them (UK GDPR Article 15). */
  async personalData({ impactValues, impactFrameworks, impactAppraisals }, placeId, userId) {
    const [valuesAdded, frameworks, appraisals] = await Promise.all([
      impactValues.personalData(placeId, userId),
      impactFrameworks.personalData(placeId, userId),
      impactAppraisals.personalData(placeId, userId),
    ]);
    return {
      valuesAdded,
      frameworksStarted: frameworks.frameworks,
      evidenceRecorded: frameworks.evidence,
      appraisalsStarted: appraisals.appraisals,
      appraisalVersionsSaved: appraisals.versions,
    };
  },
  async register(app, { impactValues: values, impactFrameworks: frameworks, impactAppraisals: appraisals }) {
    const deps: ImpactDeps = { values, frameworks, appraisals };
    // Each upload page's group has its own multipart limits, sized for the one file it takes.
    await app.register(uploadGroup(deps, gmcaUploadLimits, [impactHomeWeb, valuesWeb, valuesImportWeb, settingsWeb]));
    await app.register(frameworksWeb, deps);
    await app.register(uploadGroup(deps, appraisalUploadLimits, [appraisalsWeb, costsWeb, benefitsWeb, resultsWeb]));
    await app.register(valuesApi, deps);
    await app.register(appraisalsApi, deps);
  },
});
