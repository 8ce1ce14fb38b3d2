import { londonDayAndTime } from '../../lib/london-time.js';
import type { Place } from '../../core/places/index.js';
import type { FeedSeries, FeedSession } from '../sessions/index.js';

/**
 * Sessions as OpenActive opportunity data (Modelling Opportunity Data 2.0): a series is a
 * SessionSeries, each occurrence a ScheduledSession, published as RPDE 1.0 feed items. Pure: no I/O.
 */

export const OPENACTIVE_CONTEXT = 'https://openactive.io/';
/** The licence every RPDE page names: the data is open, with attribution. */
export const FEED_LICENSE = 'https://creativecommons.org/licenses/by/4.0/';

export type RpdeKind = 'SessionSeries' | 'ScheduledSession';

export type RpdeItem =
  | { state: 'updated'; kind: RpdeKind; id: string; modified: number; data: Record<string, unknown> }
  | { state: 'deleted'; kind: RpdeKind; id: string; modified: number };

/** The stable URI of a series: its project's page, with the series named (there is no page of its own). */
export const seriesUri = (baseUrl: string, projectUrl: string, seriesId: string) =>
  `${baseUrl}${projectUrl}#series-${seriesId}`;

const organizer = (place: Place, baseUrl: string) => ({
  '@type': 'Organization',
  name: place.name,
  url: `${baseUrl}/`,
});

const locationOf = (name: string | null, address: string | null) =>
  name ? { location: { '@type': 'Place', name, ...(address ? { address } : {}) } } : {};

const duration = (minutes: number) => `PT${minutes}M`;

const DAYS: Record<string, string> = {
  MO: 'https://schema.org/Monday',
  TU: 'https://schema.org/Tuesday',
  WE: 'https://schema.org/Wednesday',
  TH: 'https://schema.org/Thursday',
  FR: 'https://schema.org/Friday',
  SA: 'https://schema.org/Saturday',
  SU: 'https://schema.org/Sunday',
};

/**
 * A weekly or monthly rule as a schema.org Schedule (repeatFrequency, byDay, byMonthWeek), in
 * London wall-clock time; other rules are left to the ScheduledSession items, which list every
 * occurrence anyway.
 */
function scheduleOf(s: FeedSeries): { eventSchedule?: Record<string, unknown>[] } {
  if (!s.rrule) return {};
  const parts = new Map(
    s.rrule.split(';').flatMap((p) => {
      const [k, v] = p.split('=');
      return k && v ? [[k.toUpperCase(), v.toUpperCase()] as const] : [];
    }),
  );
  const freq = parts.get('FREQ');
  if (freq !== 'WEEKLY' && freq !== 'MONTHLY') return {};
  const interval = Number(parts.get('INTERVAL') ?? '1');
  const days = (parts.get('BYDAY') ?? '').split(',').filter(Boolean);
  const weekdays = days.flatMap((d) => {
    const day = DAYS[d.slice(-2)];
    return day ? [day] : [];
  });
  const weeks = days.flatMap((d) => (/^-?\d$/.test(d.slice(0, -2)) ? [Number(d.slice(0, -2))] : []));
  const start = londonDayAndTime(s.startsAt);
  const end = londonDayAndTime(new Date(s.startsAt.getTime() + s.durationMinutes * 60_000));
  return {
    eventSchedule: [
      {
        '@type': 'Schedule',
        repeatFrequency: `P${Number.isInteger(interval) && interval > 0 ? interval : 1}${freq === 'WEEKLY' ? 'W' : 'M'}`,
        ...(weekdays.length ? { byDay: weekdays } : {}),
        ...(freq === 'MONTHLY' && weeks.length ? { byMonthWeek: weeks } : {}),
        startDate: start.day,
        ...(parts.has('UNTIL')
          ? {
              endDate: `${parts.get('UNTIL')?.slice(0, 4)}-${parts.get('UNTIL')?.slice(4, 6)}-${parts.get('UNTIL')?.slice(6, 8)}`,
            }
          : {}),
        ...(parts.has('COUNT') ? { repeatCount: Number(parts.get('COUNT')) } : {}),
        startTime: start.time,
        endTime: end.time,
        duration: duration(s.durationMinutes),
        scheduleTimezone: 'Europe/London',
      },
    ],
  };
}

/**
 * A series as an RPDE item. Its project not (or no longer) published, it is "deleted": RPDE's way
 * to tell a harvester to drop it, and all a consumer ever learns of it is its id.
 */
export function seriesItem(s: FeedSeries, place: Place, baseUrl: string, urls: { project: string }): RpdeItem {
  const modified = s.updatedAt.getTime();
  if (s.projectStatus !== 'published') return { state: 'deleted', kind: 'SessionSeries', id: s.id, modified };
  return {
    state: 'updated',
    kind: 'SessionSeries',
    id: s.id,
    modified,
    data: {
      '@context': OPENACTIVE_CONTEXT,
      '@type': 'SessionSeries',
      '@id': seriesUri(baseUrl, urls.project, s.id),
      identifier: s.id,
      name: s.title,
      ...(s.description ? { description: s.description } : {}),
      url: `${baseUrl}${urls.project}`,
      organizer: organizer(place, baseUrl),
      ...locationOf(s.spaceName, s.spaceAddress),
      duration: duration(s.durationMinutes),
      ...(s.capacity !== null ? { maximumAttendeeCapacity: s.capacity } : {}),
      ...scheduleOf(s),
    },
  };
}

/**
 * A session as an RPDE item: cancelled ones stay "updated" with eventStatus EventCancelled (a
 * harvester shows them as cancelled); places left come from bookings, waiting list aside.
 */
export function sessionItem(s: FeedSession, baseUrl: string, urls: { session: string; project: string }): RpdeItem {
  const modified = s.updatedAt.getTime();
  if (s.projectStatus !== 'published') return { state: 'deleted', kind: 'ScheduledSession', id: s.id, modified };
  return {
    state: 'updated',
    kind: 'ScheduledSession',
    id: s.id,
    modified,
    data: {
      '@context': OPENACTIVE_CONTEXT,
      '@type': 'ScheduledSession',
      '@id': `${baseUrl}${urls.session}`,
      identifier: s.id,
      name: s.title,
      url: `${baseUrl}${urls.session}`,
      startDate: s.startsAt.toISOString(),
      endDate: s.endsAt.toISOString(),
      duration: duration(s.durationMinutes),
      superEvent: seriesUri(baseUrl, urls.project, s.seriesId),
      eventStatus: s.cancelledAt ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
      ...(s.capacity !== null
        ? { maximumAttendeeCapacity: s.capacity, remainingAttendeeCapacity: Math.max(0, s.capacity - s.booked) }
        : {}),
    },
  };
}
