import {
  bigserial,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../../../core/accounts/accounts.schema.js';
import { placeColumn } from '../../../core/places/places.schema.js';
import { sessions } from '../../sessions/sessions.schema.js';

export const attendanceRoleEnum = pgEnum('attendance_role', ['participant', 'volunteer', 'lead']);

/**
 * One named person at one session. The session's ward, project, day and length are copied in
 * when recorded, so counting never joins and the rollups can be updated in the same transaction.
 */
export const attendances = pgTable(
  'attendances',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    placeId: placeColumn(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').notNull(),
    /** The session's ward (null when it has none). */
    areaId: uuid('area_id'),
    /** The session's day in Europe/London. */
    day: date('day', { mode: 'string' }).notNull(),
    role: attendanceRoleEnum('role').notNull().default('participant'),
    /** Time given: the session's length unless recorded otherwise (volunteer hours). */
    minutes: integer('minutes').notNull(),
    /** register, csv or api */
    source: text('source').notNull(),
    recordedBy: uuid('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('attendances_session_user_idx').on(t.sessionId, t.userId),
    index('attendances_place_day_idx').on(t.placeId, t.day),
    // One project's figures (impact frameworks and appraisals of a project).
    index('attendances_place_project_day_idx').on(t.placeId, t.projectId, t.day),
    index('attendances_place_user_day_idx').on(t.placeId, t.userId, t.day),
  ],
);

/** Anonymous drop-ins counted at a session: they add attendances, never unique people. */
export const headcounts = pgTable('headcounts', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  placeId: placeColumn(),
  count: integer('count').notNull(),
  recordedBy: uuid('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
});
