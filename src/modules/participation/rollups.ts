import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';

/**
 * Recomputes both rollups of a place from the source rows, in SQL, inside one transaction:
 *
 * - `participation_daily`: per ward (the session's ward; the nil UUID for none) and London day,
 *   named attendances, head-counted attendances, participation minutes (each named person's
 *   recorded minutes plus head-count × session length) and volunteer minutes (the minutes of
 *   attendances in the volunteer or lead role).
 * - `participant_months`: per person, ward and month, how many times they came.
 *
 * Used after bulk seeding and as the reference the incremental updates are tested against.
 * Head-counts take the day and ward of their session.
 */
export async function rebuildRollups(db: Db, placeId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from participation_daily where place_id = ${placeId}`);
    await tx.execute(sql`delete from participant_months where place_id = ${placeId}`);
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
        join sessions s on s.id = h.session_id and s.place_id = h.place_id
        where h.place_id = ${placeId} and h.count > 0
        group by 1, 2
      ) parts
      group by area_key, day`);
    await tx.execute(sql`
      insert into participant_months (place_id, user_id, area_key, month, attendances)
      select ${placeId}::uuid, a.user_id, coalesce(a.area_id, '00000000-0000-0000-0000-000000000000'::uuid),
             date_trunc('month', a.day)::date, count(*)::int
      from attendances a
      where a.place_id = ${placeId}
      group by 2, 3, 4`);
  });
  // Fresh statistics so the planner sees the new volume (bulk loads otherwise leave it guessing).
  await db.execute(sql`analyze participation_daily`);
  await db.execute(sql`analyze participant_months`);
}
