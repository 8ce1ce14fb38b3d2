import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';

/** A stretch of London days, both ends included (YYYY-MM-DD). */
export type DayRange = { from: string; to: string };

/**
 * Which rows the distinct-people figures read: whole months from `participant_months`, and the
 * part-months at the edges of the period from `attendances` (by an indexed day range).
 */
export type PeopleSource = { months: { from: string; to: string } | null; edges: DayRange[] };

export type PeopleRow = { kind: 'total' | 'month' | 'ward'; key: string | null; people: number; regular: number };

const NIL = sql`'00000000-0000-0000-0000-000000000000'::uuid`;

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  // Both drivers return { rows }.
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Every query of the participation statistics: rollups and indexed ranges only, scoped by place. */
export function createStatsRepository(db: Db) {
  return {
    /**
     * Distinct people over the period in one pass over the (person, month, ward) rows: the total
     * (and how many came in at least `regularMonths` distinct months), per month and per ward.
     * `areaId` narrows the total and the months to one ward; the ward rows are always place-wide.
     */
    async people(
      placeId: string,
      source: PeopleSource,
      areaId: string | null,
      regularMonths: number,
    ): Promise<PeopleRow[]> {
      const parts: SQL[] = [];
      if (source.months) {
        parts.push(sql`select user_id, month, area_key from participant_months
          where place_id = ${placeId} and month between ${source.months.from} and ${source.months.to}`);
      }
      for (const edge of source.edges) {
        parts.push(sql`select user_id, date_trunc('month', day)::date, coalesce(area_id, ${NIL})
          from attendances where place_id = ${placeId} and day between ${edge.from} and ${edge.to}`);
      }
      if (!parts.length) return [];
      const scoped = areaId ? sql`area_key = ${areaId}` : sql`true`;
      const result = await rows<{ kind: PeopleRow['kind']; key: string | null; people: unknown; regular: unknown }>(
        db,
        sql`with pm(user_id, month, area_key) as materialized (${sql.join(parts, sql` union all `)}),
        per_user as (select user_id, count(distinct month) as months from pm where ${scoped} group by user_id)
        select 'total' as kind, null as key, count(*) as people,
               count(*) filter (where months >= ${regularMonths}) as regular from per_user
        union all
        select 'month', month::text, count(distinct user_id), 0 from pm where ${scoped} group by month
        union all
        select 'ward', area_key::text, count(distinct user_id), 0 from pm group by area_key`,
      );
      return result.map((r) => ({ kind: r.kind, key: r.key, people: num(r.people), regular: num(r.regular) }));
    },

    /** Attendances and minutes from the daily rollup, per month and ward. */
    async daily(placeId: string, range: DayRange) {
      const result = await rows<Record<string, unknown>>(
        db,
        sql`select to_char(day, 'YYYY-MM-01') as month, area_key::text as area_key,
                   sum(named_attendances) as named, sum(headcount_attendances) as heads,
                   sum(participation_minutes) as minutes, sum(volunteer_minutes) as volunteer
            from participation_daily
            where place_id = ${placeId} and day between ${range.from} and ${range.to}
            group by 1, 2`,
      );
      return result.map((r) => ({
        month: String(r.month),
        areaKey: String(r.area_key),
        named: num(r.named),
        heads: num(r.heads),
        minutes: num(r.minutes),
        volunteer: num(r.volunteer),
      }));
    },

    /**
     * Sessions that were not cancelled, per ward: how many, and minutes offered (capacity ×
     * length; a session with no capacity counts the people who actually came, named and head-counted).
     */
    async sessionsByWard(placeId: string, start: Date, end: Date) {
      const result = await rows<Record<string, unknown>>(
        db,
        sql`select coalesce(s.area_id, ${NIL})::text as area_key, count(*) as sessions,
                   sum(s.duration_minutes::bigint * coalesce(s.capacity,
                     (select count(*) from attendances a where a.session_id = s.id)
                     + coalesce((select h.count from headcounts h where h.session_id = s.id), 0))) as offered
            from sessions s
            where s.place_id = ${placeId} and s.starts_at >= ${start.toISOString()} and s.starts_at < ${end.toISOString()}
              and s.cancelled_at is null
            group by 1`,
      );
      return result.map((r) => ({ areaKey: String(r.area_key), sessions: num(r.sessions), offered: num(r.offered) }));
    },

    /** Published projects with at least one session (not cancelled) in the period, and how many are resident-led. */
    async activeProjects(placeId: string, start: Date, end: Date, areaId: string | null) {
      const ward = areaId ? sql`and s.area_id = ${areaId}` : sql``;
      const [r] = await rows<Record<string, unknown>>(
        db,
        sql`select count(*) as active,
                   count(*) filter (where p.lead_type in ('resident', 'community_group')) as resident_led
            from projects p
            where p.place_id = ${placeId} and p.status = 'published'
              and exists (select 1 from sessions s where s.project_id = p.id and s.place_id = ${placeId}
                          and s.starts_at >= ${start.toISOString()} and s.starts_at < ${end.toISOString()}
                          and s.cancelled_at is null ${ward})`,
      );
      return { active: num(r?.active), residentLed: num(r?.resident_led) };
    },

    /** Projects published in the period (in the ward: the project's own ward). */
    async newProjects(placeId: string, start: Date, end: Date, areaId: string | null): Promise<number> {
      const ward = areaId ? sql`and area_id = ${areaId}` : sql``;
      const [r] = await rows<Record<string, unknown>>(
        db,
        sql`select count(*) as n from projects where place_id = ${placeId} and status = 'published'
            and published_at >= ${start.toISOString()} and published_at < ${end.toISOString()} ${ward}`,
      );
      return num(r?.n);
    },

    /**
     * Retention: of the people whose first month (ever, in the scope) lies in [from, lastCohort],
     * how many came again exactly `gap` months later. Cohorts whose later month is beyond
     * `dataTo` are left out by the caller choosing lastCohort.
     */
    async retention(placeId: string, areaId: string | null, from: string, lastCohort: string, gap: number) {
      const scope = areaId ? sql`and area_key = ${areaId}` : sql``;
      const scope2 = areaId ? sql`and p.area_key = ${areaId}` : sql``;
      const [r] = await rows<Record<string, unknown>>(
        db,
        sql`with firsts as (
              select user_id, min(month) as first from participant_months
              where place_id = ${placeId} and month between ${from} and ${lastCohort} ${scope}
              group by user_id
            ),
            cohort as (
              select f.user_id, f.first from firsts f
              where not exists (select 1 from participant_months p where p.place_id = ${placeId}
                                and p.user_id = f.user_id and p.month < f.first ${scope2})
            )
            select count(*) as cohort,
                   count(*) filter (where exists (select 1 from participant_months p where p.place_id = ${placeId}
                     and p.user_id = c.user_id and p.month = (c.first + make_interval(months => ${gap}))::date ${scope2})) as returned
            from cohort c`,
      );
      return { cohort: num(r?.cohort), returned: num(r?.returned) };
    },

    /**
     * Distinct people since `since` (a month start), and how many of them had come by `cutoff`
     * (exclusive month start): cumulative reach now and a year ago, for the target projection.
     */
    async cumulative(placeId: string, since: string, cutoff: string) {
      const [r] = await rows<Record<string, unknown>>(
        db,
        sql`select count(*) as total, count(*) filter (where first < ${cutoff}) as before
            from (select user_id, min(month) as first from participant_months
                  where place_id = ${placeId} and month >= ${since} group by user_id) u`,
      );
      return { total: num(r?.total), before: num(r?.before) };
    },

    /** The London day of the place's first session (not cancelled), or null. */
    async firstSessionDay(placeId: string): Promise<string | null> {
      const [r] = await rows<{ day: string | null }>(
        db,
        sql`select to_char(min(starts_at) at time zone 'Europe/London', 'YYYY-MM-DD') as day
            from sessions where place_id = ${placeId}`,
      );
      return r?.day ?? null;
    },
  };
}

export type StatsRepository = ReturnType<typeof createStatsRepository>;
