import { z } from 'zod';
import { isCalendarDate } from '../../../lib/london-time.js';
import { hasControlCharacters } from '../../../platform/fields.js';
import { sentenceCase } from '../conversations.validation.js';
import { commitmentStatuses } from './outcomes.schema.js';

/** Several lines of text, line breaks kept; empty allowed. */
function longText(label: string, max: number) {
  return z
    .string({ error: `${sentenceCase(label)} must be text` })
    .optional()
    .transform((s) => (s ?? '').replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .max(max, `${sentenceCase(label)} must be ${max.toLocaleString('en-GB')} characters or fewer`)
        .refine(
          (s) => !hasControlCharacters(s, { multiline: true }),
          `${sentenceCase(label)} must not contain control characters`,
        ),
    );
}

/** One line of required text. */
function line(label: string, max: number) {
  return z
    .string({ error: `Enter ${label}` })
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(
      z
        .string()
        .min(1, `Enter ${label}`)
        .max(max, `${sentenceCase(label)} must be ${max} characters or fewer`)
        .refine((s) => !hasControlCharacters(s), `${sentenceCase(label)} must not contain control characters`),
    );
}

/** "What we heard", "what we cannot do and why", "what residents could take on". */
export const outcomeFormSchema = z.strictObject({
  whatWeHeard: longText('what you heard', 10_000),
  whatWeCannotDo: longText('what you cannot do and why', 10_000),
  whatResidentsCouldTakeOn: longText('what residents could take on', 10_000),
});

/** A due date typed as 2026-09-30 or 30/9/2026, as YYYY-MM-DD. */
const dueDate = z
  .string({ error: 'Enter the date it is due, for example 30/9/2026' })
  .transform((s) => s.trim())
  .transform((s, ctx) => {
    let ymd = s;
    const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
    if (uk) ymd = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
    if (!s) {
      ctx.addIssue({ code: 'custom', message: 'Enter the date it is due, for example 30/9/2026' });
      return z.NEVER;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(ymd) || !isCalendarDate(ymd)) {
      ctx.addIssue({ code: 'custom', message: 'The due date must be a real date, for example 30/9/2026' });
      return z.NEVER;
    }
    if (ymd < '2000-01-01' || ymd > '2100-12-31') {
      ctx.addIssue({ code: 'custom', message: 'The due date must be between the years 2000 and 2100' });
      return z.NEVER;
    }
    return ymd;
  });

/** "What we will do": one commitment with an owner and a due date. */
export const commitmentFormSchema = z.strictObject({
  text: line('what the council will do', 500),
  owner: line('who is responsible (a name or a team)', 200),
  dueDate,
});

/** A status update on a commitment, with an optional note shown publicly. */
export const commitmentUpdateFormSchema = z.strictObject({
  status: z.enum(commitmentStatuses, { error: 'Choose where the commitment stands' }),
  note: longText('the note', 1_000),
});
