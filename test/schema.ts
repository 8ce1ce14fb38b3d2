// Every table, for tests that check what a request stored. Test-only: application code reaches a
// table only through the core part or module that owns it.
export * from '../src/core/places/places.schema.js';
export * from '../src/core/areas/areas.schema.js';
export * from '../src/core/accounts/accounts.schema.js';
export * from '../src/core/audit/audit.schema.js';
export * from '../src/core/mail/mail.schema.js';
export * from '../src/core/api-tokens/api-tokens.schema.js';
export * from '../src/modules/projects/projects.schema.js';
export * from '../src/modules/spaces/spaces.schema.js';
export * from '../src/modules/sessions/sessions.schema.js';
export * from '../src/modules/participation/attendance/attendance.schema.js';
export * from '../src/modules/participation/rollups/rollups.schema.js';
export * from '../src/modules/impact/impact.schema.js';
export * from '../src/modules/conversations/conversations.schema.js';
export * from '../src/modules/conversations/outcomes/outcomes.schema.js';
