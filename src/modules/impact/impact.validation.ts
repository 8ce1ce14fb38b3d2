import { z } from 'zod';
import { appraisalScopes, measurements, valueTypes, type ValueType } from './impact.schema.js';

/** Value types in plain English, in the order results show them. */
export const valueTypeLabels: Record<ValueType, string> = {
  fiscalCashable: 'Fiscal: cashable',
  fiscalNonCashable: 'Fiscal: non-cashable',
  economic: 'Economic',
  social: 'Social',
};

export const valueTypeHints: Record<ValueType, string> = {
  fiscalCashable: 'Money a public body stops spending and could take out of a budget',
  fiscalNonCashable: 'Public-sector time or capacity freed up, but not released as cash',
  economic: 'Gains to people or the local economy, such as earnings',
  social: 'Wellbeing, health and other gains to people that are not money',
};

export const measurementLabels: Record<(typeof measurements)[number], string> = {
  count: 'A count',
  survey: 'A survey',
  admin: 'Administrative data',
};

export const scopeLabels: Record<(typeof appraisalScopes)[number], string> = {
  project: 'One project',
  programme: 'A programme of projects',
  place: 'The whole place',
};

export const confidenceGradeLabels: Record<number, string> = {
  1: '1: independently audited or robust local data',
  2: '2: good local or national data',
  3: '3: reasonable data, some gaps',
  4: '4: limited data or a close proxy',
  5: '5: weak data or a distant proxy',
  6: '6: expert judgement or an untested assumption',
};

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;

/** A line of text typed in a form: trimmed, limited, no control characters. */
export function textField(label: string, max: number, required = true) {
  const base = z
    .string({ error: `Enter ${label}` })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`)
        .refine(
          (s) => !CONTROL.test(s),
          `${label[0]!.toUpperCase()}${label.slice(1)} must not contain control characters`,
        ),
    );
  return required ? base.pipe(z.string().min(1, `Enter ${label}`)) : base.optional().transform((v) => v ?? '');
}

/** Several lines of text, line breaks kept. */
export function longTextField(label: string, max: number) {
  return z
    .string()
    .optional()
    .transform((s) => (s ?? '').replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`)
        .refine((s) => !CONTROL.test(s), `${label} must not contain control characters`),
    );
}

/** A web address for a source: http(s) only, so a link can never run script. */
export const urlField = z
  .string()
  .trim()
  .max(500, 'The link must be 500 characters or fewer')
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Enter the link in full, starting with https://' });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', message: 'The link must start with https:// or http://' });
      return z.NEVER;
    }
    return url.toString();
  });

/** Pounds as typed ("£13,000", "1234.56") to integer pence. */
export function poundsToPence(label: string, opts: { min?: number; max?: number } = {}) {
  const min = opts.min ?? 0;
  const max = opts.max ?? 1_000_000_000;
  return z
    .string({ error: `Enter ${label}` })
    .trim()
    .transform((v, ctx) => {
      const clean = v.replace(/^£/, '').replace(/,/g, '').trim();
      if (clean === '') {
        ctx.addIssue({ code: 'custom', message: `Enter ${label}` });
        return z.NEVER;
      }
      if (!/^\d{1,12}(\.\d{1,2})?$/.test(clean)) {
        ctx.addIssue({
          code: 'custom',
          message: `${label[0]!.toUpperCase()}${label.slice(1)} must be an amount in pounds, like 13000 or 12.50`,
        });
        return z.NEVER;
      }
      const pence = Math.round(Number(clean) * 100);
      if (pence < min * 100 || pence > max * 100) {
        ctx.addIssue({
          code: 'custom',
          message: `${label[0]!.toUpperCase()}${label.slice(1)} must be between £${min.toLocaleString('en-GB')} and £${max.toLocaleString('en-GB')}`,
        });
        return z.NEVER;
      }
      return pence;
    });
}

/** A price year as sources write it: "2019", or a financial year "2010/11" or "2010-11" (stored as 2010). */
export function parsePriceYear(text: string): { year: number; label: string } | null {
  const t = text.trim();
  const single = /^(\d{4})$/.exec(t);
  const fy = /^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$/.exec(t);
  let year: number;
  let label: string;
  if (single) {
    year = Number(single[1]);
    label = String(year);
  } else if (fy) {
    year = Number(fy[1]);
    const next = fy[2]!.length === 2 ? Number(fy[2]) : Number(fy[2]) % 100;
    if (next !== (year + 1) % 100) return null;
    label = `${year}/${String(next).padStart(2, '0')}`;
  } else return null;
  if (year < 1990 || year > 2100) return null;
  return { year, label };
}

