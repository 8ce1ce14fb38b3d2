import { and, asc, count, eq, gt, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import type { ProjectFact } from '../projects/index.js';
import { bookings, calendarFeeds, sessionSeries, sessions } from './sessions.schema.js';

export type Session = typeof sessions.$inferSelect;
export type Series = typeof sessionSeries.$inferSelect;
export type Booking = typeof bookings.$inferSelect;
export type BookingStatus = Booking['status'];

/** A session with its series' title and description. */
export type SessionRow = Session & { title: string; description: string };

/** A session with what listings and feeds show beside it (its project, space and ward). */
export type SessionListing = SessionRow & {
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
  category?: ProjectFact['category'] | undefined;
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

/** A point in a feed: the change time and id of the last item a harvester saw. */
export type FeedPoint = { at: Date; id: string };

/** The repository's part of a listing filter: project facts are turned into project ids by the service. */
export type SessionFilter = Omit<ListingFilter, 'category' | 'publishedOnly'> & {
  /** Only sessions of these projects. */
  projectIds?: string[] | undefined;
};

/**
 * The change markers below which every change is committed: the start of the oldest transaction
 * still open in another connection (a change's marker is never earlier than its transaction's
 * start), or no limit when there is none. A feed that read past a marker an open transaction may
 * still commit below would miss that change for good; so a page stops here, and the next poll
 * picks the change up once it is committed.
 */
const SETTLED = sql`coalesce((select min(xact_start) from pg_stat_activity
  where datname = current_database() and backend_type = 'client backend'
    and pid <> pg_backend_pid() and xact_start is not null), 'infinity'::timestamptz)`;

export function createSessionsRepository(db: Db) {
  /** One session of the place, by id (at most one row). */
  const oneSession = (placeId: string, id: string) =>
    db
      .select()
      .from(sessions)
      .where(and(eq(sessions.placeId, placeId), eq(sessions.id, id)))
      .limit(1);

  /** Booked and waitlisted bookings of the place, of the sessions `which` picks. */
  const activeBookingsWhere = (placeId: string, which: SQL) =>
    and(eq(bookings.placeId, placeId), which, inArray(bookings.status, ['booked', 'waitlisted']));

  return {
    async insertSeries(values: typeof sessionSeries.$inferInsert): Promise<Series> {
      const [row] = await db.insert(sessionSeries).values(values).returning();
      return row!;
    },
    async insertSessions(values: (typeof sessions.$inferInsert)[]): Promise<Session[]> {
      return db.insert(sessions).values(values).returning();
    },
    async findSession(placeId: string, id: string): Promise<Session | undefined> {
      const [row] = await oneSession(placeId, id);
      return row;
    },
    /** The session row, locked until the transaction ends: bookings of one session queue here. */
    async lockSession(placeId: string, id: string): Promise<Session | undefined> {
      const [row] = await oneSession(placeId, id).for('update');
      return row;
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
        .where(activeBookingsWhere(placeId, eq(bookings.sessionId, sessionId)))
        .orderBy(asc(bookings.createdAt), asc(bookings.id));
    },
    /** Booked and waitlisted bookings of some sessions: waiting list last, each in booking order. */
    async activeBookingsOf(placeId: string, sessionIds: string[]): Promise<Booking[]> {
      if (sessionIds.length === 0) return [];
      return db
        .select()
        .from(bookings)
        .where(activeBookingsWhere(placeId, inArray(bookings.sessionId, sessionIds)))
        .orderBy(asc(bookings.status), asc(bookings.createdAt), asc(bookings.id));
    },

    /** Sessions with their series' title and description, in (start, id) order. */
    async list(
      placeId: string,
      filter: SessionFilter,
      page: { limit: number; offset?: number },
    ): Promise<SessionRow[]> {
      if (filter.projectIds?.length === 0) return [];
      const where: SQL[] = [eq(sessions.placeId, placeId)];
      if (filter.id) where.push(eq(sessions.id, filter.id));
      if (filter.from) where.push(gte(sessions.startsAt, filter.from));
      if (filter.to) where.push(lt(sessions.startsAt, filter.to));
      if (filter.areaId) where.push(eq(sessions.areaId, filter.areaId));
      if (filter.projectId) where.push(eq(sessions.projectId, filter.projectId));
      // Hundreds of ids at most (a place's projects), as one array parameter.
      if (filter.projectIds)
        where.push(sql`${sessions.projectId} = any(${`{${filter.projectIds.join(',')}}`}::uuid[])`);
      if (filter.isoWeekday)
        where.push(sql`extract(isodow from ${sessions.startsAt} at time zone 'Europe/London') = ${filter.isoWeekday}`);
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
        .select({ session: sessions, title: sessionSeries.title, description: sessionSeries.description })
        .from(sessions)
        .innerJoin(sessionSeries, and(eq(sessionSeries.id, sessions.seriesId), eq(sessionSeries.placeId, placeId)))
        .where(and(...where))
        .orderBy(asc(sessions.startsAt), asc(sessions.id))
        .limit(page.limit)
        .offset(page.offset ?? 0);
      return rows.map(({ session, ...rest }) => ({ ...session, ...rest }));
    },

    // The open data feeds' reads: what changed after a point, in (updatedAt, id) order.

    /** Sessions (cancelled ones too) with their series' title, changed after `after`, oldest change first. */
    async changedSessions(placeId: string, after: FeedPoint | null, limit: number): Promise<SessionRow[]> {
      const rows = await db
        .select({ session: sessions, title: sessionSeries.title, description: sessionSeries.description })
        .from(sessions)
        .innerJoin(sessionSeries, and(eq(sessionSeries.id, sessions.seriesId), eq(sessionSeries.placeId, placeId)))
        .where(
          and(
            eq(sessions.placeId, placeId),
            after
              ? sql`(${sessions.updatedAt}, ${sessions.id}) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
              : undefined,
            sql`${sessions.updatedAt} < ${SETTLED}`,
          ),
        )
        .orderBy(asc(sessions.updatedAt), asc(sessions.id))
        .limit(limit);
      return rows.map(({ session, ...rest }) => ({ ...session, ...rest }));
    },
    /** Series changed after `after`, oldest change first. */
    async changedSeries(placeId: string, after: FeedPoint | null, limit: number): Promise<Series[]> {
      return db
        .select()
        .from(sessionSeries)
        .where(
          and(
            eq(sessionSeries.placeId, placeId),
            after
              ? sql`(${sessionSeries.updatedAt}, ${sessionSeries.id}) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
              : undefined,
            sql`${sessionSeries.updatedAt} < ${SETTLED}`,
          ),
        )
        .orderBy(asc(sessionSeries.updatedAt), asc(sessionSeries.id))
        .limit(limit);
    },
    /** The series of some projects, first start first. */
    async seriesOfProjects(placeId: string, projectIds: string[]): Promise<Series[]> {
      if (projectIds.length === 0) return [];
      return db
        .select()
        .from(sessionSeries)
        .where(and(eq(sessionSeries.placeId, placeId), inArray(sessionSeries.projectId, projectIds)))
        .orderBy(asc(sessionSeries.startsAt), asc(sessionSeries.id));
    },
    /** The last occurrence of each series (cancelled ones too), for when a schedule ends. */
    async lastStarts(placeId: string, seriesIds: string[]): Promise<Map<string, Date>> {
      if (seriesIds.length === 0) return new Map();
      const rows = await db
        .select({ seriesId: sessions.seriesId, last: sql<string>`max(${sessions.startsAt})` })
        .from(sessions)
        .where(and(eq(sessions.placeId, placeId), inArray(sessions.seriesId, seriesIds)))
        .groupBy(sessions.seriesId);
      return new Map(rows.map((r) => [r.seriesId, new Date(r.last)]));
    },
    /** How many places are booked (not waitlisted) in each of some sessions. */
    async bookedCounts(placeId: string, sessionIds: string[]): Promise<Map<string, number>> {
      if (sessionIds.length === 0) return new Map();
      const rows = await db
        .select({ sessionId: bookings.sessionId, n: count() })
        .from(bookings)
        .where(
          and(eq(bookings.placeId, placeId), inArray(bookings.sessionId, sessionIds), eq(bookings.status, 'booked')),
        )
        .groupBy(bookings.sessionId);
      return new Map(rows.map((r) => [r.sessionId, r.n]));
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
