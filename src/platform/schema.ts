// Every table, for Drizzle's relational queries and for drizzle-kit. Modules own their tables.
export * from '../modules/places/places.schema.js';
export * from '../modules/areas/areas.schema.js';
export * from '../modules/accounts/accounts.schema.js';
export * from '../modules/audit/audit.schema.js';
export * from '../modules/mail/mail.schema.js';
export * from '../modules/api-tokens/api-tokens.schema.js';
export * from '../modules/projects/projects.schema.js';
export * from '../modules/spaces/spaces.schema.js';
export * from '../modules/sessions/sessions.schema.js';
export * from '../modules/participation/participation.schema.js';
export * from '../modules/impact/impact.schema.js';
export * from '../modules/conversations/conversations.schema.js';
export * from '../modules/conversations/outcomes/outcomes.schema.js';
