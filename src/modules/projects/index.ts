import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import type { MailService } from '../../core/mail/index.js';
import { projectsPersonalData } from './projects.personal-data.js';
import type { AreasService } from '../../core/areas/index.js';
import { projectsApi } from './projects.api.js';
import { createProjectsService } from './projects.service.js';
import type { SessionsService } from '../sessions/index.js';
import { projectsWeb } from './projects.web.js';

export type { Project, ProjectMember, MemberName, ProjectFilter } from './projects.repository.js';
export { projectCategories, projectLeadTypes, projectStages } from './projects.schema.js';
export {
  createProjectsService,
  progressOf,
  type Moderation,
  type Progress,
  type ProjectsService,
} from './projects.service.js';
export { createProjectFacts, type ProjectFact, type ProjectFacts } from './projects.facts.js';
export { categoryLabels, leadTypeLabels, stageLabels } from './projects.validation.js';
export { paths as projectPaths, progressText } from './projects.web.js';
export { seedScaleProjects } from './projects.scale-seed.js';

/** Projects: the public pages, the organisers' pages, the moderation queue and /api/v1/projects. */
export const projectsModule = defineModule<
  { db: Db; mail: MailService },
  { db: Db; areas: AreasService; sessions: SessionsService }
>()({
  name: 'projects',
  services: ({ db, mail }) => ({ projects: createProjectsService(db, { mail }) }),
  nav: [{ text: 'Projects', href: '/projects', order: 30 }],
  personalData: ({ db }, placeId, userId) => projectsPersonalData(db, placeId, userId),
  async register(app, { projects, areas, sessions }) {
    await app.register(projectsWeb, {
      projects,
      areas,
      upcomingSessions: (placeId, projectId) =>
        sessions.list(placeId, { projectId, from: new Date(), publishedOnly: true }, { limit: 5 }),
    });
    await app.register(projectsApi, { projects, areas });
  },
});
