import fastifyMultipart from '@fastify/multipart';
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
} from './appraisals/index.js';
import { createFrameworksService, frameworksWeb } from './frameworks/index.js';
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
} from './values/index.js';

export { readGmcaWorkbook } from './values/index.js';

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
    const deps = { values, frameworks, appraisals };
    // Each upload page's group has its own multipart limits, sized for the one file it takes.
    await app.register(async function valuesRoutes(group) {
      await group.register(fastifyMultipart, gmcaUploadLimits);
      await group.register(impactHomeWeb, deps);
      await group.register(valuesWeb, deps);
      await group.register(valuesImportWeb, deps);
      await group.register(settingsWeb, deps);
    });
    await app.register(frameworksWeb, deps);
    await app.register(async function appraisalsRoutes(group) {
      await group.register(fastifyMultipart, appraisalUploadLimits);
      await group.register(appraisalsWeb, deps);
      await group.register(costsWeb, deps);
      await group.register(benefitsWeb, deps);
      await group.register(resultsWeb, deps);
    });
    await app.register(valuesApi, deps);
    await app.register(appraisalsApi, deps);
  },
});
