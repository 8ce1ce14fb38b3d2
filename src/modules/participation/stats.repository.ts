import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { ALL_AREAS, MONTH_BITS } from './participation.schema.js';
import { addDays, addMonths, monthOf, splitPeriod, type DayRange } from './periods.js';
import { monthIndexSql } from './rollups.js';

/** A month start and the bits (31, day 1 leftmost) of its days inside a period. */
type PartMonth = { month: string; mask: string };

/**
 * A period as the rollups see it: whole months [from, to], and the part-months at its edges.
 * `head` is the first month when the period starts after its first day (or the only, part month);
 * `tail` the last month when the period ends before its last day.
 */
export type PeriodShape = { whole: DayRange | null; head: PartMonth | null; tail: PartMonth | null };

/** A stretch of days cut at month ends: each month with the bits of its days in the stretch. */
function splitByMonth(range: DayRange): PartMonth[] {
  const out = [];
  for (let from = range.from; from <= range.to;) {
    const month = monthOf(from);
    const monthEnd = addDays(addMonths(month, 1), -1);
    const to = range.to < monthEnd ? range.to : monthEnd;
    const first = Number(from.slice(8, 10));
    const last = Number(to.slice(8, 10));
    out.push({ month, mask: '0'.repeat(first - 1) + '1'.repeat(last - first + 1) + '0'.repeat(31 - last) });
    from = addDays(to, 1);
  }
  return out;
}

export function periodShape(from: string, to: string): PeriodShape {
  const { months, edges } = splitPeriod(from, to);
  const parts = edges.flatMap(splitByMonth);
  const head = parts.find((p) => p.month === monthOf(from)) ?? null;
  const tail = parts.find((p) => p.month === monthOf(to) && p !== head) ?? null;
  return { whole: months, head, tail };
}

