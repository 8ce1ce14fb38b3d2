import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { placeColumn } from '../places/places.schema.js';

/**
 * Append-only record of every change to place data. A database trigger
 * (migration 0001) refuses UPDATE and DELETE, so not even the service can rewrite history.
 * Personal data is kept minimal: actor and subject are ids, never names or emails.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    placeId: placeColumn(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** user, token, system or anonymous */
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    /** What changed: field names with before and after values, never passwords or tokens. */
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull().default({}),
    ip: text('ip'),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_place_id_idx').on(t.placeId, t.id),
    index('audit_place_at_idx').on(t.placeId, t.at),
    // Filters list newest first by id, so each filter index ends in id.
    index('audit_place_action_idx').on(t.placeId, t.action, t.id),
    index('audit_place_actor_idx').on(t.placeId, t.actorId, t.id),
  ],
);