const priceYearField = z
  .string({ error: 'Enter the price year' })
  .trim()
  .transform((v, ctx) => {
    const p = parsePriceYear(v);
    if (!p) {
      ctx.addIssue({
        code: 'custom',
        message: 'Enter the price year as a year like 2019, or a financial year like 2010/11',
      });
      return z.NEVER;
    }
    return p;
  });

const gradeField = z
  .enum(['1', '2', '3', '4', '5', '6'], { error: 'Choose a confidence grade from 1 to 6' })
  .transform(Number);

/** A whole number typed in a form, within bounds. */
export function wholeNumber(label: string, min: number, max: number, required = true) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) {
        if (!required) return null;
        ctx.addIssue({ code: 'custom', message: `Enter ${label}` });
        return z.NEVER;
      }
      if (!/^-?\d{1,9}$/.test(v.replace(/,/g, ''))) {
        ctx.addIssue({ code: 'custom', message: `${label[0]!.toUpperCase()}${label.slice(1)} must be a whole number` });
        return z.NEVER;
      }
      const n = Number(v.replace(/,/g, ''));
      if (n < min || n > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${label[0]!.toUpperCase()}${label.slice(1)} must be between ${min.toLocaleString('en-GB')} and ${max.toLocaleString('en-GB')}`,
        });
        return z.NEVER;
      }
      return n;
    });
}

/** A percentage typed in a form ("40" or "40%"), as a fraction. Blank is `blank`. */
export function percentField(label: string, blank: number) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      const clean = (v ?? '').replace(/%$/, '').trim();
      if (clean === '') return blank;
      if (!/^-?\d{1,3}(\.\d{1,2})?$/.test(clean)) {
        ctx.addIssue({ code: 'custom', message: `Enter ${label} as a percentage, like 40` });
        return z.NEVER;
      }
      const n = Number(clean);
      if (n < 0 || n > 100) {
        ctx.addIssue({
          code: 'custom',
          message: `${label[0]!.toUpperCase()}${label.slice(1)} must be between 0% and 100%`,
        });
        return z.NEVER;
      }
      return Math.round(n * 100) / 10_000;
    });
}

/** The "Add a value" form. */
export const valueFormSchema = z.strictObject({
  description: textField('a description', 300),
  code: textField('the code', 40, false),
  unit: textField('the unit', 120),
  value: poundsToPence('the value', { min: 0.01, max: 100_000_000 }),
  priceYear: priceYearField,
  valueType: z.enum(valueTypes, { error: 'Choose the type of value' }),
  agency: textField('who bears or gains it', 80),
  confidenceGrade: gradeField,
  source: textField('the source', 500),
  sourceUrl: urlField,
  licence: textField('the licence', 200),
  attribution: textField('the attribution', 500),
});
export type ValueForm = z.output<typeof valueFormSchema>;

/** The deflator series as typed: one "year, index" per line. */
export const deflatorFormSchema = z.strictObject({
  series: z.string().max(20_000, 'The series is too long').optional(),
  source: textField('where the figures come from', 500),
});

/** Reads "year, index" lines; every problem names its line. */
export function parseDeflatorLines(text: string): { series: { year: number; index: number }[]; problems: string[] } {
  const series: { year: number; index: number }[] = [];
  const problems: string[] = [];
  const seen = new Set<number>();
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      const m = /^(\d{4})\s*[,\t ]\s*(\d{1,4}(\.\d{1,6})?)$/.exec(line);
      if (!m) {
        problems.push(`Line ${i + 1}: write a year and an index separated by a comma, like 2019, 100`);
        return;
      }
      const year = Number(m[1]);
      const index = Number(m[2]);
      if (year < 1990 || year > 2100) problems.push(`Line ${i + 1}: the year must be between 1990 and 2100`);
      else if (!(index > 0)) problems.push(`Line ${i + 1}: the index must be more than 0`);
      else if (seen.has(year)) problems.push(`Line ${i + 1}: ${year} is listed twice`);
      else {
        seen.add(year);
        series.push({ year, index });
      }
    });
  if (!problems.length && series.length < 2) problems.push('Enter at least two years');
  series.sort((a, b) => a.year - b.year);
  return { series, problems };
}

/** The optimism-bias table as typed: a percentage per grade. */
export const optimismBiasFormSchema = z.strictObject({
  grade1: percentField('the grade 1 correction', NaN),
  grade2: percentField('the grade 2 correction', NaN),
  grade3: percentField('the grade 3 correction', NaN),
  grade4: percentField('the grade 4 correction', NaN),
  grade5: percentField('the grade 5 correction', NaN),
  grade6: percentField('the grade 6 correction', NaN),
});

export const frameworkFormSchema = z.strictObject({
  name: textField('a name', 160),
  projectId: z
    .string()
    .optional()
    .transform((v) => v || null)
    .pipe(z.uuid({ error: 'Choose a project from the list' }).nullable()),
  activities: longTextField('the activities', 4000),
});

export const outcomeFormSchema = z.strictObject({
  label: textField('the outcome', 200),
  indicator: textField('the indicator', 300),
  measurement: z.enum(measurements, { error: 'Choose how it is measured' }),
  unit: textField('the unit', 80, false),
});

const dayField = (label: string) =>
  z
    .string()
    .trim()
    .refine(
      (v) =>
        /^\d{4}-\d{2}-\d{2}$/.test(v) &&
        !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
        new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      {
        message: `Enter ${label} as a real date, like 2026-03-31`,
      },
    );

export const evidenceFormSchema = z
  .strictObject({
    outcomeId: z.uuid({ error: 'Choose an outcome' }),
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
    method: textField('how it was measured', 500),
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

export const periodQuerySchema = z.object({ from: z.string().max(10).optional(), to: z.string().max(10).optional() });

export const appraisalFormSchema = z.strictObject({
  title: textField('a title', 160),
  description: longTextField('the description', 2000),
  scope: z.enum(appraisalScopes, { error: 'Choose what the appraisal covers' }),
  projectId: z
    .string()
    .optional()
    .transform((v) => v || null)
    .pipe(z.uuid({ error: 'Choose a project from the list' }).nullable()),
  priceYear: wholeNumber('the price year', 2000, 2100),
  appraisalYears: wholeNumber('the number of years', 1, 60),
});

/** Years a cost form offers a box for. */
export const MAX_FORM_YEARS = 60;

export const costCategoryLabels = { capital: 'Capital', revenue: 'Revenue', inKind: 'In kind' } as const;

export const costFormSchema = z.looseObject({
  name: textField('what the cost is', 160),
  category: z.enum(['capital', 'revenue', 'inKind'], { error: 'Choose capital, revenue or in kind' }),
  agency: textField('who bears the cost', 80),
  confidenceGrade: gradeField,
  source: textField('the source', 500, false),
});

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
export const cohortMeasureLabels: Record<(typeof cohortMeasures)[number], string> = {
  participants: 'Unique participants in the period',
  regularParticipants: 'Regular participants in the period (came in 3 or more months)',
  hours: 'Participation hours in the period',
};

export const benefitFormSchema = z
  .strictObject({
    name: textField('the outcome', 160),
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
      if (!v.valueId || !z.uuid().safeParse(v.valueId).success) issue('valueId', 'Choose a value from the library');
      else if (type && !type.success) issue('valueType', 'Choose the type of value');
      else unit = { valueId: v.valueId, valueType: type?.data ?? null };
    } else {
      const pence = poundsToPence('the unit value', { min: 0.01, max: 100_000_000 }).safeParse(v.unitValue ?? '');
      const year = parsePriceYear(v.unitPriceYear ?? '');
      const type = z.enum(valueTypes).safeParse(v.valueType);
      const agency = textField('who gains it', 80).safeParse(v.agency ?? '');
      const source = textField('the source', 500).safeParse(v.source ?? '');
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
      confidenceGrade: v.confidenceGrade as 1 | 2 | 3 | 4 | 5 | 6,
    };
  });
export type BenefitForm = z.output<typeof benefitFormSchema>;

export const importJsonFormSchema = z.strictObject({
  json: z.string().max(1_000_000, 'The file is larger than 1 MB').optional(),
  file: z.unknown().optional(),
});
