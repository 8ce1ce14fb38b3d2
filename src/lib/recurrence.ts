/**
 * Recurring sessions: RFC 5545 rules expanded in Europe/London wall-clock time.
 *
 * A weekly 10:00 session stays at 10:00 across the clock changes, so occurrences are computed as
 * local dates and times ("floating" in RFC 5545 terms) and only then turned into UTC instants.
 * Pure: no I/O; `now` is passed in.
 */
import { createRequire } from 'node:module';
import type * as RRuleModule from 'rrule';
import { formatCalendarDate, fromLondon, isCalendarDate } from './london-time.js';

// rrule ships CommonJS for Node: load it with require so its named exports resolve.
const { RRule } = createRequire(import.meta.url)('rrule') as typeof RRuleModule;

/** At most this many occurrences are materialised… */
export const MAX_OCCURRENCES = 200;
/** …and none later than this many years after the first. */
export const HORIZON_YEARS = 2;

export type Repeat = 'none' | 'weekly' | 'fortnightly' | 'monthly';

export type RecurrenceErrorCode =
  | 'invalid-rule'
  | 'invalid-date'
  | 'invalid-time'
  | 'no-occurrences'
  | 'too-many'
  | 'in-past'
  | 'past-midnight'
  | 'unknown-exception';

export type RecurrenceError = { code: RecurrenceErrorCode; message: string };

export type Occurrence = {
  /** The London calendar day, YYYY-MM-DD. */
  localDate: string;
  startsAt: Date;
  endsAt: Date;
};

export type ExpandInput = {
  /** London calendar day of the first occurrence, YYYY-MM-DD. */
  startDate: string;
  /** London wall-clock start, HH:MM (24-hour). */
  startTime: string;
  durationMinutes: number;
  /** RFC 5545 RRULE value (without "RRULE:"), or null for a one-off session. */
  rrule: string | null;
  /** London calendar days to skip, YYYY-MM-DD. */
  exdates?: string[];
  now: Date;
};

export type ExpandResult = { ok: true; occurrences: Occurrence[] } | { ok: false; error: RecurrenceError };

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** True for a 24-hour HH:MM time. */
export function isClockTime(hhmm: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(hhmm);
}

