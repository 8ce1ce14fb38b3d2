import type { Db } from '../../platform/db.js';
import type { ModuleManifest } from '../../platform/modules.js';
import { sessionsPersonalData } from './sessions.personal-data.js';
import type { AreasService } from '../areas/index.js';
import type { ProjectsService } from '../projects/index.js';
import { sessionsApi } from './sessions.api.js';
import type { SessionsService } from './sessions.service.js';
import { sessionsWeb } from './sessions.web.js';

export type { Booking, Session, Series, SessionListing } from './sessions.repository.js';
export { createSessionsService, type SessionsService, type SessionsDeps } from './sessions.service.js';
export { sessionPaths } from './sessions.web.js';
export { projectSessions } from './sessions.for-projects.js';
export { seedSessionsDemo } from './sessions.demo.js';

/**
 * Sessions: scheduling (one-off and RFC 5545 series), booking with a waiting list, cancellation,
 * calendar feeds, "what's on" and /api/v1/sessions.
 */
export const sessionsModule: ModuleManifest<{
  sessions: SessionsService;
  projects: ProjectsService;
  areas: AreasService;
  db: Db;
}> = {
  name: 'sessions',
  personalData: ({ db }, placeId, userId) => sessionsPersonalData(db, placeId, userId),
  async register(app, { sessions, projects, areas }) {
    await app.register(sessionsWeb, { sessions, projects, areas });
    await app.register(sessionsApi, { sessions, areas });
  },
};
