import { z } from 'zod';
import { buildRule, isClockTime } from '../../lib/recurrence.js';
import { isCalendarDate, londonDayAndTime } from '../../lib/london-time.js';
import { idField, optionalIdField } from '../../platform/fields.js';

/** What the service needs to schedule a session or a series, from the form or the API. */
export type ScheduleInput = {
  projectId: string;
  spaceId: string | null;
  title: string;
  description: string;
  /** London day of the first session, YYYY-MM-DD, and its London start time, HH:MM. */
  startDate: string;
  startTime: string;
  durationMinutes: number;
  rrule: string | null;
  /** London days to skip, YYYY-MM-DD. */
  exdates: string[];
  capacity: number | null;
  dropIn: boolean;
};

const title = z
  .string({ error: 'Enter a title' })
  .trim()
  .min(1, 'Enter a title')
  .max(120, 'The title must be 120 characters or fewer');
const description = z.string().trim().max(2000, 'The description must be 2,000 characters or fewer');
const optionalText = (max = 10) => z.string().trim().max(max).optional().default('');

function wholeNumber(value: string): number | null {
  return /^\d{1,6}$/.test(value) ? Number(value) : null;
}

/** Day, month and year boxes as YYYY-MM-DD; null with a message when they are not a real date. */
function readDate(day: string, month: string, year: string, what: string): { ymd?: string; message?: string } {
  if (!day && !month && !year) return { message: `Enter ${what}` };
  const missing = [!day && 'a day', !month && 'a month', !year && 'a year'].filter(Boolean);
  // "the date of the session" → "The date of the session" (the shared capitalise drops "the").
  const subject = what.charAt(0).toUpperCase() + what.slice(1);
  if (missing.length) return { message: `${subject} must include ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return { message: `${subject} must be a real date, like 27 3 2026` };
  const ymd = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isCalendarDate(ymd)) return { message: `${subject} must be a real date` };
  return { ymd };
}

/** One date a line, DD/MM/YYYY or YYYY-MM-DD; the first bad line is named. */
export function parseDateLines(text: string): { dates: string[] } | { message: string } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > 100) return { message: 'List at most 100 dates to skip' };
  const dates: string[] = [];
  for (const [i, line] of lines.entries()) {
    let ymd: string | null = null;
    const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(line);
    if (uk) ymd = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
    else if (/^\d{4}-\d{2}-\d{2}$/.test(line)) ymd = line;
    if (!ymd || !isCalendarDate(ymd))
      return {
        message: `Line ${i + 1} of the dates to skip ("${line.slice(0, 20)}") is not a real date like 25/12/2026`,
      };
    if (!dates.includes(ymd)) dates.push(ymd);
  }
  return { dates };
}

/** The day, start time, length and places of a session form, with a message for each problem. */
function readWhen(
  v: {
    'date-day': string;
    'date-month': string;
    'date-year': string;
    startTime: string;
    durationMinutes: string;
    capacity: string;
  },
  issue: (path: string, message: string) => void,
) {
  const date = readDate(v['date-day'], v['date-month'], v['date-year'], 'the date of the session');
  if (date.message) issue('date', date.message);
  if (!v.startTime) issue('startTime', 'Enter a start time');
  else if (!isClockTime(v.startTime.padStart(5, '0')))
    issue('startTime', 'The start time must be a 24-hour time like 10:00 or 18:30');
  const duration = wholeNumber(v.durationMinutes);
  if (!v.durationMinutes) issue('durationMinutes', 'Enter how long the session lasts, in minutes');
  else if (duration === null || duration < 15 || duration > 720)
    issue('durationMinutes', 'The duration must be a whole number of minutes from 15 to 720');
  let capacity: number | null = null;
  if (v.capacity) {
    capacity = wholeNumber(v.capacity);
    if (capacity === null || capacity < 1 || capacity > 1000)
      issue('capacity', 'The number of places must be a whole number from 1 to 1,000');
  }
  return { date, duration, capacity };
}

/** The scheduling form: every field a string, checked together, turned into a ScheduleInput (less the project). */
export const scheduleFormSchema = z
  .strictObject({
    title,
    description: description.optional().default(''),
    spaceId: optionalIdField('Choose a space from the list'),
    'date-day': optionalText(),
    'date-month': optionalText(),
    'date-year': optionalText(),
    startTime: optionalText(),
    durationMinutes: optionalText(),
    repeat: z.enum(['none', 'weekly', 'fortnightly', 'monthly'], { error: 'Choose how often it repeats' }),
    ends: z.enum(['until', 'count']).optional(),
    'until-day': optionalText(),
    'until-month': optionalText(),
    'until-year': optionalText(),
    count: optionalText(),
    exceptions: z.string().max(3000, 'The dates to skip must be 3,000 characters or fewer').optional().default(''),
    capacity: optionalText(),
    dropIn: z.enum(['yes', 'no'], { error: 'Say whether people can just drop in' }),
  })
  .transform((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const { date, duration, capacity } = readWhen(v, issue);
    let until: string | undefined;
    let count: number | undefined;
    if (v.repeat !== 'none') {
      if (!v.ends) issue('ends', 'Choose when the repeats end');
      else if (v.ends === 'until') {
        const u = readDate(v['until-day'], v['until-month'], v['until-year'], 'the last date');
        if (u.message) issue('until', u.message);
        until = u.ymd;
      } else {
        const n = wholeNumber(v.count);
        if (!v.count) issue('count', 'Enter how many times it happens');
        else if (n === null || n < 1) issue('count', 'The number of times must be a whole number, 1 or more');
        else if (n > 200) issue('count', 'A series can have at most 200 sessions');
        else count = n;
      }
    }
    const skip = parseDateLines(v.exceptions);
    if ('message' in skip) issue('exceptions', skip.message);
    if (ctx.issues.length) return z.NEVER;
    const startDate = date.ymd!;
    return {
      title: v.title,
      description: v.description,
      spaceId: v.spaceId,
      startDate,
      startTime: v.startTime.padStart(5, '0'),
      durationMinutes: duration!,
      rrule: buildRule(v.repeat, startDate, { until, count }),
      exdates: 'dates' in skip ? skip.dates : [],
      capacity,
      dropIn: v.dropIn === 'yes',
    } satisfies Omit<ScheduleInput, 'projectId'>;
  });

/** Changing one session: its day, time, length and number of places, and a note for the people booked. */
export const changeSessionSchema = z
  .strictObject({
    'date-day': optionalText(),
    'date-month': optionalText(),
    'date-year': optionalText(),
    startTime: optionalText(),
    durationMinutes: optionalText(),
    capacity: optionalText(),
    note: z.string().trim().max(500, 'The note must be 500 characters or fewer').optional().default(''),
  })
  .transform((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const { date, duration, capacity } = readWhen(v, issue);
    if (ctx.issues.length) return z.NEVER;
    return {
      startDate: date.ymd!,
      startTime: v.startTime.padStart(5, '0'),
      durationMinutes: duration!,
      capacity,
      note: v.note,
    };
  });
export type ChangeSessionInput = z.output<typeof changeSessionSchema>;

export const cancelSessionSchema = z.strictObject({
  reason: z
    .string({ error: 'Say why the session is cancelled' })
    .trim()
    .min(1, 'Say why the session is cancelled')
    .max(500, 'The reason must be 500 characters or fewer'),
  scope: z.enum(['one', 'rest'], { error: 'Choose whether to cancel this session or the rest of the series' }),
});

/** Forms with only a button post nothing but the CSRF token. */
export const emptyFormSchema = z.strictObject({});

const ymdField = z.string().refine(isCalendarDate, 'Must be a real date written YYYY-MM-DD');

/** The API body for scheduling; unknown fields are refused. */
export const createSessionBodySchema = z
  .strictObject({
    projectId: idField(),
    spaceId: idField().nullable().optional(),
    title,
    description: description.optional(),
    startsAt: z.iso
      .datetime({ offset: true })
      .meta({ description: 'The first session’s start, ISO 8601 (its London wall-clock time is kept for repeats)' }),
    durationMinutes: z.number().int().min(15).max(720),
    rrule: z
      .string()
      .max(500)
      .nullable()
      .optional()
      .meta({ description: 'An RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=12, in London time' }),
    exdates: z
      .array(ymdField)
      .max(200)
      .optional()
      .meta({ description: 'London days (YYYY-MM-DD) on which the series does not happen' }),
    capacity: z.number().int().min(1).max(1000).nullable().optional(),
    dropIn: z.boolean().optional(),
  })
  .meta({ id: 'NewSessions' });

export function apiBodyToInput(body: z.output<typeof createSessionBodySchema>): ScheduleInput {
  const local = londonDayAndTime(new Date(body.startsAt));
  return {
    projectId: body.projectId,
    spaceId: body.spaceId ?? null,
    title: body.title,
    description: body.description ?? '',
    startDate: local.day,
    startTime: local.time,
    durationMinutes: body.durationMinutes,
    rrule: body.rrule?.trim() ? body.rrule.trim().replace(/^RRULE:/i, '') : null,
    exdates: body.exdates ?? [],
    capacity: body.capacity ?? null,
    dropIn: body.dropIn ?? false,
  };
}

/** What's on: the GET filter form. Unknown or malformed values are ignored, not refused: it is a search. */
export const whatsOnQuerySchema = z.object({
  ward: z.string().max(20).optional().catch(undefined),
  day: z.enum(['', '1', '2', '3', '4', '5', '6', '7']).optional().catch(undefined),
  date: z.string().max(10).optional().catch(undefined),
  category: z.string().max(20).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).optional().catch(undefined),
});

// Route parameters and querystrings. An id that is not one is answered 404 (see error-handler.ts).

export const projectParams = z.object({ projectId: idField('There is nothing at this address') });
export const wardCalendarParams = z.object({ code: z.string() });
export const calendarFileParams = z.object({ file: z.string() });

/** Pages that read nothing from the querystring (anything sent is ignored). */
export const noQuery = z.object({});

/** A flag a redirect leaves for the page to say what happened; anything odd is ignored. */
const flag = z.string().max(10).optional().catch(undefined);

/** The session page: what the redirect after scheduling, booking, changing or cancelling says. */
export const sessionPageQuery = z.object({
  scheduled: flag,
  booked: flag,
  waitlisted: flag,
  changed: flag,
  unbooked: flag,
  cancelled: flag,
});
