import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  customType,
  date,
  index,
  integer,
  pgTable,
  type PgColumn,
  primaryKey,
  smallint,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../../../core/accounts/accounts.schema.js';
import { placeColumn } from '../../../core/places/places.schema.js';
import { sessions } from '../../sessions/sessions.schema.js';

/** The key of a daily rollup: a place, a ward (the nil UUID for none) and a London day. */
const dailyKey = () => ({
  placeId: placeColumn(),
  areaKey: uuid('area_key').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
});

/**
 * A daily rollup's primary key, and its place-wide day ranges (the primary key serves one ward's).
 */
function dailyKeyIndexes(table: string, t: { placeId: PgColumn; areaKey: PgColumn; day: PgColumn }) {
  return [primaryKey({ columns: [t.placeId, t.areaKey, t.day] }), index(`${table}_place_day_idx`).on(t.placeId, t.day)];
}

/**
 * Daily totals per place and ward, kept up to date as attendance is recorded, so dashboards
 * read a few thousand rows instead of millions. `area_key` is the ward id, or the nil UUID for
 * sessions with no ward (a primary key cannot hold null).
 */
export const participationDaily = pgTable(
  'participation_daily',
  {
    ...dailyKey(),
    namedAttendances: integer('named_attendances').notNull().default(0),
    headcountAttendances: integer('headcount_attendances').notNull().default(0),
    /** Σ people × minutes, named and head-counted. */
    participationMinutes: integer('participation_minutes').notNull().default(0),
    volunteerMinutes: integer('volunteer_minutes').notNull().default(0),
  },
  (t) => dailyKeyIndexes('participation_daily', t),
);

const dayBits = customType<{ data: string; driverData: string }>({ dataType: () => 'bit(31)' });

/**
 * Each person's attendances per month and scope: a ward (the nil UUID for no ward) or the whole
 * place (the all-ones UUID, so that a person who came in two wards is one row), with the days they
 * came. The per-person source of `participant_activity` and `participation_visit_counts`.
 */
export const participantMonths = pgTable(
  'participant_months',
  {
    placeId: placeColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    areaKey: uuid('area_key').notNull(),
    /** The first day of the month. */
    month: date('month', { mode: 'string' }).notNull(),
    attendances: integer('attendances').notNull().default(0),
    /** Bit d − 1 set: they came on day d of the month (part-months at a period's edges). */
    days: dayBits('days')
      .notNull()
      .default(sql`repeat('0', 31)::bit(31)`),
  },
  (t) => [
    primaryKey({ columns: [t.placeId, t.areaKey, t.month, t.userId] }),
    index('participant_months_user_idx').on(t.placeId, t.userId, t.month),
    // Place-wide month ranges read by index only: distinct people over a period.
    index('participant_months_month_idx').on(t.placeId, t.month, t.userId, t.areaKey),
  ],
);

/** Months as bits: bit 0 (leftmost) is January 2000, bit 599 December 2049. */
export const MONTH_BITS = 600;
export const MONTH_EPOCH_YEAR = 2000;

/** SQL for a month's bit position (0 = January 2000) from a date expression. */
export function monthIndexSql(month: SQL): SQL {
  return sql`((extract(year from ${month})::int - ${sql.raw(String(MONTH_EPOCH_YEAR))}) * 12 + extract(month from ${month})::int - 1)`;
}

const monthBits = customType<{ data: string; driverData: string }>({ dataType: () => `bit(${MONTH_BITS})` });

/**
 * Each person's activity in one scope: a ward (the ward id or the nil UUID for "no ward") or
 * the whole place (the all-ones UUID), as one row of month bits and their first month. Counting
 * unique people, regulars, people per month and per ward over any run of whole months, retention
 * and cumulative reach reads one short row per person and scope instead of every person-month.
 * Derived from `participant_months` (for the people whose attendance changed, in the same transaction).
 */
export const participantActivity = pgTable(
  'participant_activity',
  {
    placeId: placeColumn(),
    /** A ward id, the nil UUID (no ward) or the all-ones UUID (the whole place). */
    areaKey: uuid('area_key').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The first month they came in this scope. */
    firstMonth: date('first_month', { mode: 'string' }).notNull(),
    /** Bit n set: they came in month n counted from January 2000. */
    months: monthBits('months').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.placeId, t.areaKey, t.userId] }),
    // Retention cohorts: newcomers by first month in a scope.
    index('participant_activity_first_idx').on(t.placeId, t.areaKey, t.firstMonth),
    // One person's rows, rewritten when their attendance changes.
    index('participant_activity_user_idx').on(t.placeId, t.userId),
  ],
);

