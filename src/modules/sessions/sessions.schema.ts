import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdByColumn, users } from '../../core/accounts/accounts.schema.js';
import { areas } from '../../core/areas/areas.schema.js';
import { placeColumn } from '../../core/places/places.schema.js';
import { projects } from '../projects/projects.schema.js';
import { spaces } from '../spaces/spaces.schema.js';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../platform/columns.js';

/**
 * A schedule: one-off (rrule null) or recurring by an RFC 5545 rule, in Europe/London wall-clock
 * time, with exception dates. Its occurrences are materialised as `sessions` rows.
 */
export const sessionSeries = pgTable(
  'session_series',
  {
    id: idColumn(),
    placeId: placeColumn(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    spaceId: uuid('space_id').references(() => spaces.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** The first occurrence's start (UTC). */
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    /** RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=12 — null for a one-off session. */
    rrule: text('rrule'),
    /** Occurrence starts (ISO, UTC) that are skipped. */
    exdates: jsonb('exdates').$type<string[]>().notNull().default([]),
    capacity: integer('capacity'),
    /** Drop-in sessions need no booking. */
    dropIn: boolean('drop_in').notNull().default(false),
    createdBy: createdByColumn(),
    createdAt: createdAtColumn(),
    /** Kept by a trigger (db/migrations/0017): a strictly later millisecond on every change, for the open data feeds. */
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    index('session_series_project_idx').on(t.placeId, t.projectId),
    index('session_series_place_updated_idx').on(t.placeId, t.updatedAt, t.id),
  ],
);

/** One occurrence: what people book and attend. Ward and project are copied here for fast counting. */
export const sessions = pgTable(
  'sessions',
  {
    id: idColumn(),
    placeId: placeColumn(),
    seriesId: uuid('series_id')
      .notNull()
      .references(() => sessionSeries.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    spaceId: uuid('space_id').references(() => spaces.id, { onDelete: 'set null' }),
    /** The ward the session happens in (from its space, else its project), for ward figures. */
    areaId: uuid('area_id').references(() => areas.id, { onDelete: 'set null' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    capacity: integer('capacity'),
    dropIn: boolean('drop_in').notNull().default(false),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    /**
     * When the session, its bookings or its project last changed: kept by triggers
     * (db/migrations/0017), a strictly later millisecond each time, for the OpenActive feed.
     */
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    index('sessions_place_updated_idx').on(t.placeId, t.updatedAt, t.id),
    uniqueIndex('sessions_series_start_idx').on(t.seriesId, t.startsAt),
    index('sessions_place_start_idx').on(t.placeId, t.startsAt),
    index('sessions_place_area_start_idx').on(t.placeId, t.areaId, t.startsAt),
    index('sessions_project_start_idx').on(t.projectId, t.startsAt),
  ],
);

export const bookingStatusEnum = pgEnum('booking_status', ['booked', 'waitlisted', 'cancelled']);

export const bookings = pgTable(
  'bookings',
  {
    id: idColumn(),
    placeId: placeColumn(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: bookingStatusEnum('status').notNull(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    uniqueIndex('bookings_session_user_idx').on(t.sessionId, t.userId),
    index('bookings_session_status_idx').on(t.sessionId, t.status, t.createdAt),
    index('bookings_user_idx').on(t.placeId, t.userId),
  ],
);

/** A person's secret calendar link: only the SHA-256 of its token is kept. One per person. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    placeId: placeColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [primaryKey({ columns: [t.placeId, t.userId] }), uniqueIndex('calendar_feeds_token_idx').on(t.tokenHash)],
);
