import { createHash } from 'node:crypto';
import { londonDay } from '../../lib/london-time.js';
import type { PeopleDirectory } from '../../core/accounts/index.js';
import type { Db } from '../../platform/db.js';
import type { DemoContext } from '../../platform/modules.js';
import type { ProjectsService } from '../projects/index.js';
import { attendances, headcounts } from './attendance/attendance.schema.js';
import { rebuildRollups } from './rollups/index.js';

/** A pseudo-random number 0–65535 from its parts, the same every time. */
const n16 = (...parts: (string | number)[]) =>
  parseInt(createHash('md5').update(parts.join('-')).digest('hex').slice(0, 4), 16);

/**
 * The demo borough's attendance: who came to each past session and head-counts of drop-ins, then
 * the rollups rebuilt. Each project's pool is its members and about a third of the participants
 * who live in its ward; organisers lead every session, the others come more in summer (62%) than
 * in winter (30%), and one in nine of them volunteers. Reads what the earlier seeds pass on (the
 * past sessions, the projects' members, the residents) and writes only participation's tables.
 */
export async function seedParticipationDemo(
  services: {
    db: Db;
    people: Pick<PeopleDirectory, 'byIds'>;
    projects: Pick<ProjectsService, 'listPublished'>;
  },
  { placeId, facts }: DemoContext,
): Promise<void> {
  const { pastSessions, projectMembers, residentIds, participantIds } = facts;
  if (!pastSessions || !projectMembers || !residentIds || !participantIds)
    throw new Error('The participation demo needs the core, projects and sessions demos first.');
  const people = await services.people.byIds(placeId, residentIds);
  // Choices are keyed by something that is the same on every run (ids are new each time): people
  // by email, projects by the order they were proposed in, so each ward's figures come out the same.
  const keyOf = new Map(people.map((p) => [p.id, p.email ?? p.id]));
  const projectKey = new Map((facts.projectIds ?? []).map((id, i) => [id, `project-${i}`]));
  const keyOfProject = (id: string) => projectKey.get(id) ?? id;
  // Residents without a sign-in join projects near home; the named demo accounts keep their own.
  const withoutSignIn = new Set(participantIds);
  const projectArea = new Map(
    (await services.projects.listPublished(placeId, {}, 1000)).map((p) => [p.id, p.areaId] as const),
  );

  const pool = new Map<string, Map<string, string>>();
  const add = (projectId: string, userId: string, role: string) => {
    const roles = pool.get(projectId) ?? new Map<string, string>();
    if (!roles.has(userId) || role === 'organiser') roles.set(userId, role);
    pool.set(projectId, roles);
  };
  for (const m of projectMembers) add(m.projectId, m.userId, m.role);
  for (const [projectId, areaId] of projectArea)
    for (const p of people)
      if (
        withoutSignIn.has(p.id) &&
        p.homeAreaId === areaId &&
        n16(keyOfProject(projectId), keyOf.get(p.id)!) % 3 === 0
      )
        add(projectId, p.id, 'member');

  const rows: (typeof attendances.$inferInsert)[] = [];
  for (const s of pastSessions) {
    const day = londonDay(s.startsAt);
    const month = Number(day.slice(5, 7));
    const chance = [6, 7, 8].includes(month) ? 62 : [12, 1, 2].includes(month) ? 30 : 45;
    const key = `${keyOfProject(s.projectId)}-${s.startsAt.toISOString()}`;
    for (const [userId, role] of pool.get(s.projectId) ?? []) {
      const who = keyOf.get(userId) ?? userId;
      if (role !== 'organiser' && n16(key, who) % 100 >= chance) continue;
      rows.push({
        placeId,
        sessionId: s.id,
        userId,
        projectId: s.projectId,
        areaId: s.areaId,
        day,
        role: role === 'organiser' ? 'lead' : n16(key, who, 'v') % 9 === 0 ? 'volunteer' : 'participant',
        minutes: s.durationMinutes,
        source: 'register',
        recordedAt: new Date(s.startsAt.getTime() + 3 * 3_600_000),
      });
    }
  }
  await services.db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(attendances).values(rows.slice(i, i + 1000));
    // Drop-in sessions (no capacity, no booking) also count people who came without giving a name.
    const dropIns = pastSessions.filter((s) => s.capacity === null);
    for (let i = 0; i < dropIns.length; i += 1000)
      await tx.insert(headcounts).values(
        dropIns.slice(i, i + 1000).map((s) => ({
          sessionId: s.id,
          placeId,
          count: 2 + (n16(keyOfProject(s.projectId), s.startsAt.toISOString(), 'h') % 14),
          recordedAt: new Date(s.startsAt.getTime() + 3 * 3_600_000),
        })),
      );
  });
  await rebuildRollups(services.db, placeId);
}
