import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db.js';
import type { ActionContext } from '../../../platform/context.js';
import { systemCtx as kitSystemCtx } from '../../../../test/kit/index.js';
import { bookings, projectMembers, projects, sessionSeries, sessions } from '../../../../test/schema.js';
import { ALL_AREAS } from '../rollups/rollups.schema.js';

/*
 * Raw inserts, not test/factories: the counts are about sessions in the past (or cancelled) and
 * projects at a given stage, which the sessions and projects services rightly refuse to make.
 */

let n = 0;

/** A published project with an organiser (and optionally other members). */
export async function insertProject(
  db: Db,
  placeId: string,
  organiserId: string,
  opts: { stage?: 'idea' | 'running' | 'enterprise'; status?: 'pending' | 'published'; areaId?: string | null } = {},
) {
  const [project] = await db
    .insert(projects)
    .values({
      placeId,
      title: `Open Table ${++n}`,
      summary: 'Cooking together',
      category: 'cooking',
      stage: opts.stage ?? 'running',
      status: opts.status ?? 'published',
      areaId: opts.areaId ?? null,
      createdBy: organiserId,
    })
    .returning();
  await db.insert(projectMembers).values({ projectId: project!.id, placeId, userId: organiserId, role: 'organiser' });
  return project!;
}

export async function addMember(
  db: Db,
  placeId: string,
  projectId: string,
  userId: string,
  role: 'organiser' | 'co_organiser' | 'member',
) {
  await db.insert(projectMembers).values({ projectId, placeId, userId, role });
}

/** One session (its own one-off series), in the past if need be. */
export async function insertSession(
  db: Db,
  placeId: string,
  projectId: string,
  opts: { startsAt: Date; minutes?: number; areaId?: string | null; cancelled?: boolean },
) {
  const minutes = opts.minutes ?? 120;
  const [series] = await db
    .insert(sessionSeries)
    .values({ placeId, projectId, title: 'Cook and eat', startsAt: opts.startsAt, durationMinutes: minutes })
    .returning();
  const [session] = await db
    .insert(sessions)
    .values({
      placeId,
      seriesId: series!.id,
      projectId,
      areaId: opts.areaId ?? null,
      startsAt: opts.startsAt,
      endsAt: new Date(opts.startsAt.getTime() + minutes * 60000),
      durationMinutes: minutes,
      cancelledAt: opts.cancelled ? new Date() : null,
      cancelReason: opts.cancelled ? 'Rain' : null,
    })
    .returning();
  return session!;
}

export async function book(
  db: Db,
  placeId: string,
  sessionId: string,
  userId: string,
  status: 'booked' | 'waitlisted' | 'cancelled' = 'booked',
) {
  await db.insert(bookings).values({ placeId, sessionId, userId, status });
}

/** Acts as a person of the place, as a signed-in organiser's request does. */
export const userCtx = (placeId: string, userId: string): ActionContext => ({
  ...kitSystemCtx(placeId),
  actor: { type: 'user', id: userId },
});

type Row = Record<string, string | number | null>;
/** Rows of a raw query (PGlite and node-postgres both answer with `rows`). */
export function query(db: Db, q: SQL): Promise<Row[]> {
  return queryRows<Row>(db, q);
}

const nil = sql`'00000000-0000-0000-0000-000000000000'::uuid`;

/** The daily rollup as kept incrementally, in a stable order. */
export async function dailyRows(db: Db, placeId: string) {
  return query(
    db,
    sql`
    select area_key::text as area_key, day::text as day, named_attendances::int as named,
      headcount_attendances::int as headcount, participation_minutes::int as minutes, volunteer_minutes::int as volunteer
    from participation_daily where place_id = ${placeId}
      and (named_attendances <> 0 or headcount_attendances <> 0 or participation_minutes <> 0 or volunteer_minutes <> 0)
    order by 1, 2`,
  );
}

/** The daily rollup recomputed from scratch with plain SQL over attendances and head-counts. */
export async function dailyFromScratch(db: Db, placeId: string) {
  return query(
    db,
    sql`
    select area_key::text as area_key, day::text as day, sum(named)::int as named, sum(headcount)::int as headcount,
      sum(minutes)::int as minutes, sum(volunteer)::int as volunteer
    from (
      select coalesce(a.area_id, ${nil}) as area_key, a.day, 1 as named, 0 as headcount, a.minutes,
        case when a.role in ('volunteer', 'lead') then a.minutes else 0 end as volunteer
      from attendances a where a.place_id = ${placeId}
      union all
      select coalesce(s.area_id, ${nil}), (s.starts_at at time zone 'Europe/London')::date, 0, h.count,
        h.count * s.duration_minutes, 0
      from headcounts h join sessions s on s.id = h.session_id and s.place_id = h.place_id
      where h.place_id = ${placeId}
    ) x group by 1, 2 order by 1, 2`,
  );
}

export async function monthRows(db: Db, placeId: string) {
  return query(
    db,
    sql`
    select user_id::text as user_id, area_key::text as area_key, month::text as month, attendances::int as attendances
    from participant_months where place_id = ${placeId} order by 1, 2, 3`,
  );
}

export async function monthsFromScratch(db: Db, placeId: string) {
  return query(
    db,
    sql`
    select * from (
      select user_id::text as user_id, coalesce(area_id, ${nil})::text as area_key,
        date_trunc('month', day)::date::text as month, count(*)::int as attendances
      from attendances where place_id = ${placeId} group by 1, 2, 3
      union all
      -- Each person's whole-place row: all their attendances that month, whichever ward.
      select user_id::text, ${ALL_AREAS}, date_trunc('month', day)::date::text, count(*)::int
      from attendances where place_id = ${placeId} group by 1, 3
    ) x order by 1, 2, 3`,
  );
}

/*
 * The old names, still imported by the impact tests and test/personal-data.test.ts (their owners'
 * to switch): the raw inserts above, and a context that is the system's or, given an id, a person's.
 */
