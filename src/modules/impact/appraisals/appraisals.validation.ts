import { z } from 'zod';
import type { CostAmount } from '../../../lib/appraisal/index.js';
import { idField, lineText, longText, optionalIdField } from '../../../platform/fields.js';
import { dayField, gradeField, parsePriceYear, percentField, poundsToPence, wholeNumber } from '../impact.fields.js';
import { appraisalScopes, valueTypes, type ValueType } from '../impact.schema.js';

export const appraisalFormSchema = z.strictObject({
  title: lineText('a title', 160),
  description: longText('the description', 2000),
  scope: z.enum(appraisalScopes, { error: 'Choose what the appraisal covers' }),
  projectId: optionalIdField('Choose a project from the list'),
  priceYear: wholeNumber('the price year', 2000, 2100),
  appraisalYears: wholeNumber('the number of years', 1, 60),
});

/** The details form of an appraisal that exists: its scope and project stay as they were made. */
export const appraisalDetailsFormSchema = appraisalFormSchema.omit({ scope: true, projectId: true });

/** Years a cost form offers a box for. */
export const MAX_FORM_YEARS = 60;

/** The years of an appraisal a form offers boxes for. */
export const formYears = (appraisalYears: number | undefined) => Math.min(MAX_FORM_YEARS, appraisalYears ?? 10);

export const costCategories = ['capital', 'revenue', 'inKind'] as const;

/** The cost form's fields other than the year boxes, which {@link readCostAmounts} reads. */
export const costFormSchema = z.looseObject({
  name: lineText('what the cost is', 160),
  category: z.enum(costCategories, { error: 'Choose capital, revenue or in kind' }),
  agency: lineText('who bears the cost', 80),
  confidenceGrade: gradeField,
  source: lineText('the source', 500, false),
});

const COST_FIELDS = new Set(['_csrf', 'name', 'category', 'agency', 'confidenceGrade', 'source']);

/**
 * Reads a cost form's year boxes (`year0` … one per year, so rows need no JavaScript): blank is
 * nothing; anything else must be pounds. Any other field, or a year after the period, is refused.
 */
export function readCostAmounts(
  body: Record<string, unknown>,
  years: number,
): { amounts: CostAmount[]; errors: { field: string; message: string }[] } {
  const amounts: CostAmount[] = [];
  const errors: { field: string; message: string }[] = [];
  for (const key of Object.keys(body)) {
    if (/^year\d+$/.test(key) && Number(key.slice(4)) >= years)
      errors.push({
        field: 'year0',
        message: `The form sent a year after the appraisal period (${years} years). Reload the page.`,
      });
    else if (!/^year\d+$/.test(key) && !COST_FIELDS.has(key))
      errors.push({
        field: 'name',
        message: `The form sent a field it does not accept: ${key.slice(0, 40)}. Reload the page.`,
      });
  }
  for (let y = 0; y < years; y++) {
    const raw = body[`year${y}`];
    const text = typeof raw === 'string' ? raw.replace(/^£/, '').replace(/,/g, '').trim() : '';
    if (raw !== undefined && typeof raw !== 'string') {
      errors.push({ field: `year${y}`, message: `Enter one amount for year ${y}` });
      continue;
    }
    if (!text) continue;
    if (!/^\d{1,12}(\.\d{1,2})?$/.test(text)) {
      errors.push({ field: `year${y}`, message: `Enter the year ${y} cost in pounds, like 25000 (not negative)` });
      continue;
    }
    const amount = Number(text);
    if (amount > 0) amounts.push({ year: y, amount });
  }
  if (!errors.length && !amounts.length)
    errors.push({ field: 'year0', message: 'Enter the cost for at least one year' });
  return { amounts, errors };
}

