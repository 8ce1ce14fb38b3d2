import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';

/** The projects a person proposed and the ones they joined, for their copy of their data. */
export async function projectsPersonalData(db: Db, placeId: string, userId: string) {
  const rows = (q: ReturnType<typeof sql>) => queryRows(db, q);
  const iso = (v: unknown) => (v instanceof Date || typeof v === 'string' ? new Date(String(v)).toISOString() : null);
  const proposed = await rows(
    sql`select title, summary, status::text as status, created_at as "createdAt"
        from projects where place_id = ${placeId} and created_by = ${userId} order by created_at`,
  );
  const memberships = await rows(
    sql`select p.title as project, m.role::text as role, m.joined_at as "joinedAt"
        from project_members m join projects p on p.id = m.project_id and p.place_id = m.place_id
        where m.place_id = ${placeId} and m.user_id = ${userId} order by m.joined_at`,
  );
  return {
    proposed: proposed.map((p) => ({ ...p, createdAt: iso(p.createdAt) })),
    memberships: memberships.map((m) => ({ ...m, joinedAt: iso(m.joinedAt) })),
  };
}
