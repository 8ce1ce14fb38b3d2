import { and, asc, eq, ilike, inArray, lte, or, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';
import { users } from '../accounts/accounts.schema.js';
import { projectMembers, projects } from '../projects/projects.schema.js';
import { sessions } from '../sessions/sessions.schema.js';
import {
  ALL_AREAS,
  attendances,
  headcounts,
  participantMonths,
  participationDaily,
  sessionTotals,
} from './participation.schema.js';

export type Attendance = typeof attendances.$inferSelect;
export type NewAttendance = typeof attendances.$inferInsert;
export type AttendanceRole = Attendance['role'];
export type Person = { id: string; displayName: string; email: string | null };

/** Changes to one day's totals in one ward (negative to take away). */
export type DailyDelta = {
  namedAttendances: number;
  headcountAttendances: number;
  participationMinutes: number;
  volunteerMinutes: number;
};

const person = { id: users.id, displayName: users.displayName, email: users.email };

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Every attendance query of the module, each scoped by place. */
export function createAttendanceRepository(db: Db) {
  return {
    async forSession(placeId: string, sessionId: string): Promise<(Attendance & { person: Person })[]> {
      const rows = await db
        .select({ a: attendances, person })
        .from(attendances)
        .innerJoin(users, and(eq(users.id, attendances.userId), eq(users.placeId, placeId)))
        .where(and(eq(attendances.placeId, placeId), eq(attendances.sessionId, sessionId)))
        .orderBy(asc(users.displayName), asc(attendances.id));
      return rows.map((r) => ({ ...r.a, person: r.person }));
    },

    /** The attendances at a session of some people (no names: for recording). */
    async forSessionPeople(placeId: string, sessionId: string, userIds: string[]): Promise<Attendance[]> {
      if (!userIds.length) return [];
      return db
        .select()
        .from(attendances)
        .where(
          and(
            eq(attendances.placeId, placeId),
            eq(attendances.sessionId, sessionId),
            inArray(attendances.userId, userIds),
          ),
        );
    },

    async countForSession(placeId: string, sessionId: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(attendances)
        .where(and(eq(attendances.placeId, placeId), eq(attendances.sessionId, sessionId)));
      return Number(row?.n ?? 0);
    },

    /** Whether anyone came to the session: a named attendance or a head-count above 0. */
    async hasRecorded(placeId: string, sessionId: string): Promise<boolean> {
      const [row] = await queryRows<{ recorded: boolean }>(
        db,
        sql`select exists (select 1 from attendances where place_id = ${placeId} and session_id = ${sessionId})
                or exists (select 1 from headcounts where place_id = ${placeId} and session_id = ${sessionId} and count > 0)
                as recorded`,
      );
      return Boolean(row?.recorded);
    },

    async headcount(placeId: string, sessionId: string): Promise<number> {
      const rows = await db
        .select({ count: headcounts.count })
        .from(headcounts)
        .where(and(eq(headcounts.placeId, placeId), eq(headcounts.sessionId, sessionId)));
      return rows[0]?.count ?? 0;
    },

    async insert(row: NewAttendance): Promise<void> {
      await db.insert(attendances).values(row);
    },

    async update(placeId: string, id: number, change: { role: AttendanceRole; minutes: number }): Promise<void> {
      await db
        .update(attendances)
        .set(change)
        .where(and(eq(attendances.placeId, placeId), eq(attendances.id, id)));
    },

    async remove(placeId: string, id: number): Promise<void> {
      await db.delete(attendances).where(and(eq(attendances.placeId, placeId), eq(attendances.id, id)));
    },

    async setHeadcount(placeId: string, sessionId: string, count: number, recordedBy: string | null): Promise<void> {
      if (count === 0) {
        await db.delete(headcounts).where(and(eq(headcounts.placeId, placeId), eq(headcounts.sessionId, sessionId)));
        return;
      }
      await db
        .insert(headcounts)
        .values({ placeId, sessionId, count, recordedBy })
        .onConflictDoUpdate({
          target: headcounts.sessionId,
          set: { count, recordedBy, recordedAt: sql`now()` },
          setWhere: eq(headcounts.placeId, placeId),
        });
    },

    /** A session's named attendances and head-count, for hours offered by sessions without a capacity. */
    async setSessionTotals(placeId: string, sessionId: string, named: number, headcount: number): Promise<void> {
      await db
        .insert(sessionTotals)
        .values({ placeId, sessionId, namedAttendances: named, headcount })
        .onConflictDoUpdate({
          target: sessionTotals.sessionId,
          set: { namedAttendances: named, headcount },
          setWhere: eq(sessionTotals.placeId, placeId),
        });
    },

    /** Adds to (or takes from) one day's totals, creating the row when it is the first. */
    async bumpDaily(placeId: string, areaKey: string, day: string, d: DailyDelta): Promise<void> {
      if (!d.namedAttendances && !d.headcountAttendances && !d.participationMinutes && !d.volunteerMinutes) return;
      await db
        .insert(participationDaily)
        .values({ placeId, areaKey, day, ...d })
        .onConflictDoUpdate({
          target: [participationDaily.placeId, participationDaily.areaKey, participationDaily.day],
          set: {
            namedAttendances: sql`${participationDaily.namedAttendances} + ${d.namedAttendances}`,
            headcountAttendances: sql`${participationDaily.headcountAttendances} + ${d.headcountAttendances}`,
            participationMinutes: sql`${participationDaily.participationMinutes} + ${d.participationMinutes}`,
            volunteerMinutes: sql`${participationDaily.volunteerMinutes} + ${d.volunteerMinutes}`,
          },
        });
    },

    /**
     * Adds to (or takes from) a person's attendances in a month, in the ward's row and in their
     * whole-place row; a row that reaches 0 goes.
     */
    async bumpParticipantMonth(
      placeId: string,
      userId: string,
      areaKey: string,
      month: string,
      delta: number,
      /** The day they came (an addition): its bit is set in the month's days. */
      day?: string,
    ): Promise<void> {
      if (delta === 0) return;
      const d = day ? Number(day.slice(8, 10)) : 0;
      const days = '0'
        .repeat(31)
        .split('')
        .map((z, i) => (i === d - 1 ? '1' : z))
        .join('');
      await db
        .insert(participantMonths)
        .values([
          { placeId, userId, areaKey, month, attendances: delta, days },
          { placeId, userId, areaKey: ALL_AREAS, month, attendances: delta, days },
        ])
        .onConflictDoUpdate({
          target: [
            participantMonths.placeId,
            participantMonths.areaKey,
            participantMonths.month,
            participantMonths.userId,
          ],
          set: {
            attendances: sql`${participantMonths.attendances} + ${delta}`,
            days: sql`${participantMonths.days} | excluded.days`,
          },
        });
      if (delta < 0) {
        await db
          .delete(participantMonths)
          .where(
            and(
              eq(participantMonths.placeId, placeId),
              eq(participantMonths.userId, userId),
              inArray(participantMonths.areaKey, [areaKey, ALL_AREAS]),
              eq(participantMonths.month, month),
              lte(participantMonths.attendances, 0),
            ),
          );
      }
    },

    async peopleByIds(placeId: string, ids: string[]): Promise<Person[]> {
      if (ids.length === 0) return [];
      return db
        .select(person)
        .from(users)
        .where(and(eq(users.placeId, placeId), inArray(users.id, ids)));
    },

    /** People of the place whose name (or, when allowed, email) contains `q`. */
    async searchPeople(placeId: string, q: string, byEmail: boolean, limit: number): Promise<Person[]> {
      const like = `%${escapeLike(q)}%`;
      return db
        .select(person)
        .from(users)
        .where(
          and(
            eq(users.placeId, placeId),
            byEmail ? or(ilike(users.displayName, like), ilike(users.email, like)) : ilike(users.displayName, like),
          ),
        )
        .orderBy(asc(users.displayName))
        .limit(limit);
    },

    /** People whose name is exactly one of `names`, ignoring case and surrounding spaces. */
    async peopleByNames(placeId: string, names: string[]): Promise<Person[]> {
      if (names.length === 0) return [];
      return db
        .select(person)
        .from(users)
        .where(
          and(
            eq(users.placeId, placeId),
            inArray(
              sql`lower(trim(${users.displayName}))`,
              names.map((n) => n.toLowerCase()),
            ),
          ),
        );
    },

    async peopleByEmails(placeId: string, emails: string[]): Promise<Person[]> {
      if (emails.length === 0) return [];
      return db
        .select(person)
        .from(users)
        .where(
          and(
            eq(users.placeId, placeId),
            inArray(
              users.email,
              emails.map((e) => e.toLowerCase()),
            ),
          ),
        );
    },

    /** A person's attendances (day, role, minutes), for the participation ladder. */
    async historyOf(placeId: string, userId: string) {
      return db
        .select({ day: attendances.day, role: attendances.role, minutes: attendances.minutes })
        .from(attendances)
        .where(and(eq(attendances.placeId, placeId), eq(attendances.userId, userId)))
        .orderBy(asc(attendances.day));
    },

    /** A person's project memberships with what the ladder needs to know of each project. */
    async membershipsOf(placeId: string, userId: string, now: Date) {
      return db
        .select({
          role: projectMembers.role,
          stage: projects.stage,
          published: sql<boolean>`${projects.status} = 'published'`,
          hasHeldSessions: sql<boolean>`exists (select 1 from ${sessions} where ${sessions.placeId} = ${placeId} and ${sessions.projectId} = ${projects.id} and ${sessions.cancelledAt} is null and ${sessions.startsAt} <= ${now.toISOString()}::timestamptz)`,
        })
        .from(projectMembers)
        .innerJoin(projects, and(eq(projects.id, projectMembers.projectId), eq(projects.placeId, placeId)))
        .where(and(eq(projectMembers.placeId, placeId), eq(projectMembers.userId, userId)));
    },
  };
}
export type AttendanceRepository = ReturnType<typeof createAttendanceRepository>;
