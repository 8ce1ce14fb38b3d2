import type { PeopleDirectory } from '../../core/accounts/index.js';
import type { AreasService } from '../../core/areas/index.js';
import type { MailService } from '../../core/mail/index.js';
import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import { createProjectFacts, type ProjectsService } from '../projects/index.js';
import { createSpaceFacts, type SpacesService } from '../spaces/index.js';
import { calendarWeb } from './calendar.web.js';
import { sessionsApi } from './sessions.api.js';
import { seedSessionsDemo } from './sessions.demo.js';
import { projectSessions } from './sessions.for-projects.js';
import { sessionPaths } from './sessions.paths.js';
import { sessionsPersonalData } from './sessions.personal-data.js';
import { createSessionsService } from './sessions.service.js';
import { sessionsWeb } from './sessions.web.js';
import { whatsOnWeb } from './whats-on.web.js';

export type { Session } from './sessions.repository.js';
export type { FeedSeries, FeedSession, SessionsService } from './sessions.service.js';
export { sessionPaths } from './sessions.paths.js';
export { seedScaleSessions } from './sessions.scale-seed.js';

/**
 * Sessions: scheduling (one-off and RFC 5545 series), booking with a waiting list, cancellation,
 * calendar feeds, "what's on" and /api/v1/sessions. Other modules may refuse a change to a session
 * through `sessions.addChangeGuard` (participation does, once attendance is recorded).
 */
export const sessionsModule = defineModule<{
  people: PeopleDirectory;
  db: Db;
  mail: MailService;
  projects: ProjectsService;
  spaces: SpacesService;
  areas: AreasService;
}>()({
  name: 'sessions',
  services: ({ db, mail, projects, spaces, areas, people }) => {
    const sessions = createSessionsService(db, {
      mail,
      projects,
      spaces,
      areas,
      // Projects, spaces and people beside sessions are read through their owners, a set at a time.
      projectFacts: createProjectFacts(db),
      spaceFacts: createSpaceFacts(db),
      people,
    });
    // The project page's "When it meets" (projects cannot ask sessions by name: they come first).
    return { sessions, projectSessions: projectSessions(sessions) };
  },
  paths: sessionPaths,
  nav: [{ text: 'What’s on', href: sessionPaths.whatsOn, order: 20, current: [sessionPaths.whatsOn, '/sessions'] }],
  demo: seedSessionsDemo,
  personalData: ({ db }, placeId, userId) => sessionsPersonalData(db, placeId, userId),
  async register(app, { sessions, projects, areas }) {
    await app.register(sessionsWeb, { sessions, projects });
    await app.register(calendarWeb, { sessions, projects, areas });
    await app.register(whatsOnWeb, { sessions, areas });
    await app.register(sessionsApi, { sessions, areas });
  },
});
