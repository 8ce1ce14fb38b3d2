import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';

/**
 * People who take part without signing in (no password, no verified address), spread over the
 * wards, inserted in one statement: the demo has hundreds of them. Returns their ids in order.
 */
export async function insertDemoParticipants(
  db: Db,
  placeId: string,
  opts: {
    count: number;
    firstNames: readonly string[];
    lastNames: readonly string[];
    wardIds: readonly string[];
    createdAt: Date;
  },
): Promise<string[]> {
  const names = (list: readonly string[]) =>
    sql`array[${sql.join(
      list.map((n) => sql`${n}`),
      sql`, `,
    )}]::text[]`;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`insert into users (place_id, email, display_name, home_area_id, role, created_at)
        select ${placeId}, 'participant.' || g || '@residents.example',
               (${names(opts.firstNames)})[1 + (g * 7) % ${opts.firstNames.length}::int]
                 || ' ' || left((${names(opts.lastNames)})[1 + (g * 11) % ${opts.lastNames.length}::int], 1) || '.',
               (${sql`array[${sql.join(
                 opts.wardIds.map((w) => sql`${w}::uuid`),
                 sql`, `,
               )}]`})[1 + g % ${opts.wardIds.length}::int],
               'resident', ${opts.createdAt.toISOString()}::timestamptz
        from generate_series(1, ${opts.count}::int) g
        order by g
        returning id`,
  );
  return rows.map((r) => r.id);
}
