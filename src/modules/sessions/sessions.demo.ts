import { randomUUID } from 'node:crypto';
import { addDays, fromLondon } from '../../lib/london-time.js';
import type { Db } from '../../platform/db.js';
import type { DemoContext } from '../../platform/modules.js';
import { demoWeekStart, type ProjectsService } from '../projects/index.js';
import type { SpacesService } from '../spaces/index.js';
import { bookings, sessionSeries, sessions } from './sessions.schema.js';

declare module '../../platform/modules.js' {
  interface DemoFacts {
    /** Sessions that have happened (none of the demo's are cancelled), for attendance. */
    pastSessions: {
      id: string;
      projectId: string;
      areaId: string | null;
      startsAt: Date;
      durationMinutes: number;
      /** Null for drop-in sessions, which need no booking. */
      capacity: number | null;
    }[];
  }
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const TIMES = ['10:00', '14:00', '18:30'];
const LENGTHS = [90, 120, 150];

/** Over Christmas nobody meets. */
function christmas(ymd: string): boolean {
  const [, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return (m === 12 && d >= 22) || (m === 1 && d <= 2);
}

/**
 * A weekly series for every published project past the idea stage, from about a year ago to two
 * months ahead (ended and paused ones stopped earlier), its occurrences, and two bookings for the
 * demo resident (the sessions tables only). Sets `facts.pastSessions`.
 */
export async function seedSessionsDemo(
  services: { db: Db; projects: ProjectsService; spaces: SpacesService },
  { placeId, now, facts }: DemoContext,
): Promise<void> {
  const { spaceIds, staff } = facts;
  if (!spaceIds?.length || !facts.projectIds || !staff)
    throw new Error('The sessions demo needs the core, projects and spaces demos first.');
  const anchor = demoWeekStart(now).toISOString().slice(0, 10);
  const projects = (await services.projects.listPublished(placeId, {}, 1000))
    .filter((p) => p.stage !== 'idea' && p.stage !== 'gathering')
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const spaceWard = new Map((await services.spaces.list(placeId, 1000)).map((s) => [s.id, s.areaId]));

  const occurrences: (typeof sessions.$inferInsert)[] = [];
  await services.db.transaction(async (tx) => {
    for (const [n, p] of projects.entries()) {
      const spaceId = n % 5 === 4 ? null : spaceIds[n % spaceIds.length]!;
      const firstDay = addDays(anchor, -7 * (30 + ((n * 3) % 30)) + (n % 6));
      const time = TIMES[Math.floor(n / 6) % 3]!;
      const durationMinutes = LENGTHS[Math.floor(n / 2) % 3]!;
      const count = p.stage === 'ended' ? 12 : p.stage === 'paused' ? 20 : 38 + ((n * 3) % 30);
      const dropIn = n % 4 === 3;
      const capacity = dropIn ? null : 12 + ((n * 7) % 20);
      const [series] = await tx
        .insert(sessionSeries)
        .values({
          placeId,
          projectId: p.id,
          spaceId,
          title: p.title,
          description: 'Everyone welcome. Come once, or every week.',
          startsAt: fromLondon(firstDay, time),
          durationMinutes,
          rrule: `FREQ=WEEKLY;BYDAY=${WEEKDAYS[n % 6]};COUNT=${count}`,
          capacity,
          dropIn,
          createdBy: p.createdBy,
        })
        .returning({ id: sessionSeries.id });
      const areaId = (spaceId ? spaceWard.get(spaceId) : null) ?? p.areaId;
      for (let w = 0; w < count; w++) {
        const day = addDays(firstDay, 7 * w);
        if (christmas(day)) continue;
        const startsAt = fromLondon(day, time);
        occurrences.push({
          id: randomUUID(),
          placeId,
          seriesId: series!.id,
          projectId: p.id,
          spaceId,
          areaId,
          startsAt,
          endsAt: new Date(startsAt.getTime() + durationMinutes * 60_000),
          durationMinutes,
          capacity,
          dropIn,
        });
      }
    }
    for (let i = 0; i < occurrences.length; i += 500) await tx.insert(sessions).values(occurrences.slice(i, i + 500));
    // The demo resident has booked two of the next sessions that take bookings.
    const next = occurrences
      .filter((o) => !o.dropIn && o.startsAt > now)
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
      .slice(0, 2);
    if (next.length)
      await tx
        .insert(bookings)
        .values(next.map((o) => ({ placeId, sessionId: o.id!, userId: staff.resident, status: 'booked' as const })));
  });
  facts.pastSessions = occurrences
    .filter((o) => o.startsAt < now)
    .map((o) => ({
      id: o.id!,
      projectId: o.projectId,
      areaId: o.areaId ?? null,
      startsAt: o.startsAt,
      durationMinutes: o.durationMinutes,
      capacity: o.capacity ?? null,
    }));
}
