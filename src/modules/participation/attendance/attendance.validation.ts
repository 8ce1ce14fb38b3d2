import { z } from 'zod';
import { idField } from '../../../platform/fields.js';
import { attendanceRoles, SHEET_MAX_BYTES, SHEET_MAX_ROWS } from './attendance.csv.js';

/** The most anonymous drop-ins one session can count. */
export const HEADCOUNT_MAX = 10_000;

/** A form field sent once, many times or not at all, as a list. */
const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]);
const list = <T extends z.ZodType>(inner: T) => z.preprocess(asList, z.array(inner).max(5000));

/** The register form: one row per person listed (person, role, minutes line up), ticks for who came. */
export const registerFormSchema = z
  .strictObject({
    action: z.enum(['save', 'search']).default('save'),
    q: z.string().max(100, 'Enter a name of 100 characters or fewer').optional(),
    person: list(idField('The form lists someone unknown. Reload the page and try again.')),
    present: list(idField('The form ticks someone unknown. Reload the page and try again.')),
    role: list(z.enum(attendanceRoles, { message: 'Choose participant, volunteer or lead' })),
    minutes: list(
      z
        .string()
        .trim()
        .regex(/^\d{0,4}$/, 'Enter minutes as a whole number, like 90')
        .refine((m) => m === '' || (Number(m) >= 1 && Number(m) <= 1440), 'Minutes must be from 1 to 1440'),
    ),
    headcount: z
      .string()
      .trim()
      .regex(/^\d{0,6}$/, 'Enter the number of drop-ins as a whole number, like 12')
      .refine((h) => h === '' || Number(h) <= HEADCOUNT_MAX, `The head-count must be ${HEADCOUNT_MAX} or fewer`)
      .default(''),
  })
  .superRefine((v, ctx) => {
    if (v.role.length !== v.person.length || v.minutes.length !== v.person.length)
      ctx.addIssue({ code: 'custom', path: [], message: 'The form was incomplete. Reload the page and try again.' });
    const listed = new Set(v.person);
    if (v.present.some((p) => !listed.has(p)))
      ctx.addIssue({ code: 'custom', path: [], message: 'The form ticks someone it does not list. Reload the page.' });
  });

/** A sign-in sheet, pasted or uploaded. */
export const pasteSchema = z.strictObject({
  csv: z
    .string()
    .max(SHEET_MAX_BYTES, 'The pasted sheet is larger than 1 MB. Split it into smaller parts.')
    .refine((s) => s.trim() !== '', 'Paste the sign-in sheet, or choose a file')
    .optional(),
  sheet: z.unknown().optional(),
});

/** The checked sheet, carried to the confirm step (base64). */
export const confirmSchema = z.strictObject({
  sheet: z
    .string()
    .max(2 * SHEET_MAX_BYTES, 'The sheet is too large.')
    .min(1, 'The sheet is missing.'),
});

/** Pages that read nothing from the querystring (anything sent is ignored). */
export const noQuery = z.object({});

/** The register page: what the redirect after saving or importing says. */
export const registerQuery = z.object({
  saved: z.string().max(10).optional().catch(undefined),
  imported: z.string().max(10).optional().catch(undefined),
});

/** One person in an API recording. */
export const attendeeInput = z
  .strictObject({
    userId: idField().meta({ description: 'A person of this place' }),
    role: z.enum(attendanceRoles).optional().meta({ description: 'participant (default), volunteer or lead' }),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(1440)
      .optional()
      .meta({ description: "Volunteers only: minutes given; default the session's length" }),
  })
  .meta({ id: 'AttendeeInput' });

/** The API body for recording: people and/or a head-count. Unknown fields are refused. */
export const recordBody = z
  .strictObject({
    attendees: z.array(attendeeInput).max(SHEET_MAX_ROWS).default([]),
    headcount: z
      .number()
      .int()
      .min(0)
      .max(HEADCOUNT_MAX)
      .optional()
      .meta({ description: 'Anonymous drop-ins: replaces the session’s head-count' }),
  })
  .refine((b) => b.attendees.length > 0 || b.headcount !== undefined, {
    message: 'Send attendees, a headcount or both',
  })
  .meta({ id: 'AttendanceInput', description: 'People who came (by id) and/or a head-count of drop-ins' });
