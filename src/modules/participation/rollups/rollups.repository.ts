import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import {
  ALL_AREAS,
  MONTH_BITS,
  monthIndexSql,
  participantMonths,
  participationDaily,
  sessionTotals,
} from './rollups.schema.js';
import { applyVisitCountChanges, readVisitState, type VisitState } from './visit-counts.js';

/** Changes to one day's totals in one ward (negative to take away). */
export type DailyDelta = {
  namedAttendances: number;
  headcountAttendances: number;
  participationMinutes: number;
  volunteerMinutes: number;
};

/** The incremental updates a recording makes, in its transaction, each scoped by place. */
export function createRollupsRepository(db: Db) {
  return {
    /** A session's named attendances and head-count, for hours offered by sessions without a capacity. */
    async setSessionTotals(placeId: string, sessionId: string, named: number, headcount: number): Promise<void> {
      await db
        .insert(sessionTotals)
        .values({ placeId, sessionId, namedAttendances: named, headcount })
        .onConflictDoUpdate({
          target: sessionTotals.sessionId,
          set: { namedAttendances: named, headcount },
          setWhere: eq(sessionTotals.placeId, placeId),
        });
    },

    /** Adds to (or takes from) one day's totals, creating the row when it is the first. */
    async bumpDaily(placeId: string, areaKey: string, day: string, d: DailyDelta): Promise<void> {
      if (!d.namedAttendances && !d.headcountAttendances && !d.participationMinutes && !d.volunteerMinutes) return;
      await db
        .insert(participationDaily)
        .values({ placeId, areaKey, day, ...d })
        .onConflictDoUpdate({
          target: [participationDaily.placeId, participationDaily.areaKey, participationDaily.day],
          set: {
            namedAttendances: sql`${participationDaily.namedAttendances} + ${d.namedAttendances}`,
            headcountAttendances: sql`${participationDaily.headcountAttendances} + ${d.headcountAttendances}`,
            participationMinutes: sql`${participationDaily.participationMinutes} + ${d.participationMinutes}`,
            volunteerMinutes: sql`${participationDaily.volunteerMinutes} + ${d.volunteerMinutes}`,
          },
        });
    },

    /**
     * Adds to (or takes from) a person's attendances in a month, in the ward's row and in their
     * whole-place row; a row that reaches 0 goes.
     */
    async bumpParticipantMonth(
      placeId: string,
      userId: string,
      areaKey: string,
      month: string,
      delta: number,
      /** The day they came (an addition): its bit is set in the month's days. */
      day?: string,
    ): Promise<void> {
      if (delta === 0) return;
      const d = day ? Number(day.slice(8, 10)) : 0;
      const days = '0'
        .repeat(31)
        .split('')
        .map((z, i) => (i === d - 1 ? '1' : z))
        .join('');
      await db
        .insert(participantMonths)
        .values([
          { placeId, userId, areaKey, month, attendances: delta, days },
          { placeId, userId, areaKey: ALL_AREAS, month, attendances: delta, days },
        ])
        .onConflictDoUpdate({
          target: [
            participantMonths.placeId,
            participantMonths.areaKey,
            participantMonths.month,
            participantMonths.userId,
          ],
          set: {
            attendances: sql`${participantMonths.attendances} + ${delta}`,
            days: sql`${participantMonths.days} | excluded.days`,
          },
        });
      if (delta < 0) {
        await db
          .delete(participantMonths)
          .where(
            and(
              eq(participantMonths.placeId, placeId),
              eq(participantMonths.userId, userId),
              inArray(participantMonths.areaKey, [areaKey, ALL_AREAS]),
              eq(participantMonths.month, month),
              lte(participantMonths.attendances, 0),
            ),
          );
      }
    },

    /** The months and day bits of some people, before a recording changes them (see refreshActivity). */
    readVisitState: (placeId: string, userIds: string[]) => readVisitState(db, placeId, userIds),

    refreshActivity: (placeId: string, userIds: string[] | null, months?: string[], before?: VisitState) =>
      refreshActivity(db, placeId, userIds, months, before),
  };
}
export type RollupsRepository = ReturnType<typeof createRollupsRepository>;

