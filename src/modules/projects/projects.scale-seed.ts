import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';

/**
 * Projects for a scale run (`commonground seed --scale`), one per row of the run's temporary table
 * `projects` (columns `g int, id uuid, area_id uuid`): every category, stage and lead type in turn,
 * all published, one a week from `start`.
 */
export async function seedScaleProjects(db: Db, placeId: string, opts: { projects: string; start: Date }) {
  const start = opts.start.toISOString();
  await db.execute(sql`
    insert into projects (id, place_id, title, summary, category, area_id, stage, lead_type, status, published_at, created_at)
    select p.id, ${placeId}, 'Project ' || p.g, 'A neighbourhood project',
           (array['cooking','growing','making','repair','play','learning','trading','other'])[1 + p.g % 8],
           p.area_id,
           (array['running','running','running','testing','paused','ended','enterprise'])[1 + p.g % 7]::project_stage,
           (array['resident','resident','community_group','council','partner'])[1 + p.g % 5]::project_lead_type,
           'published', ${start}::timestamptz + (p.g % 52) * interval '1 week', ${start}::timestamptz
    from ${sql.identifier(opts.projects)} p
    on conflict (id) do nothing`);
}
