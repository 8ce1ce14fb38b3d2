import { and, asc, count, eq, gt, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { users } from '../../core/accounts/accounts.schema.js';
import { areas } from '../../core/areas/areas.schema.js';
import { projects } from '../projects/projects.schema.js';
import { spaces } from '../spaces/spaces.schema.js';
import { bookings, calendarFeeds, sessionSeries, sessions } from './sessions.schema.js';

export type Session = typeof sessions.$inferSelect;
export type Series = typeof sessionSeries.$inferSelect;
export type Booking = typeof bookings.$inferSelect;
export type BookingStatus = Booking['status'];

/** A session with what listings and feeds show beside it. */
export type SessionListing = Session & {
  title: string;
  description: string;
  projectTitle: string;
  projectCategory: string;
  projectStatus: string;
  spaceName: string | null;
  spaceAddress: string | null;
  areaCode: string | null;
  areaName: string | null;
};

export type ListingFilter = {
  id?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  areaId?: string | undefined;
  projectId?: string | undefined;
  category?: (typeof projects.$inferSelect)['category'] | undefined;
  /** ISO day of week in London, Monday = 1. */
  isoWeekday?: number | undefined;
  /** Only projects whose status is published. */
  publishedOnly?: boolean;
  includeCancelled?: boolean;
  /** Only sessions booked (not waitlisted) by this person. */
  bookedBy?: string | undefined;
  /** Keyset: sessions after this one in (startsAt, id) order. */
  after?: { startsAt: Date; id: string } | undefined;
};

const listingColumns = {
  session: sessions,
  title: sessionSeries.title,
  description: sessionSeries.description,
  projectTitle: projects.title,
  projectCategory: projects.category,
  projectStatus: projects.status,
  spaceName: spaces.name,
  spaceAddress: spaces.address,
  areaCode: areas.code,
  areaName: areas.name,
};

export function createSessionsRepository(db: Db) {
  return {
    async insertSeries(values: typeof sessionSeries.$inferInsert): Promise<Series> {
      const [row] = await db.insert(sessionSeries).values(values).returning();
      return row!;
    },
    async insertSessions(values: (typeof sessions.$inferInsert)[]): Promise<Session[]> {
      return db.insert(sessions).values(values).returning();
    },
    async findSession(placeId: string, id: string): Promise<Session | undefined> {
      const rows = await db
        .select()
        .from(sessions)
        .where(and(eq(sessions.placeId, placeId), eq(sessions.id, id)))
        .limit(1);
      return rows[0];
    },
    /** The session row, locked until the transaction ends: bookings of one session queue here. */
    async lockSession(placeId: string, id: string): Promise<Session | undefined> {
      const rows = await db
        .select()
        .from(sessions)
        .where(and(eq(sessions.placeId, placeId), eq(sessions.id, id)))
        .limit(1)
        .for('update');
      return rows[0];
    },
    async findSeries(placeId: string, id: string): Promise<Series | undefined> {
      const rows = await db
        .select()
        .from(sessionSeries)
        .where(and(eq(sessionSeries.placeId, placeId), eq(sessionSeries.id, id)))
        .limit(1);
      return rows[0];
    },
    /** Serialises scheduling in one space until the transaction ends, so two overlapping schedules cannot both pass the check. */
    async lockSpaceSchedule(spaceId: string): Promise<void> {
      await db.execute(sql`select pg_advisory_xact_lock(hashtext(${'sessions:space:' + spaceId}))`);
    },
    /** Live sessions in a space that overlap [from, to). */
    async inSpaceBetween(placeId: string, spaceId: string, from: Date, to: Date): Promise<Session[]> {
      return db
        .select()
        .from(sessions)
        .where(
          and(
            eq(sessions.placeId, placeId),
            eq(sessions.spaceId, spaceId),
            isNull(sessions.cancelledAt),
            lt(sessions.startsAt, to),
            gt(sessions.endsAt, from),
          ),
        )
        .orderBy(asc(sessions.startsAt));
    },
    async updateSession(
      placeId: string,
      id: string,
      values: Pick<Session, 'startsAt' | 'endsAt' | 'durationMinutes' | 'capacity'>,
    ): Promise<Session> {
      const [row] = await db
        .update(sessions)
        .set(values)
        .where(and(eq(sessions.placeId, placeId), eq(sessions.id, id)))
        .returning();
      return row!;
    },
    /** Whether anyone's attendance (named or a head-count) is recorded for the session. */
    async hasAttendance(placeId: string, id: string): Promise<boolean> {
      // Read-only look at the participation module's tables: a recorded session keeps its day and length.
      const result = (await db.execute(
        sql`select exists (select 1 from attendances where place_id = ${placeId} and session_id = ${id})
                or exists (select 1 from headcounts where place_id = ${placeId} and session_id = ${id} and count > 0) as recorded`,
      )) as unknown as { rows: { recorded: boolean }[] };
      return Boolean(result.rows[0]?.recorded);
    },
    async cancelSessions(placeId: string, ids: string[], reason: string, at: Date): Promise<Session[]> {
      if (ids.length === 0) return [];
      return db
        .update(sessions)
        .set({ cancelledAt: at, cancelReason: reason })
        .where(and(eq(sessions.placeId, placeId), inArray(sessions.id, ids), isNull(sessions.cancelledAt)))
        .returning();
    },
    /** Live sessions of a series from a start onwards (for "cancel the rest of the series"). */
    async liveInSeriesFrom(placeId: string, seriesId: string, from: Date): Promise<Session[]> {
      return db
        .select()
        .from(sessions)
        .where(
          and(
            eq(sessions.placeId, placeId),
            eq(sessions.seriesId, seriesId),
            gte(sessions.startsAt, from),
            isNull(sessions.cancelledAt),
          ),
        )
        .orderBy(asc(sessions.startsAt));
    },

    // Bookings

    async findBooking(placeId: string, sessionId: string, userId: string): Promise<Booking | undefined> {
      const rows = await db
        .select()
        .from(bookings)
        .where(and(eq(bookings.placeId, placeId), eq(bookings.sessionId, sessionId), eq(bookings.userId, userId)))
        .limit(1);
      return rows[0];
    },
    async countByStatus(placeId: string, sessionId: string): Promise<{ booked: number; waitlisted: number }> {
      const rows = await db
        .select({ status: bookings.status, n: count() })
        .from(bookings)
        .where(and(eq(bookings.placeId, placeId), eq(bookings.sessionId, sessionId)))
        .groupBy(bookings.status);
      const get = (s: BookingStatus) => rows.find((r) => r.status === s)?.n ?? 0;
      return { booked: get('booked'), waitlisted: get('waitlisted') };
    },
    /** 1 for the first in the queue. */
    async waitlistPosition(placeId: string, booking: Booking): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(bookings)
        .where(
          and(
            eq(bookings.placeId, placeId),
            eq(bookings.sessionId, booking.sessionId),
            eq(bookings.status, 'waitlisted'),
            or(
              lt(bookings.createdAt, booking.createdAt),
              and(eq(bookings.createdAt, booking.createdAt), sql`${bookings.id} <= ${booking.id}`),
            ),
          ),
        );
      return row!.n;
    },
    async insertBooking(values: typeof bookings.$inferInsert): Promise<Booking> {
      const [row] = await db.insert(bookings).values(values).returning();
      return row!;
    },
    async setBooking(placeId: string, id: string, values: Partial<Pick<Booking, 'status' | 'createdAt'>>) {
      const [row] = await db
        .update(bookings)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(bookings.placeId, placeId), eq(bookings.id, id)))
        .returning();
      return row!;
    },
    async firstWaitlisted(placeId: string, sessionId: string): Promise<Booking | undefined> {
      const rows = await db
        .select()
        .from(bookings)
        .where(and(eq(bookings.placeId, placeId), eq(bookings.sessionId, sessionId), eq(bookings.status, 'waitlisted')))
        .orderBy(asc(bookings.createdAt), asc(bookings.id))
        .limit(1);
      return rows[0];
    },
    async activeBookings(placeId: string, sessionId: string): Promise<Booking[]> {
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
        .orderBy(asc(bookings.createdAt), asc(bookings.id));
    },
    /** Booked and waitlisted people with their names and addresses (joins the accounts table to read them). */
    async bookingsWithPeople(placeId: string, sessionIds: string[]) {
      if (sessionIds.length === 0) return [];
      return db
        .select({
          bookingId: bookings.id,
          sessionId: bookings.sessionId,
          userId: bookings.userId,
          status: bookings.status,
          displayName: users.displayName,
          email: users.email,
        })
        .from(bookings)
        .innerJoin(users, and(eq(users.id, bookings.userId), eq(users.placeId, bookings.placeId)))
        .where(
          and(
            eq(bookings.placeId, placeId),
            inArray(bookings.sessionId, sessionIds),
            inArray(bookings.status, ['booked', 'waitlisted']),
          ),
        )
        .orderBy(asc(bookings.status), asc(bookings.createdAt), asc(bookings.id));
    },
    /** A person's name, address and home ward (reads the accounts table). */
    async person(placeId: string, userId: string) {
      const rows = await db
        .select({ displayName: users.displayName, email: users.email, homeAreaId: users.homeAreaId })
        .from(users)
        .where(and(eq(users.placeId, placeId), eq(users.id, userId)))
        .limit(1);
      return rows[0];
    },

    /**
     * Sessions with their series title, project title and category, space and ward: reads the
     * projects, spaces and areas tables for these listing joins only, never to change them.
     */
    async listWithProjectDetails(
      placeId: string,
      filter: ListingFilter,
      page: { limit: number; offset?: number },
    ): Promise<SessionListing[]> {
      const where: SQL[] = [eq(sessions.placeId, placeId)];
      if (filter.id) where.push(eq(sessions.id, filter.id));
      if (filter.from) where.push(gte(sessions.startsAt, filter.from));
      if (filter.to) where.push(lt(sessions.startsAt, filter.to));
      if (filter.areaId) where.push(eq(sessions.areaId, filter.areaId));
      if (filter.projectId) where.push(eq(sessions.projectId, filter.projectId));
      if (filter.category) where.push(eq(projects.category, filter.category));
      if (filter.isoWeekday)
        where.push(sql`extract(isodow from ${sessions.startsAt} at time zone 'Europe/London') = ${filter.isoWeekday}`);
      if (filter.publishedOnly) where.push(eq(projects.status, 'published'));
      if (!filter.includeCancelled) where.push(isNull(sessions.cancelledAt));
      if (filter.after) {
        where.push(
          or(
            gt(sessions.startsAt, filter.after.startsAt),
            and(eq(sessions.startsAt, filter.after.startsAt), gt(sessions.id, filter.after.id)),
          )!,
        );
      }
      if (filter.bookedBy) {
        where.push(
          sql`exists (select 1 from ${bookings} where ${bookings.sessionId} = ${sessions.id} and ${bookings.placeId} = ${placeId} and ${bookings.userId} = ${filter.bookedBy} and ${bookings.status} = 'booked')`,
        );
      }
      const rows = await db
        .select(listingColumns)
        .from(sessions)
        .innerJoin(sessionSeries, eq(sessionSeries.id, sessions.seriesId))
        .innerJoin(projects, and(eq(projects.id, sessions.projectId), eq(projects.placeId, sessions.placeId)))
        .leftJoin(spaces, and(eq(spaces.id, sessions.spaceId), eq(spaces.placeId, sessions.placeId)))
        .leftJoin(areas, and(eq(areas.id, sessions.areaId), eq(areas.placeId, sessions.placeId)))
        .where(and(...where))
        .orderBy(asc(sessions.startsAt), asc(sessions.id))
        .limit(page.limit)
        .offset(page.offset ?? 0);
      return rows.map(({ session, ...rest }) => ({ ...session, ...rest }));
    },

    /** The place's spaces for the scheduling form's select (reads the spaces table, never changes it). */
    async spaceChoices(placeId: string): Promise<{ id: string; name: string }[]> {
      return db
        .select({ id: spaces.id, name: spaces.name })
        .from(spaces)
        .where(eq(spaces.placeId, placeId))
        .orderBy(asc(spaces.name));
    },

    // Personal calendar links

    async feedOf(placeId: string, userId: string) {
      const rows = await db
        .select()
        .from(calendarFeeds)
        .where(and(eq(calendarFeeds.placeId, placeId), eq(calendarFeeds.userId, userId)))
        .limit(1);
      return rows[0];
    },
    async feedByHash(placeId: string, tokenHash: string) {
      const rows = await db
        .select()
        .from(calendarFeeds)
        .where(and(eq(calendarFeeds.placeId, placeId), eq(calendarFeeds.tokenHash, tokenHash)))
        .limit(1);
      return rows[0];
    },
    async saveFeed(placeId: string, userId: string, tokenHash: string) {
      await db
        .insert(calendarFeeds)
        .values({ placeId, userId, tokenHash })
        .onConflictDoUpdate({
          target: [calendarFeeds.placeId, calendarFeeds.userId],
          set: { tokenHash, createdAt: new Date() },
        });
    },
  };
}
export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