/** Monday = 0 … Sunday = 6, of a calendar date. */
export function weekdayIndex(ymd: string): number {
  return (new Date(`${ymd}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** "Does not repeat", "weekly", "every 2 weeks", "monthly (same weekday position)" as an RRULE value. */
export function buildRule(repeat: Repeat, startDate: string, end: { until?: string; count?: number }): string | null {
  if (repeat === 'none') return null;
  const day = WEEKDAYS[weekdayIndex(startDate)]!;
  const parts: string[] = [];
  if (repeat === 'weekly') parts.push('FREQ=WEEKLY', `BYDAY=${day}`);
  else if (repeat === 'fortnightly') parts.push('FREQ=WEEKLY', 'INTERVAL=2', `BYDAY=${day}`);
  else {
    // The 1st to 4th such weekday of the month; a 5th becomes "the last", which every month has.
    const nth = Math.ceil(Number(startDate.slice(8, 10)) / 7);
    parts.push('FREQ=MONTHLY', `BYDAY=${nth === 5 ? -1 : nth}${day}`);
  }
  if (end.count !== undefined) parts.push(`COUNT=${end.count}`);
  else if (end.until) parts.push(`UNTIL=${end.until.replaceAll('-', '')}T235959`);
  return parts.join(';');
}

/** A plain-English description of a rule the form builds. */
export function describeRepeat(repeat: Repeat, startDate: string): string {
  const day = DAY_NAMES[weekdayIndex(startDate)]!;
  if (repeat === 'weekly') return `Every ${day}`;
  if (repeat === 'fortnightly') return `Every other ${day}`;
  if (repeat === 'monthly') {
    const nth = Math.ceil(Number(startDate.slice(8, 10)) / 7);
    return `The ${['first', 'second', 'third', 'fourth', 'last'][nth - 1]} ${day} of each month`;
  }
  return 'Does not repeat';
}

const RULE_PARTS: Record<string, RegExp> = {
  FREQ: /^(DAILY|WEEKLY|MONTHLY|YEARLY)$/,
  INTERVAL: /^([1-9]\d?)$/,
  COUNT: /^[1-9]\d{0,5}$/,
  UNTIL: /^\d{8}(T\d{6}Z?)?$/,
  BYDAY: /^([+-]?[1-5]?(MO|TU|WE|TH|FR|SA|SU))(,[+-]?[1-5]?(MO|TU|WE|TH|FR|SA|SU))*$/,
  BYMONTHDAY: /^(-?([1-9]|[12]\d|3[01]))(,-?([1-9]|[12]\d|3[01]))*$/,
  BYMONTH: /^([1-9]|1[0-2])(,([1-9]|1[0-2]))*$/,
  BYSETPOS: /^(-?[1-9]\d{0,2})(,-?[1-9]\d{0,2})*$/,
  WKST: /^(MO|TU|WE|TH|FR|SA|SU)$/,
};

/**
 * Checks an RRULE value strictly (rrule itself is lenient): known parts only, each once, well formed,
 * FREQ present, not both COUNT and UNTIL, and no times of day (a session's time is its start time).
 * Returns a message, or null when the rule is acceptable.
 */
export function ruleProblem(value: string): string | null {
  const text = value.trim().replace(/^RRULE:/i, '');
  if (!text || text.length > 500) return 'The repeat rule is empty or too long.';
  const seen = new Set<string>();
  for (const part of text.split(';')) {
    const m = /^([A-Z]+)=(.+)$/.exec(part);
    if (!m) return `The repeat rule has a part that is not NAME=VALUE: "${part.slice(0, 40)}".`;
    const [, name, val] = m;
    const pattern = RULE_PARTS[name!];
    if (!pattern) return `The repeat rule uses ${name!.slice(0, 20)}, which is not supported.`;
    if (seen.has(name!)) return `The repeat rule gives ${name} more than once.`;
    seen.add(name!);
    if (!pattern.test(val!)) return `The repeat rule's ${name} value "${val!.slice(0, 40)}" is not valid.`;
    if (name === 'UNTIL' && !isCalendarDate(`${val!.slice(0, 4)}-${val!.slice(4, 6)}-${val!.slice(6, 8)}`))
      return `The repeat rule's UNTIL date is not a real date.`;
  }
  if (!seen.has('FREQ')) return 'The repeat rule must say how often (FREQ).';
  if (seen.has('COUNT') && seen.has('UNTIL')) return 'The repeat rule cannot have both COUNT and UNTIL.';
  return null;
}

function addYears(ymd: string, years: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

function fail(code: RecurrenceErrorCode, message: string): ExpandResult {
  return { ok: false, error: { code, message } };
}

/**
 * Every occurrence of a schedule, as London days turned into UTC instants: at most
 * MAX_OCCURRENCES, none later than HORIZON_YEARS after the first; exception days removed.
 */
export function expandOccurrences(input: ExpandInput): ExpandResult {
  const { startDate, startTime, durationMinutes } = input;
  if (!isCalendarDate(startDate)) return fail('invalid-date', 'The date must be a real date.');
  if (!isClockTime(startTime)) return fail('invalid-time', 'The start time must be a time like 10:00 or 18:30.');
  const [h, m] = startTime.split(':').map(Number) as [number, number];
  if (h * 60 + m + durationMinutes > 24 * 60)
    return fail('past-midnight', 'The session must end by midnight: choose an earlier start or a shorter duration.');

  let days: string[];
  if (input.rrule === null) {
    days = [startDate];
  } else {
    const problem = ruleProblem(input.rrule);
    if (problem) return fail('invalid-rule', problem);
    const options = RRule.parseString(input.rrule.trim().replace(/^RRULE:/i, ''));
    if (options.count && options.count > MAX_OCCURRENCES)
      return fail(
        'too-many',
        `A series can have at most ${MAX_OCCURRENCES} sessions; this one asks for ${options.count}.`,
      );
    // Floating time: the rule runs over wall-clock readings stored as if they were UTC.
    const rule = new RRule({ ...options, dtstart: new Date(`${startDate}T${startTime}:00Z`), tzid: null });
    const horizon = new Date(`${addYears(startDate, HORIZON_YEARS)}T23:59:59Z`);
    const found: Date[] = [];
    // Set inside the iterator's callback, which the type checker does not follow.
    const limit = { reached: false };
    rule.all((d) => {
      if (d > horizon) return false;
      if (found.length === MAX_OCCURRENCES) {
        limit.reached = true;
        return false;
      }
      found.push(d);
      return true;
    });
    if (limit.reached)
      return fail(
        'too-many',
        `This repeat would make more than ${MAX_OCCURRENCES} sessions within ${HORIZON_YEARS} years. Set an end date or a number of times.`,
      );
    days = found.map((d) => d.toISOString().slice(0, 10));
  }

  const skip = new Set(input.exdates ?? []);
  for (const ex of skip) {
    if (!days.includes(ex))
      return fail('unknown-exception', `${formatCalendarDate(ex)} is not one of the dates this session repeats on.`);
  }
  const kept = days.filter((d) => !skip.has(d));
  if (kept.length === 0)
    return fail('no-occurrences', 'These choices give no sessions at all: check the end date and the dates to skip.');

  const occurrences = kept.map((localDate) => {
    const startsAt = fromLondon(localDate, startTime);
    return { localDate, startsAt, endsAt: new Date(startsAt.getTime() + durationMinutes * 60000) };
  });
  if (occurrences[0]!.startsAt.getTime() < input.now.getTime())
    return fail('in-past', 'The first session must start in the future.');
  return { ok: true, occurrences };
}
