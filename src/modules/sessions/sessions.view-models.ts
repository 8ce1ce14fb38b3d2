import type { IcsEvent } from '../../lib/ics.js';
import { formatDayName, formatTime, londonDayAndTime } from '../../lib/london-time.js';
import { categoryLabels, projectCategories } from '../projects/index.js';
import { sessionPaths } from './sessions.paths.js';
import type { SessionListing } from './sessions.repository.js';

/** "10:00am to 11:30am" in London. */
const timeRange = (s: Pick<SessionListing, 'startsAt' | 'endsAt'>) =>
  `${formatTime(s.startsAt)} to ${formatTime(s.endsAt)}`;

/** Groups sessions by their London day, in order. */
export function groupByDay(rows: SessionListing[]) {
  const groups: { day: string; sessions: (SessionListing & { time: string })[] }[] = [];
  for (const s of rows) {
    const day = formatDayName(s.startsAt);
    let g = groups.at(-1);
    if (!g || g.day !== day) groups.push((g = { day, sessions: [] }));
    g.sessions.push({ ...s, time: timeRange(s) });
  }
  return groups;
}

/** Sessions as calendar events: cancelled ones stay, marked, so calendars that had them update. */
export function toEvents(rows: SessionListing[], baseUrl: string, host: string): IcsEvent[] {
  return rows.map((s) => ({
    uid: `${s.id}@${host}`,
    start: s.startsAt,
    end: s.endsAt,
    stamp: s.cancelledAt ?? s.startsAt,
    summary: s.cancelledAt ? `Cancelled: ${s.title}` : s.title,
    description: [s.projectTitle, s.description, s.cancelReason ? `Cancelled: ${s.cancelReason}` : '']
      .filter(Boolean)
      .join('\n\n'),
    location: [s.spaceName, s.spaceAddress].filter(Boolean).join(', ') || undefined,
    url: `${baseUrl}${sessionPaths.session(s.id)}`,
    cancelled: Boolean(s.cancelledAt),
  }));
}

/** What a redirect back to the session page says happened (its query), as a banner's text. */
export type SessionFlash = {
  scheduled?: string | undefined;
  booked?: string | undefined;
  waitlisted?: string | undefined;
  changed?: string | undefined;
  unbooked?: string | undefined;
  cancelled?: string | undefined;
};

function flashBanners(flash: SessionFlash): string[] {
  const emailed = 'Everyone who had booked or was waiting has been emailed.';
  const banners: string[] = [];
  if (flash.scheduled)
    banners.push(
      flash.scheduled === '1' ? 'Session scheduled.' : `${flash.scheduled} sessions scheduled. This is the first.`,
    );
  if (flash.booked) banners.push('You have booked a place.');
  if (flash.waitlisted)
    banners.push('The session is full, so you are on the waiting list. We will email you if a place comes free.');
  if (flash.changed) banners.push(`Session changed. ${emailed}`);
  if (flash.unbooked) banners.push('Your booking is cancelled.');
  if (flash.cancelled)
    banners.push(
      `${flash.cancelled === '1' ? 'Session cancelled.' : `${flash.cancelled} sessions cancelled.`} ${emailed}`,
    );
  return banners;
}

/** The session page: its details, the viewer's booking and, for organisers, who booked. */
export function sessionPageView(input: {
  s: SessionListing;
  counts: { booked: number; waitlisted: number };
  mine: { status: string; position: number } | null;
  canOrganise: boolean;
  bookings: { displayName: string; status: string }[];
  flash: SessionFlash;
  signInHref: string;
  now: Date;
}) {
  const { s } = input;
  return {
    s,
    day: formatDayName(s.startsAt),
    time: timeRange(s),
    placesLeft: s.capacity === null ? null : Math.max(0, s.capacity - input.counts.booked),
    counts: input.counts,
    mine: input.mine,
    canOrganise: input.canOrganise,
    bookings: input.bookings,
    started: s.startsAt <= input.now,
    banners: flashBanners(input.flash),
    signInHref: input.signInHref,
  };
}

/** The change form's values for a session as it is now. */
export function changeFormValues(s: SessionListing): Record<string, unknown> {
  const when = londonDayAndTime(s.startsAt);
  const [year, month, day] = when.day.split('-');
  return {
    'date-day': String(Number(day)),
    'date-month': String(Number(month)),
    'date-year': year,
    startTime: when.time,
    durationMinutes: String(s.durationMinutes),
    capacity: s.capacity === null ? '' : String(s.capacity),
  };
}

const dayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** What's on: the filter form's choices and the sessions by day. */
export function whatsOnView(input: {
  rows: SessionListing[];
  pageSize: number;
  page: number;
  wards: { code: string; name: string }[];
  ward: { code: string; name: string } | undefined;
  day: string | undefined;
  date: string | undefined;
  invalidDate: boolean;
  category: string | undefined;
  pageHref: (page: number) => string;
}) {
  const { ward, category } = input;
  return {
    groups: groupByDay(input.rows.slice(0, input.pageSize)),
    ward,
    invalidDate: input.invalidDate,
    wardItems: [
      { value: '', text: 'All wards' },
      ...input.wards.map((w) => ({ value: w.code, text: w.name, selected: w.code === ward?.code })),
    ],
    dayItems: [
      { value: '', text: 'Any day' },
      ...dayNames.map((d, i) => ({ value: String(i + 1), text: d, selected: input.day === String(i + 1) })),
    ],
    categoryItems: [
      { value: '', text: 'Any kind' },
      ...projectCategories.map((c) => ({ value: c, text: categoryLabels[c], selected: c === category })),
    ],
    date: input.date ?? '',
    previous: input.page > 1 ? input.pageHref(input.page - 1) : null,
    next: input.rows.length > input.pageSize ? input.pageHref(input.page + 1) : null,
    page: input.page,
    wardCalendar: ward ? sessionPaths.wardCalendar(ward.code) : null,
  };
}
