import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import type { DemoContext } from '../../platform/modules.js';
import { rebuildRollups } from './rollups/index.js';

/** A past session of the demo, as sessions' demo passes it on (`facts.pastSessions`, declared there). */
export type PastSession = {
  id: string;
  projectId: string;
  areaId: string | null;
  startsAt: Date;
  durationMinutes: number;
  capacity: number | null;
};

/** Each project's regulars: the first leads every session, the rest come more in summer than in winter. */
const REGULARS = 13;

/** Values as a PostgreSQL array literal (`{"a","b",NULL}`), passed as one parameter and cast by the caller. */
function pgArray(values: readonly (string | number | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

/**
 * The demo borough's attendance: who came to each past session (each project's regulars, more in
 * summer and fewer in winter, a few volunteering) and head-counts of drop-ins at sessions without
 * places to book, then the rollups rebuilt. Set-based SQL over the sessions and residents the
 * earlier seeds pass on, with md5-derived choices, so it is the same every time; it writes only
 * participation's tables.
 */
export async function seedParticipationDemo(db: Db, demo: DemoContext): Promise<void> {
  const facts = demo.facts as DemoContext['facts'] & { pastSessions?: PastSession[]; residentIds?: string[] };
  // Until sessions' demo passes on its past sessions there is no attendance to add.
  const past = facts.pastSessions ?? [];
  const people = facts.residentIds ?? [];
  if (!past.length || !people.length) return;
  const { placeId } = demo;
  const column = <K extends keyof PastSession>(k: K, f: (v: PastSession[K]) => string | number | null) =>
    pgArray(past.map((s) => f(s[k])));
  const sessions = sql`unnest(
      ${column('id', String)}::uuid[], ${column('projectId', String)}::uuid[], ${column('areaId', (v) => v)}::uuid[],
      ${column('startsAt', (v) => v.toISOString())}::timestamptz[], ${column('durationMinutes', Number)}::int[],
      ${column('capacity', (v) => v)}::int[]
    ) as s(id, project_id, area_id, starts_at, duration_minutes, capacity)`;

  await db.transaction(async (tx) => {
    await tx.execute(sql`
      with past as (
        select s.*, extract(month from s.starts_at at time zone 'Europe/London')::int as month from ${sessions}
      ),
      pool as (
        select p.project_id, u.user_id,
               row_number() over (partition by p.project_id order by md5(p.project_id::text || u.user_id::text)) as n
        from (select distinct project_id from past) p
        cross join unnest(${pgArray(people)}::uuid[]) as u(user_id)
      )
      insert into attendances (place_id, session_id, user_id, project_id, area_id, day, role, minutes, source, recorded_at)
      select ${placeId}, past.id, pool.user_id, past.project_id, past.area_id,
             (past.starts_at at time zone 'Europe/London')::date,
             case when pool.n = 1 then 'lead'::attendance_role
                  when ('x' || substr(md5(past.id::text || pool.user_id::text || 'v'), 1, 4))::bit(16)::int % 9 = 0
                    then 'volunteer'
                  else 'participant' end,
             past.duration_minutes, 'register', past.starts_at + interval '3 hours'
      from past join pool on pool.project_id = past.project_id and pool.n <= ${REGULARS}
      where pool.n = 1
         or ('x' || substr(md5(past.id::text || pool.user_id::text), 1, 4))::bit(16)::int % 100
            < case when past.month in (6, 7, 8) then 62 when past.month in (12, 1, 2) then 30 else 45 end`);

    // Drop-in sessions (no places to book) also count people who came without giving a name.
    await tx.execute(sql`
      insert into headcounts (session_id, place_id, count, recorded_at)
      select s.id, ${placeId}, 2 + ('x' || substr(md5(s.id::text || 'h'), 1, 4))::bit(16)::int % 14,
             s.starts_at + interval '3 hours'
      from ${sessions} where s.capacity is null`);
  });
  await rebuildRollups(db, placeId);
}
