import type { Db } from '../../platform/db.js';
import type { ModuleManifest } from '../../platform/modules.js';
import type { AreasService } from '../areas/index.js';
import { attendanceApi } from './attendance/attendance.api.js';
import type { AttendanceService } from './attendance/attendance.service.js';
import { registerWeb } from './attendance/register.web.js';
import { sheetImportWeb } from './attendance/sheet-import.web.js';
import { participationPersonalData } from './participation.personal-data.js';
import { dashboardWeb } from './stats/dashboard.web.js';
import { ladderWeb } from './stats/ladder.web.js';
import { statsApi } from './stats/stats.api.js';
import type { StatsService } from './stats/stats.service.js';

export { attendancePaths } from './attendance/attendance.paths.js';
export { createAttendanceService, type AttendanceService } from './attendance/attendance.service.js';
export { seedScale, type ScaleOptions, type ScaleResult } from './participation.scale-seed.js';
export { rebuildRollups } from './rollups/rollups.repository.js';
export { ladderStep, ladderSteps, type LadderStep } from './stats/ladder.js';
export { participationPaths } from './stats/stats.paths.js';
export { createStatsService, type ParticipationStats, type StatsService } from './stats/stats.service.js';

/**
 * Participation: recording who came (the register, sign-in sheets, the API), the figures
 * (the dashboard, "your participation", /api/v1/stats/participation) and the rollups behind them.
 * Feature folders: attendance/, stats/, rollups/.
 */
export const participationModule: ModuleManifest<{
  participationStats: StatsService;
  areas: AreasService;
  attendance: AttendanceService;
  db: Db;
}> = {
  name: 'participation',
  personalData: ({ db }, placeId, userId) => participationPersonalData(db, placeId, userId),
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
};
