import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';

/**
 * A weekly series per project and its sessions for a scale run (`commonground seed --scale`).
 * Reads the run's temporary tables: `projects` (`g int, id uuid, area_id uuid`) and `plan`, one row
 * per session (`id uuid, p int` the project's g, `starts_at timestamptz, minutes int, n int` the
 * people expected). Every tenth project is a drop-in with no capacity; the others have room for
 * at least the people expected. `seed` keeps the series' ids the same on every run.
 */
export async function seedScaleSessions(
  db: Db,
  placeId: string,
  opts: { seed: string; projects: string; plan: string; start: Date },
) {
  const seriesId = (g: ReturnType<typeof sql>) => sql`md5(${opts.seed} || '-series-' || ${g})::uuid`;
  await db.execute(sql`
    insert into session_series (id, place_id, project_id, title, starts_at, duration_minutes, rrule, capacity, drop_in)
    select ${seriesId(sql`p.g`)}, ${placeId}, p.id, 'Weekly session',
           ${opts.start.toISOString()}::timestamptz + (p.g % 7) * interval '1 day' + interval '10 hours',
           60 + (p.g % 4) * 30, 'FREQ=WEEKLY', case when p.g % 10 = 0 then null else 10 + (p.g % 5) * 10 end, p.g % 10 = 0
    from ${sql.identifier(opts.projects)} p
    on conflict (id) do nothing`);
  await db.execute(sql`
    insert into sessions (id, place_id, series_id, project_id, area_id, starts_at, ends_at, duration_minutes, capacity, drop_in)
    select sp.id, ${placeId}, ${seriesId(sql`sp.p`)}, pr.id, pr.area_id, sp.starts_at,
           sp.starts_at + sp.minutes * interval '1 minute', sp.minutes,
           case when sp.p % 10 = 0 then null else greatest(10 + (sp.p % 5) * 10, sp.n) end, sp.p % 10 = 0
    from ${sql.identifier(opts.plan)} sp join ${sql.identifier(opts.projects)} pr on pr.g = sp.p
    on conflict (id) do nothing`);
}
