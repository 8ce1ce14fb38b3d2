import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db.js';
import { attendances, headcounts } from './attendance.schema.js';

export type Attendance = typeof attendances.$inferSelect;
export type NewAttendance = typeof attendances.$inferInsert;
export type AttendanceRole = Attendance['role'];

/** Every attendance query of the module, each scoped by place. */
export function createAttendanceRepository(db: Db) {
  return {
    /** Everyone recorded at a session, in the order they were recorded. */
    async forSession(placeId: string, sessionId: string): Promise<Attendance[]> {
      return db
        .select()
        .from(attendances)
        .where(and(eq(attendances.placeId, placeId), eq(attendances.sessionId, sessionId)))
        .orderBy(asc(attendances.id));
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
      return row?.n ?? 0;
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
  };
}
export type AttendanceRepository = ReturnType<typeof createAttendanceRepository>;
