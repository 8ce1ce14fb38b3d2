import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  customType,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../accounts/accounts.schema.js';
import { places } from '../places/places.schema.js';
import { sessions } from '../sessions/sessions.schema.js';

export const attendanceRoleEnum = pgEnum('attendance_role', ['participant', 'volunteer', 'lead']);

/**
 * One named person at one session. The session's ward, project, day and length are copied in
 * when recorded, so counting never joins and the rollups can be updated in the same transaction.
 */
export const attendances = pgTable(
  'attendances',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
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
    index('attendances_place_user_day_idx').on(t.placeId, t.userId, t.day),
  ],
);

/** Anonymous drop-ins counted at a session: they add attendances, never unique people. */
export const headcounts = pgTable('headcounts', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  placeId: uuid('place_id')
    .notNull()
    .references(() => places.id, { onDelete: 'cascade' }),
  count: integer('count').notNull(),
  recordedBy: uuid('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Daily totals per place and ward, kept up to date as attendance is recorded, so dashboards
 * read a few thousand rows instead of millions. `area_key` is the ward id, or the nil UUID for
 * sessions with no ward (a primary key cannot hold null).
 */
export const participationDaily = pgTable(
  'participation_daily',
  {
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    areaKey: uuid('area_key').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    namedAttendances: integer('named_attendances').notNull().default(0),
    headcountAttendances: integer('headcount_attendances').notNull().default(0),
    /** Σ people × minutes, named and head-counted. */
    participationMinutes: integer('participation_minutes').notNull().default(0),
    volunteerMinutes: integer('volunteer_minutes').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.placeId, t.areaKey, t.day] }),
    // Place-wide day ranges (the primary key serves one ward's).
    index('participation_daily_place_day_idx').on(t.placeId, t.day),
  ],
);

const dayBits = customType<{ data: string; driverData: string }>({ dataType: () => 'bit(31)' });

/**
 * Each person's attendances per month and scope: a ward (the nil UUID for no ward) or the whole
 * place (the all-ones UUID, so that a person who came in two wards is one row). With the days they
 * came and their previous and next month in the same scope, the part-months at a period's edges
 * are counted from the edge months' rows alone.
 */
export const participantMonths = pgTable(
  'participant_months',
  {
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
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
    /** The month before this one in which they came in the same scope (null: none). */
    prevMonth: date('prev_month', { mode: 'string' }),
    /** The month after this one in which they came in the same scope (null: none yet). */
    nextMonth: date('next_month', { mode: 'string' }),
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
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
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
  placeId: uuid('place_id')
    .notNull()
    .references(() => places.id, { onDelete: 'cascade' }),
  namedAttendances: integer('named_attendances').notNull().default(0),
  headcount: integer('headcount').notNull().default(0),
});

/** `participation_month_links.prev_month` when there is no earlier month. */
export const NO_MONTH = '1900-01-01';

/**
 * How many people came in a month (in a scope) whose k-th previous month there was `prev_month`
 * (k = 1, 2, 3; {@link NO_MONTH} when they had fewer than k earlier months). Distinct people over
 * any run of whole months [a, b] are Σ (k = 1, a ≤ month ≤ b, prev_month < a): each person counts
 * once, at their first month in the run. People with at least 3 months in the run are
 * Σ (k = 3) − Σ (k = 2) over the same rows. The table holds at most months² / 2 rows per k and
 * scope, however many people and attendances there are.
 */
export const participationMonthLinks = pgTable(
  'participation_month_links',
  {
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    areaKey: uuid('area_key').notNull(),
    k: smallint('k').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    prevMonth: date('prev_month', { mode: 'string' }).notNull(),
    people: integer('people').notNull(),
  },
  (t) => [primaryKey({ columns: [t.placeId, t.areaKey, t.k, t.month, t.prevMonth] })],
);

/**
 * Sessions (not cancelled) per ward and London day, and the minutes they offered: capacity ×
 * length, or, without a capacity, the people who came × length. Kept by database triggers on
 * `sessions` and `session_totals` (migration 0004), so every writer keeps it true.
 */
export const sessionsDaily = pgTable(
  'sessions_daily',
  {
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    areaKey: uuid('area_key').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    sessions: integer('sessions').notNull().default(0),
    offeredMinutes: bigint('offered_minutes', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.placeId, t.areaKey, t.day] }),
    index('sessions_daily_place_day_idx').on(t.placeId, t.day),
  ],
);

/** The all-ones UUID stands for "the whole place" in `participant_activity`. */
export const ALL_AREAS = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** The nil UUID stands for "no ward" in rollup keys. */
export const NO_AREA = '00000000-0000-0000-0000-000000000000';
export const noAreaSql = sql`'00000000-0000-0000-0000-000000000000'::uuid`;
