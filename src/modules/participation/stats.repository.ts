import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { ALL_AREAS, MONTH_BITS, MONTH_EPOCH_YEAR } from './participation.schema.js';
import { monthIndexSql } from './rollups.js';

/** A stretch of London days, both ends included (YYYY-MM-DD). */
export type DayRange = { from: string; to: string };

/**
 * Which rows the distinct-people figures read: whole months from `participant_months`, and the
 * part-months at the edges of the period from `attendances` (by an indexed day range).
 */
export type PeopleSource = { months: { from: string; to: string } | null; edges: DayRange[] };

export type PeopleRow = { kind: 'total' | 'month' | 'ward'; key: string | null; people: number; regular: number };

const NIL = sql`'00000000-0000-0000-0000-000000000000'::uuid`;

/** A month's bit in `participant_activity.months` (0 = January 2000). */
function monthIndex(month: string): number {
  return (Number(month.slice(0, 4)) - MONTH_EPOCH_YEAR) * 12 + Number(month.slice(5, 7)) - 1;
}
/** A stretch of days cut at month ends: each month with the bits of its days in the stretch. */
function splitByMonth(range: DayRange): { month: string; mask: string }[] {
  const out = [];
  for (let from = range.from; from <= range.to;) {
    const month = `${from.slice(0, 7)}-01`;
    const next = new Date(`${month}T00:00:00Z`);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const monthEnd = new Date(next.getTime() - 86_400_000).toISOString().slice(0, 10);
    const to = range.to < monthEnd ? range.to : monthEnd;
    const first = Number(from.slice(8, 10));
    const last = Number(to.slice(8, 10));
    out.push({ month, mask: '0'.repeat(first - 1) + '1'.repeat(last - first + 1) + '0'.repeat(31 - last) });
    from = next.toISOString().slice(0, 10);
  }
  return out;
}
function monthAt(index: number): string {
  const y = MONTH_EPOCH_YEAR + Math.floor(index / 12);
  return `${y}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

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
     * Distinct people over the period: the total (and how many came in at least `regularMonths`
     * distinct months), per month and per ward. Whole months are read from `participant_activity`
     * (one row of month bits per person and scope), part-months at the edges from `attendances` by
     * day. `areaId` narrows the total and the months to one ward; the ward rows are always place-wide.
     */
    async people(
      placeId: string,
      source: PeopleSource,
      areaId: string | null,
      regularMonths: number,
    ): Promise<PeopleRow[]> {
      const scope = areaId ?? ALL_AREAS;
      const whole = source.months
        ? {
            start: monthIndex(source.months.from),
            count: monthIndex(source.months.to) - monthIndex(source.months.from) + 1,
          }
        : null;
      const inWhole = whole
        ? sql`bit_count(substring(months from ${whole.start + 1}::int for ${whole.count}::int))`
        : null;
      type Row = { key: string; month: string | null; people: unknown; regular: unknown };
      let counted: Promise<Row[]>;
      if (!source.edges.length && inWhole) {
        counted = rows<Row>(
          db,
          sql`select area_key::text as key, null as month, count(*) filter (where n > 0) as people,
                     count(*) filter (where n >= ${regularMonths}) as regular
              from (select area_key, ${inWhole} as n from participant_activity where place_id = ${placeId}) x
              group by area_key`,
        );
      } else {
        // Each edge month's people: their days in it that fall in the period (31 day bits).
        const pieces = source.edges.flatMap(splitByMonth);
        const edge = (e: { month: string; mask: string }, area: SQL) =>
          sql`select ${area} as area_key, user_id from participant_months
              where place_id = ${placeId} and month = ${e.month}
                and bit_count(days & ${e.mask}::bit(31)) > 0`;
        const edgeRows = sql.join(
          pieces.flatMap((e) => [
            sql`select area_key, user_id, 1 as n from (${edge(e, sql`area_key`)}) x`,
            sql`select ${ALL_AREAS}::uuid, user_id, 1 from (${edge(e, sql`null`)}) x group by user_id`,
          ]),
          sql` union all `,
        );
        const fromWhole = inWhole
          ? sql`union all select area_key, user_id, n from (select area_key, user_id, ${inWhole} as n
                  from participant_activity where place_id = ${placeId}) w where n > 0`
          : sql``;
        const edgeMonths = sql.join(
          pieces.map(
            (e) => sql`select ${e.month}::text, count(distinct user_id) from (${edge(e, sql`area_key`)}) x
                       where area_key = ${scope}::uuid`,
          ),
          sql` union all `,
        );
        counted = rows<Row>(
          db,
          sql`with u as (select area_key, user_id, sum(n) as n from (${edgeRows} ${fromWhole}) parts
                         group by area_key, user_id)
              select area_key::text as key, null as month, count(*) as people,
                     count(*) filter (where n >= ${regularMonths}) as regular from u group by area_key
              union all
              select ${scope}::text, m.month, m.people, 0 from (${edgeMonths}) m(month, people)`,
        );
      }
      const perMonth: Promise<Row[]> = whole
        ? rows<Record<string, unknown>>(
            db,
            sql`select ${sql.join(
              Array.from(
                { length: whole.count },
                (_, i) => sql`sum(get_bit(months, ${whole.start + i}::int)) as ${sql.identifier(`m${i}`)}`,
              ),
              sql`, `,
            )} from participant_activity where place_id = ${placeId} and area_key = ${scope}::uuid`,
          ).then(([r]) =>
            Array.from({ length: whole.count }, (_, i) => ({
              key: scope,
              month: monthAt(whole.start + i),
              people: r?.[`m${i}`],
              regular: 0,
            })),
          )
        : Promise.resolve([]);
      const [byKey, months] = await Promise.all([counted, perMonth]);
      const out: PeopleRow[] = [];
      for (const r of [...byKey, ...months]) {
        if (r.month !== null) {
          if (r.key === scope) out.push({ kind: 'month', key: r.month, people: num(r.people), regular: 0 });
          continue;
        }
        if (r.key === scope) out.push({ kind: 'total', key: null, people: num(r.people), regular: num(r.regular) });
        if (r.key !== ALL_AREAS) out.push({ kind: 'ward', key: r.key, people: num(r.people), regular: 0 });
      }
      return out;
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
     * length; a session with no capacity counts the people who actually came, named and
     * head-counted, from `session_totals`).
     */
    async sessionsByWard(placeId: string, start: Date, end: Date) {
      const result = await rows<Record<string, unknown>>(
        db,
        sql`select coalesce(s.area_id, ${NIL})::text as area_key, count(*) as sessions,
                   sum(s.duration_minutes::bigint * coalesce(s.capacity,
                     coalesce(t.named_attendances, 0) + coalesce(t.headcount, 0))) as offered
            from sessions s
            left join session_totals t on t.session_id = s.id and t.place_id = ${placeId} and s.capacity is null
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
      const from = Math.max(0, monthIndex(since));
      const before = monthIndex(cutoff) - from;
      const [r] = await rows<Record<string, unknown>>(
        db,
        sql`select count(*) filter (where bit_count(substring(months from ${from + 1}::int)) > 0) as total,
                   ${
                     before > 0
                       ? sql`count(*) filter (where bit_count(substring(months from ${from + 1}::int for ${before}::int)) > 0)`
                       : sql`0`
                   } as before
            from participant_activity where place_id = ${placeId} and area_key = ${ALL_AREAS}::uuid`,
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
