import type { AreasService } from '../../core/areas/index.js';
import { defineModule } from '../../platform/modules.js';
import type { ProjectsService } from '../projects/index.js';
import type { SessionsService } from '../sessions/index.js';
import { pagesPaths } from './pages.paths.js';
import { pagesWeb } from './pages.web.js';

export { pagesPaths } from './pages.paths.js';

/** The place's home page and the pages the law asks every public service for. */
export const pagesModule = defineModule<
  object,
  { areas: AreasService; sessions: SessionsService; projects: ProjectsService }
>()({
  name: 'pages',
  paths: pagesPaths,
  nav: [{ text: 'Home', href: pagesPaths.home, order: 10, exact: true }],
  async register(app, { areas, sessions, projects }) {
    await app.register(pagesWeb, { areas, sessions, projects });
  },
});
