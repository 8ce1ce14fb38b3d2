import { sql, type SQL } from 'drizzle-orm';
import { addDays } from '../../../lib/london-time.js';
import { queryRows, type Db } from '../../../platform/db.js';
import { ALL_AREAS, MONTH_BITS, monthIndexSql, noAreaSql, visitKind } from '../rollups/rollups.schema.js';
import { addMonths, monthOf, monthsBetween, splitPeriod, type DayRange } from './periods.js';

/**
 * SQL counting distinct people who came between two days (both included), per scope, from
 * `participation_visit_counts`: the visits inside the stretch whose previous visit (the person's
 * last day before it, in the same scope) lies before its first day. With M1, a the first day's
 * month and day of month, and M2, b the last's:
 *
 * - in M1: visits on or after a (up to b if M2 = M1) that were either the first of the month
 *   (their previous visit is in an earlier month) or followed a visit before a;
 * - in the months strictly between: first visits of the month whose previous month is before M1
 *   (month links), or is M1 with their last day there before a (onward);
 * - in M2 (after M1): first visits on or before b whose previous month is before M1, or is M1
 *   with their last day there before a (onward by day).
 *
 * Each row is (area_key, n). `scoped` narrows the rows (e.g. to one scope); `grouped` keeps one
 * row per term and scope (callers sum by area_key).
 */
