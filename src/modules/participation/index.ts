import type { PeopleDirectory } from '../../core/accounts/index.js';
import type { AreasService } from '../../core/areas/index.js';
import type { PlacesService } from '../../core/places/index.js';
import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import { createProjectFacts, type ProjectsService } from '../projects/index.js';
import type { SessionsService } from '../sessions/index.js';
import { attendanceApi } from './attendance/attendance.api.js';
import * as attendanceTables from './attendance/attendance.schema.js';
import { createAttendanceService } from './attendance/attendance.service.js';
import { registerWeb } from './attendance/register.web.js';
import { sheetImportWeb } from './attendance/sheet-import.web.js';
import { seedParticipationDemo } from './participation.demo.js';
import { participationPersonalData } from './participation.personal-data.js';
import * as rollupTables from './rollups/rollups.schema.js';
import { dashboardWeb } from './stats/dashboard.web.js';
import { ladderWeb } from './stats/ladder.web.js';
import { statsApi } from './stats/stats.api.js';
import { participationPaths } from './participation.paths.js';
import { createStatsService } from './stats/stats.service.js';

export { seedScale } from './participation.scale-seed.js';
export { participationPaths } from './participation.paths.js';
export type { ParticipationStats, StatsService } from './stats/stats.service.js';

/**
 * Participation: recording who came (attendance/: the register, sign-in sheets, the API), the
 * figures (stats/: the dashboard, "your participation", /api/v1/stats/participation) and the
 * rollups behind them (rollups/). Registers a change guard with sessions: a session with
 * attendance recorded keeps its day and length.
 */
export const participationModule = defineModule<{
  db: Db;
  people: PeopleDirectory;
  areas: AreasService;
  places: PlacesService;
  projects: ProjectsService;
  sessions: SessionsService;
}>()({
  name: 'participation',
  services: ({ db, areas, places, projects, sessions, people }) => {
    const attendance = createAttendanceService({ db, sessions, projects, people });
    sessions.addChangeGuard((placeId, sessionId) => attendance.sessionChangeRefusal(placeId, sessionId));
    return {
      participationStats: createStatsService({ db, areas, places, projects: createProjectFacts(db) }),
      attendance,
    };
  },
  tables: { ...attendanceTables, ...rollupTables },
  paths: participationPaths,
  nav: [{ text: 'Dashboard', href: participationPaths.dashboard, order: 70, role: 'officer' }],
  personalData: ({ db }, placeId, userId) => participationPersonalData(db, placeId, userId),
  demo: seedParticipationDemo,
  async register(app, { participationStats, areas, attendance }) {
    // Attendance
    await app.register(registerWeb, { attendance });
    await app.register(sheetImportWeb, { attendance });
    await app.register(attendanceApi, { attendance });
    // Figures
    await app.register(dashboardWeb, { stats: participationStats, areas });
    await app.register(ladderWeb, { stats: participationStats });
    await app.register(statsApi, { stats: participationStats });
  },
});
