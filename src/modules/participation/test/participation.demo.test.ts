import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createPlace, createUser } from '../../../../test/helpers.js';
import { useWorld } from '../../../../test/kit/index.js';
import { systemContext } from '../../../platform/context.js';
import type { DemoFacts } from '../../../platform/modules.js';
import { seedParticipationDemo } from '../participation.demo.js';
import { dailyFromScratch, dailyRows, insertProject, insertSession, query } from './attendance.fixtures.js';

const w = useWorld('participation-demo');

describe("the demo's attendance", () => {
  it('comes from the sessions and members passed on: organisers lead every session, more in summer, drop-ins counted', async () => {
    const a = await createPlace(w.services, 'demo-attendance.test');
    const residents: string[] = [];
    for (let i = 0; i < 20; i++) residents.push((await createUser(w.services, a.place.id, 'resident')).user.id);
    const organiser = await createUser(w.services, a.place.id, 'organiser');
    const pastSessions: DemoFacts['pastSessions'] = [];
    const projectMembers: DemoFacts['projectMembers'] = [];
    for (const [p, areaId] of [a.wards[0]!.id, a.wards[1]!.id, null].entries()) {
      const project = await insertProject(w.services.db, a.place.id, organiser.user.id, { areaId });
      projectMembers.push({ projectId: project.id, userId: organiser.user.id, role: 'organiser' });
      for (const userId of residents.slice(p * 5, p * 5 + 8))
        projectMembers.push({ projectId: project.id, userId, role: 'member' });
      // A year of weekly sessions; the third project's are drop-ins (no places to book).
      for (let week = 0; week < 52; week++) {
        const startsAt = new Date(Date.UTC(2025, 0, 6 + 7 * week + p, 10));
        const s = await insertSession(w.services.db, a.place.id, project.id, { startsAt, minutes: 90, areaId });
        pastSessions.push({
          id: s.id,
          projectId: project.id,
          areaId,
          startsAt,
          durationMinutes: 90,
          capacity: p === 2 ? null : 20,
        });
      }
    }
    const demo = {
      placeId: a.place.id,
      ctx: systemContext(a.place.id),
      now: new Date('2026-01-10T00:00:00Z'),
      // Every resident here signs in, so none joins a project near home on top of the members.
      facts: { pastSessions, projectMembers, residentIds: residents, participantIds: [] },
    };
    const seed = () => seedParticipationDemo(w.services, demo);
    const rows = () =>
      query(
        w.services.db,
        sql`select session_id::text as session_id, user_id::text as user_id, role::text as role, minutes::int as minutes,
              extract(month from day)::int as month
            from attendances where place_id = ${a.place.id} order by 1, 2`,
      );

    await seed();
    const first = await rows();
    // The organiser leads every session, and only the projects' members came.
    const leads = first.filter((r) => r.role === 'lead');
    expect(leads).toHaveLength(pastSessions.length);
    expect(new Set(leads.map((r) => r.session_id)).size).toBe(pastSessions.length);
    expect(leads.every((r) => r.user_id === organiser.user.id)).toBe(true);
    const pool = new Set(projectMembers.map((m) => m.userId));
    expect(first.every((r) => pool.has(String(r.user_id)) && r.minutes === 90)).toBe(true);
    expect(first.some((r) => r.role === 'volunteer')).toBe(true);
    // Summer sessions draw more people than winter ones.
    const perSession = (months: number[]) => {
      const hits = first.filter((r) => months.includes(Number(r.month))).length;
      const sessions = pastSessions.filter((s) => months.includes(s.startsAt.getUTCMonth() + 1)).length;
      return hits / sessions;
    };
    expect(perSession([6, 7, 8])).toBeGreaterThan(perSession([12, 1, 2]));
    // Head-counts at the drop-ins only, and the rollups rebuilt from what was written.
    const heads = await query(
      w.services.db,
      sql`select session_id::text as id from headcounts where place_id = ${a.place.id} order by 1`,
    );
    expect(heads.map((h) => h.id)).toEqual(
      pastSessions
        .filter((s) => s.capacity === null)
        .map((s) => s.id)
        .sort(),
    );
    expect(await dailyRows(w.services.db, a.place.id)).toEqual(await dailyFromScratch(w.services.db, a.place.id));

    // The same sessions and people give the same attendance every time.
    await w.services.db.execute(sql`delete from attendances where place_id = ${a.place.id}`);
    await w.services.db.execute(sql`delete from headcounts where place_id = ${a.place.id}`);
    await seed();
    expect(await rows()).toEqual(first);
  });

  it('needs the sessions and members the earlier seeds pass on', async () => {
    const b = await createPlace(w.services, 'demo-none.test');
    await expect(
      seedParticipationDemo(w.services, {
        placeId: b.place.id,
        ctx: systemContext(b.place.id),
        now: new Date(),
        facts: {},
      }),
    ).rejects.toThrow('The participation demo needs the core, projects and sessions demos first.');
  });
});