export const volunteerTimeFormSchema = z
  .strictObject({
    from: dayField('the start of the period'),
    to: dayField('the end of the period'),
    hourlyRate: poundsToPence('the hourly value', { min: 0.01, max: 1000 }),
    year: wholeNumber('the year', 0, MAX_FORM_YEARS - 1),
    confidenceGrade: gradeField,
  })
  .superRefine((v, ctx) => {
    if (v.from > v.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end of the period must be on or after its start' });
  });

export const cohortMeasures = ['participants', 'regularParticipants', 'hours'] as const;

export const benefitFormSchema = z
  .strictObject({
    name: lineText('the outcome', 160),
    valueSource: z.enum(['library', 'typed'], { error: 'Choose where the unit value comes from' }),
    valueId: z.string().optional(),
    unitValue: z.string().optional(),
    unitPriceYear: z.string().optional(),
    valueType: z.string().optional(),
    agency: z.string().optional(),
    source: z.string().optional(),
    cohortSource: z.enum(['typed', 'participation'], { error: 'Choose where the cohort comes from' }),
    cohortSize: z.string().optional(),
    cohortMeasure: z.string().optional(),
    cohortFrom: z.string().optional(),
    cohortTo: z.string().optional(),
    engagementRate: percentField('the engagement rate', 1),
    successRate: percentField('the success rate', 1),
    deadweight: percentField('deadweight', 0),
    displacement: percentField('displacement', 0),
    attribution: percentField('attribution', 0),
    dropOff: percentField('drop-off', 0),
    lagYears: wholeNumber('the lag', 0, 30, false),
    durationYears: wholeNumber('how many years it lasts', 1, 60),
    confidenceGrade: gradeField,
  })
  .transform((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    let unit:
      | { valueId: string; valueType: ValueType | null }
      | { unitValuePence: number; priceYear: number; valueType: ValueType; agency: string; source: string }
      | null = null;
    if (v.valueSource === 'library') {
      const type = v.valueType ? z.enum(valueTypes).safeParse(v.valueType) : null;
      const valueId = idField('Choose a value from the library').safeParse(v.valueId ?? '');
      if (!valueId.success) issue('valueId', 'Choose a value from the library');
      else if (type && !type.success) issue('valueType', 'Choose the type of value');
      else unit = { valueId: valueId.data, valueType: type?.data ?? null };
    } else {
      const pence = poundsToPence('the unit value', { min: 0.01, max: 100_000_000 }).safeParse(v.unitValue ?? '');
      const year = parsePriceYear(v.unitPriceYear ?? '');
      const type = z.enum(valueTypes).safeParse(v.valueType);
      const agency = lineText('who gains it', 80).safeParse(v.agency ?? '');
      const source = lineText('the source', 500).safeParse(v.source ?? '');
      if (!pence.success) issue('unitValue', pence.error.issues[0]!.message);
      if (!year) issue('unitPriceYear', 'Enter the price year of the value, like 2019');
      if (!type.success) issue('valueType', 'Choose the type of value');
      if (!agency.success) issue('agency', agency.error.issues[0]!.message);
      if (!source.success) issue('source', source.error.issues[0]!.message);
      if (pence.success && year && type.success && agency.success && source.success)
        unit = {
          unitValuePence: pence.data,
          priceYear: year.year,
          valueType: type.data,
          agency: agency.data,
          source: source.data,
        };
    }
    let cohort:
      | { source: 'typed'; size: number }
      | { source: 'participation'; measure: (typeof cohortMeasures)[number]; from: string; to: string }
      | null = null;
    if (v.cohortSource === 'typed') {
      const size = wholeNumber('the cohort size', 1, 10_000_000).safeParse(v.cohortSize ?? '');
      if (!size.success) issue('cohortSize', size.error.issues[0]!.message);
      else cohort = { source: 'typed', size: size.data! };
    } else {
      const measure = z.enum(cohortMeasures).safeParse(v.cohortMeasure);
      const from = dayField('the start of the period').safeParse(v.cohortFrom ?? '');
      const to = dayField('the end of the period').safeParse(v.cohortTo ?? '');
      if (!measure.success) issue('cohortMeasure', 'Choose which participation figure to use');
      if (!from.success) issue('cohortFrom', from.error.issues[0]!.message);
      if (!to.success) issue('cohortTo', to.error.issues[0]!.message);
      if (from.success && to.success && from.data > to.data)
        issue('cohortTo', 'The end of the period must be on or after its start');
      else if (measure.success && from.success && to.success)
        cohort = { source: 'participation', measure: measure.data, from: from.data, to: to.data };
    }
    if (!unit || !cohort) return z.NEVER;
    return {
      name: v.name,
      unit,
      cohort,
      engagementRate: v.engagementRate,
      successRate: v.successRate,
      deadweight: v.deadweight,
      displacement: v.displacement,
      attribution: v.attribution,
      dropOff: v.dropOff,
      lagYears: v.lagYears ?? 0,
      durationYears: v.durationYears!,
      confidenceGrade: v.confidenceGrade,
    };
  });
export type BenefitForm = z.output<typeof benefitFormSchema>;

/** An appraisal file, uploaded or pasted. */
export const importJsonFormSchema = z.strictObject({
  json: z.string().max(1_000_000, 'The file is larger than 1 MB').optional(),
  file: z.unknown().optional(),
});
