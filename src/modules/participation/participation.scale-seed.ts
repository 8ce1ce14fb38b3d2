import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';
import { seedScalePeople } from '../../core/accounts/index.js';
import { createAreasService } from '../../core/areas/index.js';
import { seedScaleProjects } from '../projects/index.js';
import { seedScaleSessions } from '../sessions/index.js';
import { rebuildRollups } from './rollups/index.js';

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
 *
 * The run plans everything in temporary tables of its own (`scale_people`, `scale_projects`,
 * `scale_plan`: one row a session) and each module writes its own tables from them: accounts the
 * people, projects the projects, sessions the series and sessions, and this module the attendance.
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
  const wardIds = (await createAreasService(db).listWards(placeId))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((w) => w.id);
  if (!wardIds.length) throw new Error('The place has no wards: import or create them first.');

  const result = await db.transaction(async (tx) => {
    await tx.execute(sql`create temporary table scale_people on commit drop as
      select g, md5(${seed} || '-user-' || g)::uuid as id from generate_series(0, ${people - 1}::int) g`);
    await tx.execute(sql`create temporary table scale_projects on commit drop as
      select g, md5(${seed} || '-project-' || g)::uuid as id,
             (array[${sql.join(
               wardIds.map((w) => sql`${w}::uuid`),
               sql`, `,
             )}])[1 + g % ${wardIds.length}::int] as area_id
      from generate_series(0, ${projects - 1}::int) g`);
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

    await seedScalePeople(tx, placeId, { people: 'scale_people', createdAt: start });
    await seedScaleProjects(tx, placeId, { projects: 'scale_projects', start });
    await seedScaleSessions(tx, placeId, { seed, projects: 'scale_projects', plan: 'scale_plan', start });

    // Each project's regulars (a group of 3 × the usual turnout) come, rotating every 8 weeks.
    const group = Math.max(3, Math.round(3 * perSession));
    await tx.execute(sql`
      insert into attendances (place_id, session_id, user_id, project_id, area_id, day, role, minutes, source)
      select ${placeId}, sp.id, u.id, pr.id, pr.area_id, (sp.starts_at at time zone 'Europe/London')::date,
             case when j = 1 then 'lead' when j = 2 then 'volunteer' else 'participant' end::attendance_role,
             sp.minutes, 'seed'
      from scale_plan sp
      join scale_projects pr on pr.g = sp.p
      cross join lateral generate_series(1, sp.n) j
      join scale_people u
        on u.g = (sp.p::bigint * 997 + ((j * 7 + (sp.w / 8) * ${Math.round(perSession)}) % ${group})) % ${people}
      on conflict do nothing`);
    await tx.execute(sql`
      insert into headcounts (session_id, place_id, count)
      select sp.id, ${placeId}, 3 + sp.n % 10 from scale_plan sp where sp.p % 10 = 0
      on conflict do nothing`);
    const [c] = await queryRows<{ sessions: unknown; attendances: unknown; headcounts: unknown }>(
      tx,
      sql`select
        (select count(*) from scale_plan) as sessions,
        (select count(*) from attendances where place_id = ${placeId} and source = 'seed') as attendances,
        (select count(*) from scale_plan where p % 10 = 0) as headcounts`,
    );
    return {
      people,
      projects,
      sessions: Number(c!.sessions),
      attendances: Number(c!.attendances),
      headcounts: Number(c!.headcounts),
    };
  });
  // Fresh statistics for every table the run filled, so the planner sees the new volume.
  await db.execute(sql`analyze`);
  await rebuildRollups(db, placeId);
  return result;
}
