import { z } from 'zod';
import { idField, lineText, longText, optionalIdField } from '../../../platform/fields.js';
import { dayField, urlField, wholeNumber } from '../impact.fields.js';
import { measurements } from '../impact.schema.js';

export const frameworkFormSchema = z.strictObject({
  name: lineText('a name', 160),
  projectId: optionalIdField('Choose a project from the list'),
  activities: longText('the activities', 4000),
});
export type FrameworkForm = z.output<typeof frameworkFormSchema>;

export const outcomeFormSchema = z.strictObject({
  label: lineText('the outcome', 200),
  indicator: lineText('the indicator', 300),
  measurement: z.enum(measurements, { error: 'Choose how it is measured' }),
  unit: lineText('the unit', 80, false),
});
export type OutcomeForm = z.output<typeof outcomeFormSchema>;

export const evidenceFormSchema = z
  .strictObject({
    outcomeId: idField('Choose an outcome'),
    periodFrom: dayField('the start of the period'),
    periodTo: dayField('the end of the period'),
    value: z
      .string()
      .trim()
      .refine(
        (v) => /^-?\d{1,12}(\.\d{1,4})?$/.test(v.replace(/,/g, '')),
        'Enter the value as a number, like 42 or 3.5',
      )
      .transform((v) => Number(v.replace(/,/g, ''))),
    sampleSize: wholeNumber('the sample size', 1, 10_000_000, false),
    method: lineText('how it was measured', 500),
    sourceUrl: urlField,
  })
  .superRefine((v, ctx) => {
    if (v.periodFrom > v.periodTo)
      ctx.addIssue({
        code: 'custom',
        path: ['periodTo'],
        message: 'The end of the period must be on or after its start',
      });
  });
export type EvidenceForm = z.output<typeof evidenceFormSchema>;