const uuidList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/**
 * Rewrites `participant_activity` from `participant_months` for some people of a place (or all
 * of them with `userIds` null): per scope (ward, no ward, whole place), their first month and
 * month bits. Given `before` (their `participant_months` as read before the recording changed
 * them), it also applies the difference to `participation_visit_counts`. The attendance service
 * calls it in its transaction for the people a recording touched, with the months anyone was
 * taken off in (whose day bits are then recomputed from `attendances`).
 */
export async function refreshActivity(
  db: Db,
  placeId: string,
  userIds: string[] | null,
  months: string[] = [],
  before?: VisitState,
): Promise<void> {
  if (userIds && !userIds.length) return;
  const who = userIds ? sql`and user_id in (${uuidList(userIds)})` : sql``;
  const bit = sql.raw(`B'1'::bit(${MONTH_BITS})`);
  if (months.length) {
    // The days they came in these months (another session the same day may still count).
    await db.execute(sql`
      update participant_months pm set days = coalesce((
          select bit_or(B'1'::bit(31) >> (extract(day from a.day)::int - 1)) from attendances a
          where a.place_id = pm.place_id and a.user_id = pm.user_id
            and (pm.area_key = ${ALL_AREAS}::uuid
                 or coalesce(a.area_id, '00000000-0000-0000-0000-000000000000'::uuid) = pm.area_key)
            and a.day >= pm.month and a.day < (pm.month + interval '1 month')::date
        ), repeat('0', 31)::bit(31))
      where pm.place_id = ${placeId} ${who}
        and pm.month in (${sql.join(
          months.map((m) => sql`${m}::date`),
          sql`, `,
        )})`);
  }
  const rows = sql`
    select ${placeId}::uuid, area_key, user_id, min(month), bit_or(${bit} >> ${monthIndexSql(sql`month`)})
    from participant_months where place_id = ${placeId} and attendances > 0 ${who}
    group by area_key, user_id`;
  if (!userIds) {
    await db.execute(sql`delete from participant_activity where place_id = ${placeId}`);
    await db.execute(sql`insert into participant_activity (place_id, area_key, user_id, first_month, months) ${rows}`);
    return;
  }
  await db.execute(sql`
    insert into participant_activity (place_id, area_key, user_id, first_month, months) ${rows}
    on conflict (place_id, area_key, user_id) do update
      set first_month = excluded.first_month, months = excluded.months`);
  if (months.length) {
    // Taken off: scopes where they no longer came at all go.
    await db.execute(sql`
      delete from participant_activity pa where pa.place_id = ${placeId} ${who}
        and not exists (select 1 from participant_months pm
                        where pm.place_id = pa.place_id and pm.user_id = pa.user_id
                          and pm.area_key = pa.area_key and pm.attendances > 0)`);
  }
  if (before) {
    const touched = new Set(userIds);
    const was: VisitState = new Map([...before].filter(([key]) => touched.has(key.split('|')[1]!)));
    await applyVisitCountChanges(db, placeId, was, await readVisitState(db, placeId, userIds));
  }
}

/**
 * Recomputes both rollups of a place from the source rows, in SQL, inside one transaction:
 *
 * - `participation_daily`: per ward (the session's ward; the nil UUID for none) and London day,
 *   named attendances, head-counted attendances, participation minutes (each named person's
 *   recorded minutes plus head-count × session length) and volunteer minutes (the minutes of
 *   attendances in the volunteer or lead role).
 * - `participant_months`: per person, scope (ward, no ward, whole place) and month, how many
 *   times they came and on which days.
 * - `participation_visit_counts`: visits by their previous visit, at month and day grain.
 * - `sessions_daily`: sessions and minutes offered per ward and day (also kept by triggers), from
 *   `participation_sessions`, participation's copy of the sessions (always kept by a trigger).
 * - `participant_activity`: per person, ward and the whole place, first month and month bits.
 * - `session_totals`: per session, named attendances and head-count.
 *
 * Used after bulk seeding and as the reference the incremental updates are tested against.
 * Head-counts take the day and ward of their session.
 */
