/**
 * UK calendar dates. Dates are stored in UTC and shown in Europe/London, so a day typed by a
 * person ("from 2026-06-01") starts at London midnight, which is 23:00 UTC the day before in summer.
 */

/** True when `ymd` is a real calendar date written YYYY-MM-DD (2026-02-31 is not). */
export function isCalendarDate(ymd: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(ymd)) return false;
  const d = new Date(`${ymd}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === ymd;
}

/** Minutes London is ahead of UTC at the instant `at` (0 in winter, 60 in summer). */
function londonOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - at.getTime()) / 60000);
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
  const next = new Date(`${ymd}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return londonStartOfDay(next.toISOString().slice(0, 10));
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The London calendar day (YYYY-MM-DD) and 24-hour clock time (HH:MM) of an instant. */
export function londonDayAndTime(at: Date): { day: string; time: string } {
  const parts = londonParts.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { day: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}
