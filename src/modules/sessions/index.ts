import type { Db } from '../../platform/db.js';
import type { ModuleManifest } from '../../platform/modules.js';
import type { AreasService } from '../areas/index.js';
import type { ProjectsService } from '../projects/index.js';
import { calendarWeb } from './calendar.web.js';
import { sessionsApi } from './sessions.api.js';
import { sessionsPersonalData } from './sessions.personal-data.js';
import type { SessionsService } from './sessions.service.js';
import { sessionsWeb } from './sessions.web.js';
import { whatsOnWeb } from './whats-on.web.js';

export type { Booking, Session, Series, SessionListing } from './sessions.repository.js';
export {
  createSessionsService,
  type ChangeGuard,
  type SessionsService,
  type SessionsDeps,
} from './sessions.service.js';
export { sessionPaths } from './sessions.paths.js';
export { seedScaleSessions } from './sessions.scale-seed.js';

/**
 * Sessions: scheduling (one-off and RFC 5545 series), booking with a waiting list, cancellation,
 * calendar feeds, "what's on" and /api/v1/sessions. Other modules may refuse a change to a session
 * through `sessions.addChangeGuard` (participation does, once attendance is recorded).
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
    await app.register(sessionsWeb, { sessions, projects });
    await app.register(calendarWeb, { sessions, projects, areas });
    await app.register(whatsOnWeb, { sessions, areas });
    await app.register(sessionsApi, { sessions, areas });
  },
};
