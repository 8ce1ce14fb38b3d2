import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';

/**
 * Residents for a scale run (`commonground seed --scale`), one per row of the run's temporary
 * table `people` (columns `g int, id uuid`): "Resident g", no password or email, created at `createdAt`.
 */
export async function seedScalePeople(db: Db, placeId: string, opts: { people: string; createdAt: Date }) {
  await db.execute(sql`
    insert into users (id, place_id, display_name, role, created_at)
    select p.id, ${placeId}, 'Resident ' || p.g, 'resident', ${opts.createdAt.toISOString()}::timestamptz
    from ${sql.identifier(opts.people)} p
    on conflict (id) do nothing`);
}