/**
 * Named attendances and head-count per session, kept with each recording, so hours offered by
 * sessions without a capacity (the people who came) need no count over `attendances`.
 */
export const sessionTotals = pgTable('session_totals', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  placeId: placeColumn(),
  namedAttendances: integer('named_attendances').notNull().default(0),
  headcount: integer('headcount').notNull().default(0),
});

/** `participation_visit_counts.other_month` when there is no earlier month. */
export const NO_MONTH = '1900-01-01';

/**
 * What a row of `participation_visit_counts` counts. A visit is a day a person came, in one scope;
 * its previous visit is the last day before it on which they came in the same scope.
 */
export const visitKind = {
  /** k = 1, 2, 3: people in `month` whose k-th previous month was `other_month` (or NO_MONTH). */
  monthLink1: 1,
  monthLink2: 2,
  monthLink3: 3,
  /** Visits on `day` of `month` whose previous visit was `other_day` of the same month. */
  within: 4,
  /** People whose first visit in `month` was on `day`, with their previous month `other_month` (or NO_MONTH). */
  first: 5,
  /** People who came in `month` and next in `other_month`, whose last day in `month` was `other_day`. */
  onward: 6,
  /** As onward, also by the first `day` in `other_month`. */
  onwardByDay: 7,
} as const;

/**
 * Counts of visits by their previous visit, at month and day grain, per scope. Distinct people over
 * any stretch of days [d1, d2] are the visits inside it whose previous visit lies before d1 (each
 * person counts once, at their first visit in the stretch); these rows answer that with a few
 * hundred rows per scope whatever the number of people or attendances (see ADR 0005 and
 * stats.repository.ts). Unused day columns hold 0. Kept per person as attendance is recorded;
 * rebuilt by `participation_rebuild_visit_counts`.
 */
export const participationVisitCounts = pgTable(
  'participation_visit_counts',
  {
    placeId: placeColumn(),
    kind: smallint('kind').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    areaKey: uuid('area_key').notNull(),
    otherMonth: date('other_month', { mode: 'string' }).notNull(),
    day: smallint('day').notNull(),
    otherDay: smallint('other_day').notNull(),
    people: integer('people').notNull(),
  },
  (t) => [primaryKey({ columns: [t.placeId, t.kind, t.month, t.areaKey, t.otherMonth, t.day, t.otherDay] })],
);

/**
 * Participation's copy of the facts of each session it counts and joins on (its project, ward,
 * start, length, places and whether it was cancelled): a read model of the sessions module's
 * `sessions`, kept by a database trigger on that table (migration 0013), so that no query here
 * reads another module's table (see docs/adr/0005-counting-participation.md).
 */
export const participationSessions = pgTable(
  'participation_sessions',
  {
    sessionId: uuid('session_id')
      .primaryKey()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    placeId: placeColumn(),
    projectId: uuid('project_id').notNull(),
    areaId: uuid('area_id'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    capacity: integer('capacity'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    index('participation_sessions_place_start_idx').on(t.placeId, t.startsAt),
    // One project's sessions (project figures, the ladder's "has held sessions").
    index('participation_sessions_project_start_idx').on(t.placeId, t.projectId, t.startsAt),
  ],
);

/**
 * Sessions (not cancelled) per ward and London day, and the minutes they offered: capacity ×
 * length, or, without a capacity, the people who came × length. Kept by database triggers on
 * `participation_sessions` and `session_totals` (migration 0013), so every writer keeps it true.
 */
export const sessionsDaily = pgTable(
  'sessions_daily',
  {
    ...dailyKey(),
    sessions: integer('sessions').notNull().default(0),
    offeredMinutes: bigint('offered_minutes', { mode: 'number' }).notNull().default(0),
  },
  (t) => dailyKeyIndexes('sessions_daily', t),
);

/** The all-ones UUID stands for "the whole place" in `participant_activity`. */
export const ALL_AREAS = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** The nil UUID stands for "no ward" in rollup keys. */
export const NO_AREA = '00000000-0000-0000-0000-000000000000';
export const noAreaSql = sql`'00000000-0000-0000-0000-000000000000'::uuid`;
