import type { ModuleManifest } from '../../platform/modules.js';
import { attendanceApi } from './attendance.api.js';
import type { AttendanceService } from './attendance.service.js';
import { attendanceWeb } from './attendance.web.js';

export { createAttendanceService, type AttendanceService } from './attendance.service.js';
export { attendancePaths } from './attendance.web.js';
export { ladderStep, ladderSteps, type LadderStep } from './ladder.js';

/** Attendance, the participation dashboard (/dashboard) and GET /api/v1/stats/participation. */
export const participationModule: ModuleManifest<{
  attendance: AttendanceService;
}> = {
  name: 'participation',
  async register(app, { attendance }) {
    await app.register(attendanceWeb, { attendance });
    await app.register(attendanceApi, { attendance });
  },
};
