import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import type { ModuleManifest } from '../../platform/modules.js';
import { bookings, sessions } from './sessions.schema.js';

export type Session = typeof sessions.$inferSelect;
export type Booking = typeof bookings.$inferSelect;

/** Sessions: what other modules may ask of them. */
export function createSessionsService(db: Db) {
  return {
    async findInPlace(placeId: string, id: string): Promise<Session | undefined> {
      const rows = await db
        .select()
        .from(sessions)
        .where(and(eq(sessions.placeId, placeId), eq(sessions.id, id)))
        .limit(1);
      return rows[0];
    },
    /** Booked and waitlisted people of a session, in booking order. */
    async bookingsFor(placeId: string, sessionId: string): Promise<Booking[]> {
      return db
        .select()
        .from(bookings)
        .where(
          and(
            eq(bookings.placeId, placeId),
            eq(bookings.sessionId, sessionId),
            inArray(bookings.status, ['booked', 'waitlisted']),
          ),
        )
        .orderBy(asc(bookings.createdAt));
    },
  };
}
export type SessionsService = ReturnType<typeof createSessionsService>;

export const sessionsModule: ModuleManifest<{ sessions: SessionsService }> = {
  name: 'sessions',
  async register() {
    // Routes arrive with the sessions pages, feeds and API.
  },
};