export async function rebuildRollups(db: Db, placeId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from participation_daily where place_id = ${placeId}`);
    await tx.execute(sql`delete from participant_months where place_id = ${placeId}`);
    await tx.execute(sql`delete from session_totals where place_id = ${placeId}`);
    await tx.execute(sql`
      insert into participation_daily
        (place_id, area_key, day, named_attendances, headcount_attendances, participation_minutes, volunteer_minutes)
      select ${placeId}::uuid, area_key, day, sum(named)::int, sum(heads)::int, sum(minutes)::int, sum(volunteer)::int
      from (
        select coalesce(a.area_id, '00000000-0000-0000-0000-000000000000'::uuid) as area_key, a.day,
               count(*) as named, 0 as heads, sum(a.minutes) as minutes,
               coalesce(sum(a.minutes) filter (where a.role in ('volunteer', 'lead')), 0) as volunteer
        from attendances a
        where a.place_id = ${placeId}
        group by 1, 2
        union all
        select coalesce(s.area_id, '00000000-0000-0000-0000-000000000000'::uuid),
               (s.starts_at at time zone 'Europe/London')::date,
               0, sum(h.count), sum(h.count * s.duration_minutes), 0
        from headcounts h
        join participation_sessions s on s.session_id = h.session_id and s.place_id = h.place_id
        where h.place_id = ${placeId} and h.count > 0
        group by 1, 2
      ) parts
      group by area_key, day`);
    // Per ward and for the whole place.
    await tx.execute(sql`
      insert into participant_months (place_id, user_id, area_key, month, attendances, days)
      select ${placeId}::uuid, a.user_id, area_key, date_trunc('month', a.day)::date, count(*)::int,
             bit_or(B'1'::bit(31) >> (extract(day from a.day)::int - 1))
      from attendances a
      cross join lateral (values (coalesce(a.area_id, '00000000-0000-0000-0000-000000000000'::uuid)),
                                 (${ALL_AREAS}::uuid)) scope(area_key)
      where a.place_id = ${placeId}
      group by a.user_id, area_key, date_trunc('month', a.day)`);
    await tx.execute(sql`select participation_rebuild_visit_counts(${placeId}::uuid)`);
    await refreshActivity(tx, placeId, null);
    await tx.execute(sql`
      insert into session_totals (session_id, place_id, named_attendances, headcount)
      select session_id, ${placeId}::uuid, sum(named)::int, sum(heads)::int
      from (
        select session_id, count(*) as named, 0 as heads from attendances where place_id = ${placeId} group by session_id
        union all
        select session_id, 0, count from headcounts where place_id = ${placeId}
      ) parts
      group by session_id`);
    // The triggers keep sessions_daily; rebuilt here too (from participation's copy of the
    // sessions, itself kept by a trigger on them), so a rebuild is a full reference.
    await tx.execute(sql`delete from sessions_daily where place_id = ${placeId}`);
    await tx.execute(sql`
      insert into sessions_daily (place_id, area_key, day, sessions, offered_minutes)
      select place_id, coalesce(area_id, '00000000-0000-0000-0000-000000000000'::uuid),
             (starts_at at time zone 'Europe/London')::date, count(*)::int,
             sum(sessions_daily_offered(session_id, duration_minutes, capacity))
      from participation_sessions where place_id = ${placeId} and cancelled_at is null group by 1, 2, 3`);
  });
  // Fresh statistics so the planner sees the new volume (bulk loads otherwise leave it guessing).
  await db.execute(sql`analyze participation_daily`);
  await db.execute(sql`analyze participant_months`);
  await db.execute(sql`analyze participant_activity`);
  await db.execute(sql`analyze session_totals`);
  await db.execute(sql`analyze participation_visit_counts`);
  await db.execute(sql`analyze sessions_daily`);
}
