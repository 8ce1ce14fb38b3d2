import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';

/** A person's recorded attendance, for their copy of their data. */
export async function participationPersonalData(db: Db, placeId: string, userId: string) {
  const rows = await queryRows(
    db,
    sql`select a.day::text as day, p.title as project, a.role::text as role, a.minutes, a.source,
               a.recorded_at as "recordedAt"
        from attendances a left join projects p on p.id = a.project_id and p.place_id = a.place_id
        where a.place_id = ${placeId} and a.user_id = ${userId}
        order by a.day, a.id`,
  );
  return {
    attendance: rows.map((r) => ({ ...r, recordedAt: new Date(String(r.recordedAt)).toISOString() })),
  };
}
