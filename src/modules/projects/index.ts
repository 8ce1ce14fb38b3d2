import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import type { PeopleDirectory } from '../../core/accounts/index.js';
import type { AreasService } from '../../core/areas/index.js';
import type { MailService } from '../../core/mail/index.js';
import { projectsApi } from './projects.api.js';
import { seedProjectsDemo } from './projects.demo.js';
import { projectsModerationWeb } from './projects.moderation.web.js';
import { projectsOrganiseWeb } from './projects.organise.web.js';
import { projectPaths } from './projects.paths.js';
import { projectsPersonalData } from './projects.personal-data.js';
import { projectMembers, projects as projectsTable } from './projects.schema.js';
import { createProjectsService } from './projects.service.js';
import type { ProjectGroup, ProjectSessions } from './projects.view-models.js';
import { projectsWeb } from './projects.web.js';

export { projectCategories } from './projects.schema.js';
export type { ProjectsService } from './projects.service.js';
export { categoryLabels, type ProjectGroup, type ProjectSessions } from './projects.view-models.js';
export { projectPaths } from './projects.paths.js';
export { demoWeekStart } from './projects.demo.js';
export { createProjectFacts, type ProjectFact, type ProjectFacts } from './projects.facts.js';
export { seedScaleProjects } from './projects.scale-seed.js';

type Needs = { db: Db; areas: AreasService; mail: MailService; people: PeopleDirectory };

/**
 * Projects: proposing, moderating, joining and running them. The public pages, the organisers'
 * pages, the moderation queue and /api/v1/projects. The project page lists the project's sessions
 * when a later module provides `projectSessions` (the sessions module does), and the group that runs
 * it when one provides `projectGroup` (the groups module does).
 */
export const projectsModule = defineModule<
  Needs,
  Needs & { projectSessions?: ProjectSessions; projectGroup?: ProjectGroup }
>()({
  name: 'projects',
  services: ({ db, areas, mail, people }) => ({
    projects: createProjectsService(db, { areas, mail, people }),
  }),
  paths: projectPaths,
  tables: { projects: projectsTable, projectMembers },
  nav: [{ text: 'Projects', href: projectPaths.projects, order: 30 }],
  demo: seedProjectsDemo,
  personalData: ({ db }, placeId, userId) => projectsPersonalData(db, placeId, userId),
  async register(app, { projects, areas, projectSessions, projectGroup }) {
    const deps = { projects, areas, sessions: projectSessions, group: projectGroup };
    await app.register(projectsWeb, deps);
    await app.register(projectsOrganiseWeb, deps);
    await app.register(projectsModerationWeb, deps);
    await app.register(projectsApi, { projects, areas });
  },
});
