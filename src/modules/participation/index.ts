import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import type { AccountsService } from '../../core/accounts/index.js';
import type { PlacesService } from '../../core/places/index.js';
import type { ProjectsService } from '../projects/index.js';
import type { SessionsService } from '../sessions/index.js';
import { participationPersonalData } from './participation.personal-data.js';
import type { AreasService } from '../../core/areas/index.js';
import { attendanceApi } from './attendance.api.js';
import { createAttendanceService } from './attendance.service.js';
import { attendanceWeb } from './attendance.web.js';
import { dashboardWeb } from './dashboard.web.js';
import { statsApi } from './stats.api.js';
import { createStatsService } from './stats.service.js';

export { rebuildRollups } from './rollups.js';
export { createAttendanceService, type AttendanceService } from './attendance.service.js';
export { attendancePaths } from './attendance.web.js';
export { ladderStep, ladderSteps, type LadderStep } from './ladder.js';
export { createStatsService, type StatsService, type ParticipationStats } from './stats.service.js';
export { paths as participationPaths } from './dashboard.web.js';

/** Attendance, the participation dashboard (/dashboard) and GET /api/v1/stats/participation. */
export const participationModule = defineModule<{
  db: Db;
  areas: AreasService;
  places: PlacesService;
  accounts: AccountsService;
  projects: ProjectsService;
  sessions: SessionsService;
}>()({
  name: 'participation',
  services: ({ db, areas, places, accounts, projects, sessions }) => ({
    participationStats: createStatsService({ db, areas, places }),
    attendance: createAttendanceService({ db, sessions, projects, accounts }),
  }),
  nav: [{ text: 'Dashboard', href: '/dashboard', order: 70, role: 'officer' }],
  personalData: ({ db }, placeId, userId) => participationPersonalData(db, placeId, userId),
  async register(app, { participationStats, areas, attendance }) {
    await app.register(attendanceWeb, { attendance });
    await app.register(attendanceApi, { attendance });
    await app.register(dashboardWeb, { stats: participationStats, areas });
    await app.register(statsApi, { stats: participationStats });
  },
});
export { seedScale, type ScaleOptions, type ScaleResult } from './scale-seed.js';
