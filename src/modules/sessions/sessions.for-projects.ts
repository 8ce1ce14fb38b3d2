import type { ProjectSessions } from '../projects/index.js';
import type { SessionsService } from './sessions.service.js';
import { sessionPaths } from './sessions.paths.js';

/** The project page's "When it meets": the next published sessions, linked, and where to schedule more. */
export function projectSessions(sessions: SessionsService): ProjectSessions {
  return {
    async upcoming(placeId, projectId) {
      const list = await sessions.list(placeId, { projectId, from: new Date(), publishedOnly: true }, { limit: 5 });
      return list.map((s) => ({
        href: sessionPaths.session(s.id),
        startsAt: s.startsAt,
        spaceName: s.spaceName,
        dropIn: s.dropIn,
      }));
    },
    calendarHref: (projectId) => sessionPaths.projectCalendar(projectId),
    scheduleHref: (projectId) => sessionPaths.newSession(projectId),
  };
}
