import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rebuildRollups } from './rollups.js';

/** Every One Every Day's second year (domain notes §2.3): about 7,700 attendances by 4,750 people. */
export const EOED_YEAR_TWO = { attendances: 7_700, people: 4_750 };

export type ScaleOptions = {
  years: number;
  /**
   * Multiplies Every One Every Day's year-two activity. 1 (the default) means about 7,700
   * attendances a year by about 4,750 people at about 300 weekly projects, as in Barking and
   * Dagenham; 65 gives about a million attendances over two years, 650 about ten million. People
   * grow with the square root of intensity (capped at 150,000 of the borough's 250,000), so more
   * intensity means more regular participants, not more people than the borough has.
   */
  intensity?: number;
  /** The last day of activity (default today); everything ends here. */
  until?: Date;
};

export type ScaleResult = {
  people: number;
  projects: number;
  sessions: number;
  attendances: number;
  headcounts: number;
};

/**
 * Fills a place (which must have wards) with years of activity, deterministically and in set-based
 * SQL (generate_series and md5-derived ids and pseudo-random numbers), then rebuilds the rollups:
 * people (residents with no password or email), projects across every ward and lead type, a
 * weekly series per project, sessions with summer peaks and winter lows, attendances by each
 * project's regulars, and head-counts at drop-in sessions.
 */
