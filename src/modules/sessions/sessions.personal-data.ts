import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';

/** A person's bookings and whether they have a private calendar link, for their copy of their data. */
export async function sessionsPersonalData(db: Db, placeId: string, userId: string) {
  const rows = (q: ReturnType<typeof sql>) => queryRows(db, q);
  const bookings = await rows(
    sql`select ss.title as session, s.starts_at as "startsAt", b.status::text as status, b.created_at as "bookedAt"
        from bookings b
        join sessions s on s.id = b.session_id and s.place_id = b.place_id
        join session_series ss on ss.id = s.series_id
        where b.place_id = ${placeId} and b.user_id = ${userId}
        order by s.starts_at`,
  );
  const feeds = await rows(
    sql`select created_at as "createdAt" from calendar_feeds where place_id = ${placeId} and user_id = ${userId}`,
  );
  const iso = (v: unknown) => new Date(String(v)).toISOString();
  return {
    bookings: bookings.map((b) => ({ ...b, startsAt: iso(b.startsAt), bookedAt: iso(b.bookedAt) })),
    // Only a hash of the link's secret is kept, so the link itself cannot be given back.
    calendarLink: feeds[0] ? { createdAt: iso(feeds[0].createdAt) } : null,
  };
}
