import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import type { MailService } from '../../core/mail/index.js';
import type { SpacesService } from '../spaces/index.js';
import { sessionsPersonalData } from './sessions.personal-data.js';
import type { AreasService } from '../../core/areas/index.js';
import type { ProjectsService } from '../projects/index.js';
import { sessionsApi } from './sessions.api.js';
import { seedSessionsDemo } from './sessions.demo.js';
import { projectSessions } from './sessions.for-projects.js';
import { createSessionsService } from './sessions.service.js';
import { sessionsWeb } from './sessions.web.js';

export type { Booking, Session, Series, SessionListing } from './sessions.repository.js';
export { createSessionsService, type SessionsService, type SessionsDeps } from './sessions.service.js';
export { sessionPaths } from './sessions.web.js';

/**
 * Sessions: scheduling (one-off and RFC 5545 series), booking with a waiting list, cancellation,
 * calendar feeds, "what's on" and /api/v1/sessions.
 */
export const sessionsModule = defineModule<{
  db: Db;
  mail: MailService;
  projects: ProjectsService;
  spaces: SpacesService;
  areas: AreasService;
}>()({
  name: 'sessions',
  services: ({ db, mail, projects, spaces, areas }) => {
    const sessions = createSessionsService(db, { mail, projects, spaces, areas });
    // The project page's "When it meets" (projects cannot ask sessions by name: they come first).
    return { sessions, projectSessions: projectSessions(sessions) };
  },
  nav: [{ text: 'What’s on', href: '/whats-on', order: 20, current: ['/whats-on', '/sessions'] }],
  demo: seedSessionsDemo,
  personalData: ({ db }, placeId, userId) => sessionsPersonalData(db, placeId, userId),
  async register(app, { sessions, projects, areas }) {
    await app.register(sessionsWeb, { sessions, projects, areas });
    await app.register(sessionsApi, { sessions, areas });
  },
});