/** Distinct people over a period: in total, per month and per ward, and over its whole months. */
export type PeopleFigures = {
  /** In the chosen scope (one ward, or the whole place). */
  total: number;
  /** Per scope key: each ward id, the nil UUID (no ward) and ALL_AREAS. */
  byScope: Map<string, number>;
  /** Per month start, in the chosen scope (part-months count only their days in the period). */
  byMonth: Map<string, number>;
  /** Over the period's whole months only, in the chosen scope: people, and those who came in at least 3 of them. */
  whole: { people: number; regular: number } | null;
};

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
     * Distinct people over the period, per scope, per month and over its whole months, from the
     * rollups alone. Each person counts once, at the first part of the period they came in:
     *
     * - whole months [a, b]: `participation_month_links` rows with a ≤ month ≤ b and prev_month < a
     *   (people with at least 3 of those months: the k = 3 rows less the k = 2 rows);
     * - the head part-month: that month's `participant_months` rows with a day in the period and
     *   no month in the whole months (their next month after b, or none);
     * - the tail part-month: its rows with a day in the period and no month in the whole months
     *   (their previous month before a, or none), less those already counted in the head (tail rows
     *   whose previous month is the head month, joined to their head-month row).
     *
     * The cost depends on the number of months and on the people of the two edge months, not on
     * the length of the history or the number of attendances.
     */
    async people(placeId: string, period: DayRange, areaId: string | null): Promise<PeopleFigures> {
      const scope = areaId ?? ALL_AREAS;
      const { whole, head, tail } = periodShape(period.from, period.to);
      const parts: SQL[] = [];
      if (whole) {
        const inWhole = sql`place_id = ${placeId} and month between ${whole.from} and ${whole.to} and prev_month < ${whole.from}`;
        parts.push(
          sql`select 'whole' as term, area_key::text as key, sum(people) as n, 0 as n2
              from participation_month_links where ${inWhole} and k = 1 group by area_key`,
          sql`select 'regular' as term, null as key, coalesce(sum(case when k = 3 then people else -people end), 0) as n, 0 as n2
              from participation_month_links where ${inWhole} and k in (2, 3) and area_key = ${scope}::uuid`,
          sql`select 'month' as term, month::text as key, sum(people) as n, 0 as n2 from participation_month_links
              where place_id = ${placeId} and area_key = ${scope}::uuid and k = 1
                and month between ${whole.from} and ${whole.to} group by month`,
        );
      }
      if (head) {
        const after = whole?.to ?? head.month;
        parts.push(
          sql`select 'head' as term, area_key::text as key,
                     count(*) filter (where next_month is null or next_month > ${after}) as n, count(*) as n2
              from participant_months where place_id = ${placeId} and month = ${head.month}
                and bit_count(days & ${head.mask}::bit(31)) > 0 group by area_key`,
        );
      }
      if (tail) {
        const before = whole?.from ?? tail.month;
        parts.push(
          sql`select 'tail' as term, area_key::text as key,
                     count(*) filter (where prev_month is null or prev_month < ${before}) as n, count(*) as n2
              from participant_months where place_id = ${placeId} and month = ${tail.month}
                and bit_count(days & ${tail.mask}::bit(31)) > 0 group by area_key`,
        );
      }
      if (head && tail) {
        parts.push(
          sql`select 'both' as term, t.area_key::text as key, count(*) as n, 0 as n2
              from participant_months t
              join participant_months h on h.place_id = t.place_id and h.area_key = t.area_key
                and h.month = ${head.month} and h.user_id = t.user_id
              where t.place_id = ${placeId} and t.month = ${tail.month} and t.prev_month = ${head.month}
                and bit_count(t.days & ${tail.mask}::bit(31)) > 0 and bit_count(h.days & ${head.mask}::bit(31)) > 0
              group by t.area_key`,
        );
      }
      const found = await rows<{ term: string; key: string | null; n: unknown; n2: unknown }>(
        db,
        sql.join(parts, sql` union all `),
      );
      const byScope = new Map<string, number>();
      const byMonth = new Map<string, number>();
      const add = (key: string, n: number) => byScope.set(key, (byScope.get(key) ?? 0) + n);
      let wholePeople = 0;
      let regular = 0;
      for (const r of found) {
        const n = num(r.n);
        if (r.term === 'whole') {
          add(r.key!, n);
          if (r.key === scope) wholePeople = n;
        } else if (r.term === 'regular') regular = n;
        else if (r.term === 'month') byMonth.set(r.key!, n);
        else if (r.term === 'both') add(r.key!, -n);
        else {
          add(r.key!, n);
          if (r.key === scope) byMonth.set(r.term === 'head' ? head!.month : tail!.month, num(r.n2));
        }
      }
      return {
        total: byScope.get(scope) ?? 0,
        byScope,
        byMonth,
        whole: whole ? { people: wholePeople, regular } : null,
      };
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
     * Sessions that were not cancelled, per ward, and minutes offered (capacity × length; a
     * session with no capacity counts the people who actually came), from `sessions_daily`.
     */
    async sessionsByWard(placeId: string, range: DayRange) {
      const result = await rows<Record<string, unknown>>(
        db,
        sql`select area_key::text as area_key, sum(sessions) as sessions, sum(offered_minutes) as offered
            from sessions_daily where place_id = ${placeId} and day between ${range.from} and ${range.to}
            group by area_key`,
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
      const later = sql`${monthIndexSql(sql`first_month`)} + ${gap}::int`;
      const [r] = await rows<Record<string, unknown>>(
        db,
        sql`select count(*) as cohort,
                   count(*) filter (where case when ${later} < ${MONTH_BITS}::int then get_bit(months, ${later}) = 1 else false end) as returned
            from participant_activity
            where place_id = ${placeId} and area_key = ${areaId ?? ALL_AREAS}::uuid
              and first_month between ${from} and ${lastCohort}`,
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
        sql`select coalesce(sum(people), 0) as total, coalesce(sum(people) filter (where month < ${cutoff}), 0) as before
            from participation_month_links
            where place_id = ${placeId} and area_key = ${ALL_AREAS}::uuid and k = 1
              and month >= ${since} and prev_month < ${since}`,
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
