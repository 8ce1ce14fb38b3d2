import { z } from 'zod';
import { isCalendarDate } from '../../lib/dates.js';
import { roles } from '../../platform/context.js';

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

export const auditFilterSchema = z.object({
  action: optionalText(100),
  actor: z
    .union([z.literal(''), z.uuid('Actor must be an account or token id')])
    .optional()
    .transform((v) => v || undefined),
  subject: optionalText(100),
  from: optionalDate('From'),
  to: optionalDate('To'),
  before: z.coerce.number().int().positive().optional(),
});

export const peopleFilterSchema = z.object({
  role: z
    .enum(roles)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  q: optionalText(100),
  page: z.coerce.number().int().min(1).max(100000).default(1),
});

export const settingsSchema = z.strictObject({
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
});