export async function seedScale(db: Db, placeId: string, opts: ScaleOptions): Promise<ScaleResult> {
  const intensity = opts.intensity ?? 1;
  const years = opts.years;
  const until = opts.until ?? new Date();
  const perYear = EOED_YEAR_TWO.attendances * intensity;
  const people = Math.min(150_000, Math.round(EOED_YEAR_TWO.people * Math.sqrt(intensity)));
  const projects = 300 * Math.max(1, Math.round(Math.sqrt(intensity) / 8));
  const weeks = Math.round(52.18 * years);
  const perSession = Math.max(1, (perYear * years) / (projects * weeks));
  const start = new Date(until.getTime() - weeks * 7 * 86_400_000);
  const seed = `scale-${placeId}`;

  const result = await db.transaction(async (tx) => {
    const wardRows = (await tx.execute(
      sql`select array_agg(id order by code) as ids from areas where place_id = ${placeId} and kind = 'ward'`,
    )) as unknown as { rows: { ids: string[] | null }[] };
    const wardCount = wardRows.rows[0]?.ids?.length ?? 0;
    if (!wardCount) throw new Error('The place has no wards: import or create them first.');

    await tx.execute(sql`
      insert into users (id, place_id, display_name, role, created_at)
      select md5(${seed} || '-user-' || g)::uuid, ${placeId}, 'Resident ' || g, 'resident', ${start.toISOString()}::timestamptz
      from generate_series(0, ${people - 1}::int) g
      on conflict (id) do nothing`);
    await tx.execute(sql`
      insert into projects (id, place_id, title, summary, category, area_id, stage, lead_type, status, published_at, created_at)
      select md5(${seed} || '-project-' || g)::uuid, ${placeId}, 'Project ' || g, 'A neighbourhood project',
             (array['cooking','growing','making','repair','play','learning','trading','other'])[1 + g % 8],
             (select ids[1 + g % ${wardCount}] from (select array_agg(id order by code) ids from areas where place_id = ${placeId} and kind = 'ward') w),
             (array['running','running','running','testing','paused','ended','enterprise'])[1 + g % 7]::project_stage,
             (array['resident','resident','community_group','council','partner'])[1 + g % 5]::project_lead_type,
             'published', ${start.toISOString()}::timestamptz + (g % 52) * interval '1 week', ${start.toISOString()}::timestamptz
      from generate_series(0, ${projects - 1}::int) g
      on conflict (id) do nothing`);
    await tx.execute(sql`
      insert into session_series (id, place_id, project_id, title, starts_at, duration_minutes, rrule, capacity, drop_in)
      select md5(${seed} || '-series-' || g)::uuid, ${placeId}, md5(${seed} || '-project-' || g)::uuid, 'Weekly session',
             ${start.toISOString()}::timestamptz + (g % 7) * interval '1 day' + interval '10 hours',
             60 + (g % 4) * 30, 'FREQ=WEEKLY', case when g % 10 = 0 then null else 10 + (g % 5) * 10 end, g % 10 = 0
      from generate_series(0, ${projects - 1}::int) g
      on conflict (id) do nothing`);
    // One plan row per session: its project, week and how many come (seasonal, ±40% jitter).
    await tx.execute(sql`create temporary table scale_plan on commit drop as
      select md5(${seed} || '-session-' || p || '-' || w)::uuid as id, p, w,
             ${start.toISOString()}::timestamptz + w * interval '1 week' + (p % 7) * interval '1 day' + interval '10 hours' as starts_at,
             60 + (p % 4) * 30 as minutes,
             greatest(1, round(${perSession}::float8
               * (1 + 0.35 * cos(2 * pi() * (extract(month from ${start.toISOString()}::timestamptz + w * interval '1 week') - 7) / 12))
               * (0.6 + 0.8 * (('x' || substr(md5(${seed} || p || '-' || w), 1, 8))::bit(32)::bigint / 4294967296.0))))::int as n
      from generate_series(0, ${projects - 1}::int) p, generate_series(0, ${weeks - 1}::int) w`);
    await tx.execute(sql`delete from scale_plan where starts_at > ${until.toISOString()}::timestamptz`);
    await tx.execute(sql`
      insert into sessions (id, place_id, series_id, project_id, area_id, starts_at, ends_at, duration_minutes, capacity, drop_in)
      select sp.id, ${placeId}, md5(${seed} || '-series-' || sp.p)::uuid, pr.id, pr.area_id, sp.starts_at,
             sp.starts_at + sp.minutes * interval '1 minute', sp.minutes,
             case when sp.p % 10 = 0 then null else greatest(10 + (sp.p % 5) * 10, sp.n) end, sp.p % 10 = 0
      from scale_plan sp join projects pr on pr.id = md5(${seed} || '-project-' || sp.p)::uuid
      on conflict (id) do nothing`);
    // Each project has its regulars (a group of 3 × the usual turnout) who rotate every 8 weeks.
    const group = Math.max(3, Math.round(3 * perSession));
    await tx.execute(sql`
      insert into attendances (place_id, session_id, user_id, project_id, area_id, day, role, minutes, source)
      select ${placeId}, s.id,
             md5(${seed} || '-user-' || ((sp.p::bigint * 997 + ((j * 7 + (sp.w / 8) * ${Math.round(perSession)}) % ${group})) % ${people}))::uuid,
             s.project_id, s.area_id, (s.starts_at at time zone 'Europe/London')::date,
             case when j = 1 then 'lead' when j = 2 then 'volunteer' else 'participant' end::attendance_role,
             s.duration_minutes, 'seed'
      from scale_plan sp join sessions s on s.id = sp.id
      cross join lateral generate_series(1, sp.n) j
      on conflict do nothing`);
    await tx.execute(sql`
      insert into headcounts (session_id, place_id, count)
      select sp.id, ${placeId}, 3 + sp.n % 10 from scale_plan sp where sp.p % 10 = 0
      on conflict do nothing`);
    const counts = (await tx.execute(sql`select
        (select count(*) from scale_plan) as sessions,
        (select count(*) from attendances where place_id = ${placeId} and source = 'seed') as attendances,
        (select count(*) from scale_plan where p % 10 = 0) as headcounts`)) as unknown as {
      rows: { sessions: unknown; attendances: unknown; headcounts: unknown }[];
    };
    const c = counts.rows[0]!;
    return {
      people,
      projects,
      sessions: Number(c.sessions),
      attendances: Number(c.attendances),
      headcounts: Number(c.headcounts),
    };
  });
  await db.execute(sql`analyze attendances`);
  await db.execute(sql`analyze sessions`);
  await db.execute(sql`analyze users`);
  await db.execute(sql`analyze projects`);
  await rebuildRollups(db, placeId);
  return result;
}