export function peopleBetween(placeId: string, range: DayRange, scoped: SQL, grouped = false): SQL {
  const m1 = monthOf(range.from);
  const m2 = monthOf(range.to);
  const a = Number(range.from.slice(8, 10));
  const b = Number(range.to.slice(8, 10));
  const lastInM1 = m1 === m2 ? b : 31;
  const base = (kind: number) => sql`place_id = ${placeId} and kind = ${kind} and ${scoped}`;
  const sum = (where: SQL) =>
    sql`select area_key, sum(people) as n from participation_visit_counts where ${where} group by area_key`;
  const parts = [
    sum(sql`${base(visitKind.within)} and month = ${m1} and day between ${a} and ${lastInM1} and other_day < ${a}`),
    sum(sql`${base(visitKind.first)} and month = ${m1} and day between ${a} and ${lastInM1}`),
  ];
  if (m2 > m1) {
    const afterM1 = addMonths(m1, 1);
    const beforeM2 = addMonths(m2, -1);
    if (afterM1 <= beforeM2) {
      parts.push(
        sum(sql`${base(visitKind.monthLink1)} and month between ${afterM1} and ${beforeM2} and other_month < ${m1}`),
        sum(sql`${base(visitKind.onward)} and month = ${m1} and other_month between ${afterM1} and ${beforeM2}
                and other_day < ${a}`),
      );
    }
    parts.push(
      sum(sql`${base(visitKind.first)} and month = ${m2} and day <= ${b} and other_month < ${m1}`),
      sum(sql`${base(visitKind.onwardByDay)} and month = ${m1} and other_month = ${m2} and day <= ${b}
              and other_day < ${a}`),
    );
  }
  const all = sql.join(parts, sql` union all `);
  return grouped ? all : sql`select area_key, sum(n) as n from (${all}) t group by area_key`;
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

const rows = queryRows;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Every query of the participation statistics: rollups and indexed ranges only, scoped by place. */
export function createStatsRepository(db: Db) {
  return {
    /**
     * Distinct people over the period, per scope, per month and over its whole months, from
     * `participation_visit_counts` alone. A person counts once, at their first visit in the
     * period: a visit inside it whose previous visit lies before its first day (see
     * {@link peopleBetween}). Per-month figures are the same sum over each month's part of the
     * period. The cost depends on the number of months in the period, not on the people or
     * attendances behind them.
     */
    async people(placeId: string, period: DayRange, areaId: string | null): Promise<PeopleFigures> {
      const scope = areaId ?? ALL_AREAS;
      const whole = splitPeriod(period.from, period.to).months;
      // Part-months at the edges: the same count over their days in the period.
      const partMonths = monthsBetween(period.from, period.to).filter((m) => !whole || m < whole.from || m > whole.to);
      const parts: SQL[] = [
        sql`select 'scope' as term, area_key::text as key, sum(n) as n
            from (${peopleBetween(placeId, period, sql`true`, true)}) x group by area_key`,
        ...partMonths.map((m) => {
          const end = addDays(addMonths(m, 1), -1);
          const part = { from: period.from > m ? period.from : m, to: period.to < end ? period.to : end };
          return sql`select 'month', ${m}::text, coalesce(sum(n), 0)
                     from (${peopleBetween(placeId, part, sql`area_key = ${scope}::uuid`)}) x`;
        }),
      ];
      if (whole) {
        // Each whole month's people (each counted at the month's link to their previous month);
        // regular participation: at least 3 of the whole months (k = 3 rows less k = 2 rows).
        parts.push(
          sql`select 'month', month::text, sum(people) from participation_visit_counts
              where place_id = ${placeId} and kind = ${visitKind.monthLink1} and area_key = ${scope}::uuid
                and month between ${whole.from} and ${whole.to}
              group by month`,
          sql`select 'whole', null, coalesce(sum(people), 0)
              from participation_visit_counts
              where place_id = ${placeId} and kind = ${visitKind.monthLink1} and area_key = ${scope}::uuid
                and month between ${whole.from} and ${whole.to} and other_month < ${whole.from}`,
          sql`select 'regular', null, coalesce(sum(case when kind = ${visitKind.monthLink3} then people else -people end), 0)
              from participation_visit_counts
              where place_id = ${placeId} and kind in (${visitKind.monthLink2}, ${visitKind.monthLink3})
                and area_key = ${scope}::uuid
                and month between ${whole.from} and ${whole.to} and other_month < ${whole.from}`,
        );
      }
      const found = await rows<{ term: string; key: string | null; n: unknown }>(db, sql.join(parts, sql` union all `));
      const byScope = new Map<string, number>();
      const byMonth = new Map<string, number>();
      let wholePeople = 0;
      let regular = 0;
      for (const r of found) {
        if (r.term === 'scope') byScope.set(r.key!, num(r.n));
        else if (r.term === 'month') byMonth.set(r.key!, num(r.n));
        else if (r.term === 'whole') wholePeople = num(r.n);
        else regular = num(r.n);
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
      const result = await rows(
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
      const result = await rows(
        db,
        sql`select area_key::text as area_key, sum(sessions) as sessions, sum(offered_minutes) as offered
            from sessions_daily where place_id = ${placeId} and day between ${range.from} and ${range.to}
            group by area_key`,
      );
      return result.map((r) => ({ areaKey: String(r.area_key), sessions: num(r.sessions), offered: num(r.offered) }));
    },

    /**
     * Of some projects, those with at least one session (not cancelled) in [start, end), in one ward
     * when given: one probe of the project index per project (a place has hundreds of projects, and
     * a period tens of thousands of sessions).
     */
    /**
     * Over the period's whole months, for every scope at once: the people who came, and those who
     * came in at least 3 of the months (the same terms as {@link people}'s `whole`, grouped by
     * scope). Empty when the period holds no whole month.
     */
    async wholeMonthsByScope(
      placeId: string,
      period: DayRange,
    ): Promise<Map<string, { people: number; regular: number }>> {
      const whole = splitPeriod(period.from, period.to).months;
      if (!whole) return new Map();
      const found = await rows<{ key: string; people: unknown; regular: unknown }>(
        db,
        sql`select area_key::text as key,
                   coalesce(sum(case when kind = ${visitKind.monthLink1} then people else 0 end), 0) as people,
                   coalesce(sum(case when kind = ${visitKind.monthLink3} then people
                                     when kind = ${visitKind.monthLink2} then -people else 0 end), 0) as regular
            from participation_visit_counts
            where place_id = ${placeId}
              and kind in (${visitKind.monthLink1}, ${visitKind.monthLink2}, ${visitKind.monthLink3})
              and month between ${whole.from} and ${whole.to} and other_month < ${whole.from}
            group by area_key`,
      );
      return new Map(found.map((r) => [r.key, { people: num(r.people), regular: num(r.regular) }]));
    },

    /** Which of the projects held a session (not cancelled) in the period, in which ward (the nil UUID for none). */
    async projectsWithSessionsByWard(
      placeId: string,
      projectIds: string[],
      start: Date,
      end: Date,
    ): Promise<{ areaKey: string; projectId: string }[]> {
      if (!projectIds.length) return [];
      const found = await rows<{ area_key: string; project_id: string }>(
        db,
        sql`select distinct coalesce(s.area_id, ${noAreaSql})::text as area_key, s.project_id::text as project_id
            from participation_sessions s
            where s.place_id = ${placeId}
              and s.starts_at >= ${start.toISOString()} and s.starts_at < ${end.toISOString()}
              and s.cancelled_at is null
              and s.project_id = any(${`{${projectIds.join(',')}}`}::uuid[])`,
      );
      return found.map((r) => ({ areaKey: r.area_key, projectId: r.project_id }));
    },

    async projectsWithSessions(
      placeId: string,
      projectIds: string[],
      start: Date,
      end: Date,
      areaId: string | null,
    ): Promise<string[]> {
      if (!projectIds.length) return [];
      const ward = areaId ? sql`and s.area_id = ${areaId}` : sql``;
      // The ids (uuids read from the database) travel as one array parameter, not hundreds.
      const found = await rows<{ id: string }>(
        db,
        sql`select p.id::text as id
            from unnest(${`{${projectIds.join(',')}}`}::uuid[]) as p(id)
            where exists (select 1 from participation_sessions s
                          where s.place_id = ${placeId} and s.project_id = p.id
                            and s.starts_at >= ${start.toISOString()} and s.starts_at < ${end.toISOString()}
                            and s.cancelled_at is null ${ward})`,
      );
      return found.map((r) => r.id);
    },

    /**
     * Retention: of the people whose first month (ever, in the scope) lies in [from, lastCohort],
     * how many came again exactly `gap` months later. Cohorts whose later month is beyond
     * `dataTo` are left out by the caller choosing lastCohort.
     */
    async retention(placeId: string, areaId: string | null, from: string, lastCohort: string, gap: number) {
      const later = sql`${monthIndexSql(sql`first_month`)} + ${gap}::int`;
      const [r] = await rows(
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
      const [r] = await rows(
        db,
        sql`select coalesce(sum(people), 0) as total, coalesce(sum(people) filter (where month < ${cutoff}), 0) as before
            from participation_visit_counts
            where place_id = ${placeId} and kind = ${visitKind.monthLink1} and area_key = ${ALL_AREAS}::uuid
              and month >= ${since} and other_month < ${since}`,
      );
      return { total: num(r?.total), before: num(r?.before) };
    },

    /**
     * One project's figures over a period, straight from its attendances, head-counts and
     * sessions (participation's copy of them; a project's rows are few enough to count directly,
     * by the project indexes):
     * people, named attendances and minutes; people in 3 or more of the whole months; sessions,
     * head-counts and minutes offered; and per month.
     */
    async project(placeId: string, projectId: string, range: DayRange, start: Date, end: Date) {
      const whole = splitPeriod(range.from, range.to).months;
      const wholeTo = whole ? addDays(addMonths(whole.to, 1), -1) : null;
      const inRange = sql`place_id = ${placeId} and project_id = ${projectId} and day between ${range.from} and ${range.to}`;
      const [totals, regulars, sessionRows, months] = await Promise.all([
        rows(
          db,
          sql`select count(distinct user_id) as people, count(*) as named, coalesce(sum(minutes), 0) as minutes,
                     coalesce(sum(minutes) filter (where role in ('volunteer', 'lead')), 0) as volunteer
              from attendances where ${inRange}`,
        ),
        whole
          ? rows(
              db,
              sql`select count(*) as people, count(*) filter (where n >= 3) as regular from (
                    select user_id, count(distinct date_trunc('month', day)) as n from attendances
                    where place_id = ${placeId} and project_id = ${projectId}
                      and day between ${whole.from} and ${wholeTo} group by user_id) x`,
            )
          : Promise.resolve([]),
        rows(
          db,
          sql`select to_char(s.starts_at at time zone 'Europe/London', 'YYYY-MM-01') as month,
                     count(*) as sessions, coalesce(sum(h.count), 0) as heads,
                     coalesce(sum(h.count * s.duration_minutes), 0) as head_minutes,
                     coalesce(sum(s.duration_minutes::bigint * coalesce(s.capacity,
                       coalesce(t.named_attendances, 0) + coalesce(t.headcount, 0))), 0) as offered
              from participation_sessions s
              left join headcounts h on h.session_id = s.session_id and h.place_id = ${placeId}
              left join session_totals t on t.session_id = s.session_id and t.place_id = ${placeId}
              where s.place_id = ${placeId} and s.project_id = ${projectId} and s.cancelled_at is null
                and s.starts_at >= ${start.toISOString()} and s.starts_at < ${end.toISOString()}
              group by 1`,
        ),
        rows(
          db,
          sql`select to_char(day, 'YYYY-MM-01') as month, count(distinct user_id) as people, count(*) as named,
                     coalesce(sum(minutes), 0) as minutes
              from attendances where ${inRange} group by 1`,
        ),
      ]);
      const t = totals[0] ?? {};
      return {
        people: num(t.people),
        named: num(t.named),
        minutes: num(t.minutes),
        volunteer: num(t.volunteer),
        whole: whole ? { people: num(regulars[0]?.people), regular: num(regulars[0]?.regular) } : null,
        sessions: sessionRows.map((r) => ({
          month: String(r.month),
          sessions: num(r.sessions),
          heads: num(r.heads),
          headMinutes: num(r.head_minutes),
          offered: num(r.offered),
        })),
        months: months.map((r) => ({
          month: String(r.month),
          people: num(r.people),
          named: num(r.named),
          minutes: num(r.minutes),
        })),
      };
    },

    /** The London day of the place's first session, or null. */
    async firstSessionDay(placeId: string): Promise<string | null> {
      const [r] = await rows<{ day: string | null }>(
        db,
        sql`select to_char(min(starts_at) at time zone 'Europe/London', 'YYYY-MM-DD') as day
            from participation_sessions where place_id = ${placeId}`,
      );
      return r?.day ?? null;
    },

    /** A person's attendances (day, role, minutes), for the participation ladder. */
    async historyOf(placeId: string, userId: string) {
      return rows<{ day: string; role: 'participant' | 'volunteer' | 'lead'; minutes: number }>(
        db,
        sql`select day::text as day, role::text as role, minutes from attendances
            where place_id = ${placeId} and user_id = ${userId} order by day`,
      );
    },

    /** Of some projects, those that have held a session (not cancelled, started by `now`). */
    async projectsThatHeldSessions(placeId: string, projectIds: string[], now: Date): Promise<Set<string>> {
      if (!projectIds.length) return new Set();
      const found = await rows<{ project_id: string }>(
        db,
        sql`select distinct project_id::text as project_id from participation_sessions
            where place_id = ${placeId} and cancelled_at is null and starts_at <= ${now.toISOString()}::timestamptz
              and project_id in (${sql.join(
                projectIds.map((id) => sql`${id}::uuid`),
                sql`, `,
              )})`,
      );
      return new Set(found.map((r) => r.project_id));
    },
  };
}
