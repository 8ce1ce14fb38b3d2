// The participation module's tables: attendance (what was recorded) and its rollups (what is counted).
export * from './attendance/attendance.schema.js';
export * from './rollups/rollups.schema.js';
