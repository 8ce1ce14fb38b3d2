import type { Db } from '../../platform/db.js';
import type { ModuleManifest } from '../../platform/modules.js';
import { participationPersonalData } from './participation.personal-data.js';
import type { AreasService } from '../areas/index.js';
import { attendanceApi } from './attendance.api.js';
import type { AttendanceService } from './attendance.service.js';
import { attendanceWeb } from './attendance.web.js';
import { dashboardWeb } from './dashboard.web.js';
import { statsApi } from './stats.api.js';
import type { StatsService } from './stats.service.js';

export { rebuildRollups } from './rollups.js';
export { createAttendanceService, type AttendanceService } from './attendance.service.js';
export { attendancePaths } from './attendance.web.js';
export { ladderStep, ladderSteps, type LadderStep } from './ladder.js';
export { createStatsService, type StatsService, type ParticipationStats } from './stats.service.js';
export { paths as participationPaths } from './dashboard.web.js';

/** Attendance, the participation dashboard (/dashboard) and GET /api/v1/stats/participation. */
export const participationModule: ModuleManifest<{
  participationStats: StatsService;
  areas: AreasService;
  attendance: AttendanceService;
  db: Db;
}> = {
  name: 'participation',
  personalData: ({ db }, placeId, userId) => participationPersonalData(db, placeId, userId),
  async register(app, { participationStats, areas, attendance }) {
    await app.register(attendanceWeb, { attendance });
    await app.register(attendanceApi, { attendance });
    await app.register(dashboardWeb, { stats: participationStats, areas });
    await app.register(statsApi, { stats: participationStats });
  },
};
export { seedScale, type ScaleOptions, type ScaleResult } from './scale-seed.js';
