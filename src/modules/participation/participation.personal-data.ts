import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';
import { createProjectFacts } from '../projects/index.js';

/** A person's recorded attendance, for their copy of their data (project titles from the projects module). */
export async function participationPersonalData(db: Db, placeId: string, userId: string) {
  const rows = await queryRows<Record<string, unknown> & { projectId: string; recordedAt: unknown }>(
    db,
    sql`select a.day::text as day, a.project_id::text as "projectId", a.role::text as role, a.minutes, a.source,
               a.recorded_at as "recordedAt"
        from attendances a
        where a.place_id = ${placeId} and a.user_id = ${userId}
        order by a.day, a.id`,
  );
  const projects = await createProjectFacts(db).byIds(
    placeId,
    rows.map((r) => r.projectId),
  );
  return {
    attendance: rows.map(({ projectId, ...r }) => ({
      day: r.day,
      project: projects.get(projectId)?.title ?? null,
      role: r.role,
      minutes: r.minutes,
      source: r.source,
      recordedAt: new Date(String(r.recordedAt)).toISOString(),
    })),
  };
}
