/**
 * London time, once. Instants are stored in UTC and shown in Europe/London, so a day typed by a
 * person ("from 2026-06-01") starts at London midnight, which is 23:00 UTC the day before in summer.
 *
 * Every formatter reads the parts of a 24-hour clock and writes the 12-hour form itself: Node's
 * `en-GB` with `hour12: true` writes 12:30 as "0:30 pm", which is how "0:30pm" reached the pages.
 */

// Built once: constructing an Intl.DateTimeFormat costs far more than formatting with it.
const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'long',
  hourCycle: 'h23',
});

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The London wall-clock reading of an instant, as numbers. */
export type LondonParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: string;
};

export function londonParts(at: Date): LondonParts {
  const out: Record<string, string> = {};
  for (const p of LONDON_PARTS.formatToParts(at)) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour) % 24,
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: out.weekday!,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** True when `ymd` is a real calendar date written YYYY-MM-DD (2026-02-31 is not). */
export function isCalendarDate(ymd: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(ymd)) return false;
  const d = new Date(`${ymd}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === ymd;
}

/** Minutes London is ahead of UTC at the instant `at` (0 in winter, 60 in summer). */
export function londonOffsetMinutes(at: Date): number {
  const p = londonParts(at);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

/** The instant a London calendar day begins. */
export function londonStartOfDay(ymd: string): Date {
  const utcMidnight = new Date(`${ymd}T00:00:00Z`);
  // The offset at London midnight equals the offset at UTC midnight of the same day, except on
  // the two changeover days, where the change happens at 01:00 UTC, after London's midnight.
  return new Date(utcMidnight.getTime() - londonOffsetMinutes(utcMidnight) * 60000);
}

/** The instant the London calendar day after `ymd` begins (an exclusive end for "to" filters). */
export function londonEndOfDay(ymd: string): Date {
  return londonStartOfDay(addDays(ymd, 1));
}

/** A calendar date `days` after (or before) `ymd`. */
export function addDays(ymd: string, days: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The London calendar day (YYYY-MM-DD) of an instant. */
export function londonDay(at: Date): string {
  const p = londonParts(at);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** Today's date in London (YYYY-MM-DD): between 00:00 and 01:00 BST the UTC date is still yesterday. */
export function londonToday(now: Date = new Date()): string {
  return londonDay(now);
}

/** The London calendar day (YYYY-MM-DD) and 24-hour clock time (HH:MM) of an instant. */
export function londonDayAndTime(at: Date): { day: string; time: string } {
  const p = londonParts(at);
  return { day: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** The instant of a London wall-clock date and time (HH:MM); a time skipped by the spring change moves an hour on. */
export function fromLondon(ymd: string, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const guess = new Date(`${ymd}T${pad(h)}:${pad(m)}:00Z`);
  const first = new Date(guess.getTime() - londonOffsetMinutes(guess) * 60000);
  // Near a change the offset at the guess can differ from the offset at the answer.
  return new Date(guess.getTime() - londonOffsetMinutes(first) * 60000);
}

function clock(p: LondonParts): string {
  const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  return `${h12}:${pad(p.minute)}${p.hour < 12 ? 'am' : 'pm'}`;
}

/** "12:30pm", "9:05am", "12:00am" (GOV.UK style: no space, lower case) in London. */
export function formatTime(at: Date): string {
  return clock(londonParts(at));
}

/** "2 July 2027" in London. */
export function formatDate(at: Date): string {
  const p = londonParts(at);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

/** "2 July 2027, 12:30pm" in London. */
export function formatDateTime(at: Date): string {
  const p = londonParts(at);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}, ${clock(p)}`;
}

/** "Friday 2 July 2027" in London. */
export function formatDayName(at: Date): string {
  const p = londonParts(at);
  return `${p.weekday} ${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

/** "Friday 2 July 2027, 12:30pm" in London. */
export function formatWhen(at: Date): string {
  const p = londonParts(at);
  return `${p.weekday} ${p.day} ${MONTHS[p.month - 1]} ${p.year}, ${clock(p)}`;
}

/** "July 2027" for a month written YYYY-MM or YYYY-MM-DD (a calendar month, no time zone). */
export function formatMonth(ym: string): string {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return `${MONTHS[m - 1]} ${y}`;
}

/** "2 July 2027" for a calendar date written YYYY-MM-DD (no time zone: it is already a London day). */
export function formatCalendarDate(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}
