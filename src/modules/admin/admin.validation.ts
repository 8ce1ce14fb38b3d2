import { z } from 'zod';
import { isCalendarDate } from '../../lib/london-time.js';
import { roles } from '../../platform/context.js';
import { ID_PATTERN } from '../../platform/fields.js';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

/** A date typed as YYYY-MM-DD; checked here, turned into instants (London days) by the handler. */
const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      if (!isCalendarDate(v)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a real date, like 2026-03-31` });
        return z.NEVER;
      }
      return v;
    });

/** The audit log's filter, from the query string. */
export const auditFilterSchema = z.object({
  action: optionalText(100),
  actor: z
    .union([z.literal(''), z.string().regex(ID_PATTERN, 'Actor must be an account or token id')])
    .optional()
    .transform((v) => v?.toLowerCase() || undefined),
  subject: optionalText(100),
  from: optionalDate('From'),
  to: optionalDate('To'),
  before: z.coerce.number().int().positive().optional(),
});
export type AuditQuery = z.output<typeof auditFilterSchema>;

/** The people list's search, role and page, from the query string. */
export const peopleFilterSchema = z.object({
  role: z
    .enum(roles)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  q: optionalText(100),
  page: z.coerce.number().int().min(1).max(100000).default(1),
});
export type PeopleQuery = z.output<typeof peopleFilterSchema>;

/** A word a form's redirect adds to say what just happened; anything else is ignored. */
const flag = z.string().max(40).optional().catch(undefined);
/** The pages a form sends people back to, saying what changed. */
export const updatedQuery = z.object({ updated: flag });

export const settingsSchema = z
  .strictObject({
    name: z
      .string({ error: 'Enter the name of the place' })
      .trim()
      .min(1, 'Enter the name of the place')
      .max(100, 'Name must be 100 characters or fewer')
      .refine((s) => !/[<>]/.test(s), 'Name must not contain < or >'),
    contactEmail: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, 'Email address must be 254 characters or fewer')
      .pipe(
        z.union([
          z.literal(''),
          z.email('Enter a contact email address in the correct format, like name@example.gov.uk'),
        ]),
      )
      .optional(),
    projectModeration: z.enum(['pre', 'post'], { error: 'Choose how new projects are published' }).default('pre'),
    suppressBelow: wholeNumber('The smallest count of people to show', 1, 100).default(10),
    targetResidents: wholeNumber('The target number of residents', 100, 10_000_000).optional(),
    targetYears: wholeNumber('The number of years', 1, 25).optional(),
    targetStart: optionalDate('The start date'),
  })
  // A target is all three answers or none; checked even when another field is wrong, so every problem shows at once.
  .refine(...targetPart('targetResidents', 'Enter the target number of residents'))
  .refine(...targetPart('targetYears', 'Enter the number of years for the target'))
  .refine(...targetPart('targetStart', 'Enter the date the target starts from'));

/** The settings form's answers as the place's name and settings; a target is kept only when it is whole. */
export function placeSettingsFrom(data: z.output<typeof settingsSchema>) {
  return {
    name: data.name,
    settings: {
      contactEmail: data.contactEmail || undefined,
      projectModeration: data.projectModeration,
      suppressBelow: data.suppressBelow,
      participationTarget:
        data.targetResidents && data.targetYears && data.targetStart
          ? { residents: data.targetResidents, years: data.targetYears, startDate: data.targetStart }
          : undefined,
    },
  };
}

const TARGET_FIELDS = ['targetResidents', 'targetYears', 'targetStart'] as const;
function targetPart(field: (typeof TARGET_FIELDS)[number], message: string) {
  const given = (x: unknown) => x !== undefined && x !== '';
  const check = (v: Record<string, unknown>) => !TARGET_FIELDS.some((f) => given(v[f])) || given(v[field]);
  return [check, { message, path: [field] as PropertyKey[], when: () => true }] as const;
}

/** A whole number typed into a form; blank means not given. */
function wholeNumber(label: string, min: number, max: number) {
  return z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === '') return undefined;
      const n = Number(v.replace(/,/g, ''));
      if (!/^\d[\d,]*$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${label} must be a whole number from ${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')}`,
        });
        return z.NEVER;
      }
      return n;
    })
    .pipe(z.number().optional());
}
