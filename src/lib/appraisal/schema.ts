import { z } from 'zod';
import { AppraisalError, formatPath, type AppraisalIssue } from './errors.js';
import type { AppraisalDocument } from './types.js';

/** The last year an appraisal may reach (years 0 to 499): beyond the Green Book's longest band. */
export const MAX_YEAR = 499;
/** Pounds above this are taken to be a typing mistake (a trillion). */
const MAX_POUNDS = 1e12;
const MAX_LINES = 1000;

const text = (max: number) => z.string().trim().min(1, { error: 'must not be empty' }).max(max);
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    error: 'must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  })
  .meta({ description: 'Unique within the file; results refer to it.' });
const finite = z.number({ error: 'must be a number' });
const rate = (description: string) =>
  finite
    .min(0, { error: 'must be between 0 and 1 (rates are fractions: 0.4 means 40%)' })
    .max(1, { error: 'must be between 0 and 1 (rates are fractions: 0.4 means 40%)' })
    .meta({ description });
const pounds = (description: string) =>
  finite
    .min(0, { error: 'must be 0 or more (pounds)' })
    .max(MAX_POUNDS, { error: 'is too large (at most £1,000,000,000,000)' })
    .meta({ description });
const year = (description: string) =>
  z
    .int({ error: 'must be a whole number of years' })
    .min(0, { error: 'must be 0 or later (years count from 0)' })
    .max(MAX_YEAR, { error: `must be at most ${MAX_YEAR}` })
    .meta({ description });
const priceYear = (description: string) =>
  z
    .int({ error: 'must be a year such as 2025' })
    .min(1900, { error: 'must be a year from 1900' })
    .max(2200, { error: 'must be a year up to 2200' })
    .meta({ description });
const grade = z
  .literal([1, 2, 3, 4, 5, 6], { error: 'must be a confidence grade from 1 (strongest evidence) to 6 (weakest)' })
  .meta({ description: 'Confidence grade: 1 (audited or robust local data) to 6 (expert judgement).' });
const agency = text(100).meta({
  description: 'Who bears the cost or gains the benefit, e.g. council, NHS, DWP, police, residents.',
});

const valueType = z
  .enum(['fiscalCashable', 'fiscalNonCashable', 'economic', 'social'], {
    error: 'must be one of fiscalCashable, fiscalNonCashable, economic, social',
  })
  .meta({ description: 'The kind of value, as the GMCA model keeps them apart.' });

const costAmount = z.union(
  [
    z
      .strictObject({
        year: year('The year the money is spent.'),
        amount: pounds('Pounds at the price year.'),
      })
      .meta({ title: 'Amount' }),
    z
      .strictObject({
        year: year('The year the time is given.'),
        hours: finite.min(0, { error: 'must be 0 or more' }).max(1e9).meta({ description: 'Hours given.' }),
        hourlyRate: pounds('Pounds per hour the time is valued at.'),
      })
      .meta({ title: 'Valued time' }),
  ],
  { error: 'must be {"year", "amount"} or {"year", "hours", "hourlyRate"}' },
);

const costLine = z.strictObject({
  id,
  name: text(200).meta({ description: 'What the cost is.' }),
  category: z
    .enum(['capital', 'revenue', 'inKind'], { error: 'must be one of capital, revenue, inKind' })
    .meta({ description: 'Capital, revenue, or in-kind (including volunteer time valued as an input).' }),
  agency,
  confidenceGrade: grade,
  source: text(1000).optional().meta({ description: 'Where the figures come from.' }),
  amounts: z
    .array(costAmount)
    .min(1, { error: 'must list at least one year' })
    .max(MAX_YEAR + 1)
    .meta({ description: 'Money (or valued time) by year.' }),
});

const cohort = z.discriminatedUnion(
  'source',
  [
    z
      .strictObject({
        source: z.literal('typed'),
        size: finite.min(0, { error: 'must be 0 or more' }).max(1e9).meta({ description: 'How many are counted.' }),
      })
      .meta({ title: 'Typed cohort' }),
    z
      .strictObject({
        source: z.literal('participation'),
        measure: z
          .enum(['participants', 'regularParticipants', 'volunteers', 'hours'], {
            error: 'must be one of participants, regularParticipants, volunteers, hours',
          })
          .meta({ description: 'Which participation figure.' }),
        size: finite
          .min(0, { error: 'must be 0 or more' })
          .max(1e9)
          .optional()
          .meta({ description: 'The figure, filled in by Commonground from participation data.' }),
        period: text(100).optional().meta({ description: 'The period the figure covers.' }),
      })
      .meta({ title: 'Cohort from participation data' }),
  ],
  { error: 'must have "source": "typed" or "participation"' },
);

const benefitLine = z.strictObject({
  id,
  name: text(200).meta({ description: 'The outcome.' }),
  cohort,
  engagementRate: rate('Share of the cohort that takes part enough to benefit (1 if left out).').optional(),
  successRate: rate('Share of those engaged who achieve the outcome (1 if left out).').optional(),
  unitValue: pounds('Pounds per outcome per year.'),
  unitValuePriceYear: priceYear('Price year of unitValue, when not the appraisal’s.').optional(),
  valueType,
  agency,
  valueId: text(100).optional().meta({ description: 'Id of the value in the place’s value library.' }),
  source: text(1000).optional().meta({ description: 'Where the unit value comes from.' }),
  deadweight: rate('Share that would have happened anyway (0 if left out).').optional(),
  displacement: rate('Share that merely moves from elsewhere (0 if left out).').optional(),
  attribution: rate('Share owed to others (0 if left out).').optional(),
  dropOff: rate('Share lost each year after the first year of benefit (0 if left out).').optional(),
  lagYears: year('Years before benefits start (0 if left out).').optional(),
  durationYears: z
    .int({ error: 'must be a whole number of years' })
    .min(1, { error: 'must be at least 1 year' })
    .max(MAX_YEAR + 1, { error: `must be at most ${MAX_YEAR + 1} years` })
    .meta({ description: 'Years the outcome lasts from its first year.' }),
  confidenceGrade: grade,
});

const discountSchedule = z.strictObject({
  name: text(200).optional(),
  source: text(1000).optional(),
  bands: z
    .array(
      z.strictObject({
        fromYear: year('First year the rate applies to.'),
        rate: finite
          .min(0, { error: 'must be between 0 and 1 (0.035 means 3.5%)' })
          .max(1, { error: 'must be between 0 and 1 (0.035 means 3.5%)' })
          .meta({ description: 'Annual discount rate as a fraction.' }),
      }),
    )
    .min(1, { error: 'must have at least one band' })
    .max(50),
});

const optimismBias = z.strictObject({
  name: text(200).optional(),
  source: text(1000).optional(),
  grades: z
    .array(
      z.strictObject({
        grade,
        rate: rate('The correction: costs × (1 + rate), benefits × (1 − rate).'),
        description: text(500).optional(),
      }),
    )
    .length(6, { error: 'must give all six grades, 1 to 6' }),
});

const deflator = z.strictObject({
  name: text(200),
  source: text(1000).optional(),
  values: z
    .array(
      z.strictObject({
        year: priceYear('The year.'),
        index: finite.gt(0, { error: 'must be above 0' }).max(1e6).meta({ description: 'The index.' }),
      }),
    )
    .min(1)
    .max(500),
});

/** The zod schema of an appraisal file. Cross-field rules (unique ids, band order…) are checked by {@link parseAppraisal}. */
export const appraisalDocumentSchema = z
  .strictObject({
    $schema: z.string().max(500).optional().meta({ description: 'The JSON Schema this file follows.' }),
    formatVersion: z.literal(1, { error: 'must be 1 (the only version there is)' }),
    title: text(200).meta({ description: 'A title for people.' }),
    description: text(5000).optional(),
    scope: z.strictObject({
      type: z
        .enum(['project', 'programme', 'place'], { error: 'must be one of project, programme, place' })
        .meta({ description: 'A project, a programme or the whole place.' }),
      reference: text(100).optional().meta({ description: 'Its id in Commonground.' }),
      name: text(200).optional(),
    }),
    priceYear: priceYear('The year whose prices every pound is in.'),
    appraisalYears: z
      .int({ error: 'must be a whole number of years' })
      .min(1, { error: 'must be at least 1' })
      .max(MAX_YEAR + 1, { error: `must be at most ${MAX_YEAR + 1}` })
      .optional()
      .meta({ description: 'Years appraised (0 to appraisalYears − 1); by default up to the last cost or benefit.' }),
    discountSchedule: discountSchedule.optional().meta({ description: 'Green Book standard schedule if left out.' }),
    optimismBias: optimismBias.optional().meta({ description: 'GMCA confidence-grade table if left out.' }),
    deflator: deflator.optional().meta({ description: 'Price index to uprate unit values to the price year.' }),
    costs: z.array(costLine).max(MAX_LINES).meta({ description: 'What goes in.' }),
    benefits: z.array(benefitLine).max(MAX_LINES).meta({ description: 'What comes out.' }),
  })
  .meta({
    title: 'Commonground appraisal',
    description:
      'A cost-benefit appraisal (Green Book, GMCA CBA model, SROI). Years count from 0; rates are fractions (0.4 = 40%); money is in pounds at the price year.',
  });

// The file type and the schema must describe the same thing; these fail to compile if they drift.
type Parsed = z.infer<typeof appraisalDocumentSchema>;
const _schemaFitsType = (d: Parsed): AppraisalDocument => d;
const _typeFitsSchema = (d: AppraisalDocument): Parsed => d;

/** The cross-field rules zod cannot express, each reported with its path. */
function crossChecks(doc: AppraisalDocument): AppraisalIssue[] {
  const issues: AppraisalIssue[] = [];
  const duplicates = (lines: { id: string }[], list: string) => {
    const seen = new Map<string, number>();
    lines.forEach((line, i) => {
      const first = seen.get(line.id);
      if (first !== undefined) {
        issues.push({ path: `${list}[${i}].id`, message: `"${line.id}" is already used by ${list}[${first}]` });
      } else seen.set(line.id, i);
    });
  };
  duplicates(doc.costs, 'costs');
  duplicates(doc.benefits, 'benefits');

  if (doc.discountSchedule) {
    const bands = doc.discountSchedule.bands;
    if (bands[0]!.fromYear !== 0) {
      issues.push({ path: 'discountSchedule.bands[0].fromYear', message: 'the first band must start at year 0' });
    }
    for (let i = 1; i < bands.length; i++) {
      if (bands[i]!.fromYear <= bands[i - 1]!.fromYear) {
        issues.push({
          path: `discountSchedule.bands[${i}].fromYear`,
          message: `must be after the band before it (year ${bands[i - 1]!.fromYear})`,
        });
      }
    }
  }
  if (doc.optimismBias) {
    const grades = doc.optimismBias.grades.map((g) => g.grade);
    const missing = [1, 2, 3, 4, 5, 6].filter((g) => !grades.includes(g as 1));
    if (missing.length > 0) {
      issues.push({
        path: 'optimismBias.grades',
        message: `must give each grade 1 to 6 once; missing grade ${missing.join(', ')}`,
      });
    }
  }
  if (doc.deflator) {
    const seen = new Set<number>();
    doc.deflator.values.forEach((v, i) => {
      if (seen.has(v.year)) issues.push({ path: `deflator.values[${i}].year`, message: `${v.year} is listed twice` });
      seen.add(v.year);
    });
  }

  const horizon = doc.appraisalYears;
  const period = horizon === undefined ? '' : `years 0 to ${horizon - 1}`;
  doc.costs.forEach((line, i) => {
    line.amounts.forEach((a, j) => {
      if (horizon !== undefined && a.year >= horizon) {
        issues.push({
          path: `costs[${i}].amounts[${j}].year`,
          message: `year ${a.year} is after the appraisal period (${period})`,
        });
      }
    });
  });
  doc.benefits.forEach((line, i) => {
    const lag = line.lagYears ?? 0;
    if (horizon !== undefined && lag >= horizon) {
      issues.push({
        path: `benefits[${i}].lagYears`,
        message: `benefits would start in year ${lag}, after the appraisal period (${period})`,
      });
    }
    if (lag + line.durationYears - 1 > MAX_YEAR) {
      issues.push({
        path: `benefits[${i}].durationYears`,
        message: `lag plus duration runs past year ${MAX_YEAR}`,
      });
    }
    if (line.cohort.source === 'participation' && line.cohort.size === undefined) {
      issues.push({
        path: `benefits[${i}].cohort.size`,
        message: `the ${line.cohort.measure} figure from participation data has not been filled in`,
      });
    }
    if (line.unitValuePriceYear !== undefined && line.unitValuePriceYear !== doc.priceYear) {
      const years = new Set(doc.deflator?.values.map((v) => v.year) ?? []);
      if (!doc.deflator) {
        issues.push({
          path: `benefits[${i}].unitValuePriceYear`,
          message: `the value is in ${line.unitValuePriceYear} prices but the file has no deflator series to uprate it to ${doc.priceYear}`,
        });
      } else {
        const missing = [line.unitValuePriceYear, doc.priceYear].filter((y) => !years.has(y));
        if (missing.length > 0) {
          issues.push({
            path: `benefits[${i}].unitValuePriceYear`,
            message: `the deflator series has no index for ${missing.join(' or ')}`,
          });
        }
      }
    }
  });
  return issues;
}

/** The value at `path` in the raw input, to tell a missing field from a wrong one. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const typeNames: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  string: 'text',
  object: 'an object ({…})',
  array: 'a list ([…])',
  boolean: 'true or false',
};

function zodIssueMessage(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_type') {
    if (issue.path.length > 0 && valueAt(input, issue.path) === undefined) return 'is required';
    if (issue.expected === 'int') return issue.message;
    return `must be ${typeNames[issue.expected] ?? issue.expected}`;
  }
  return issue.message;
}

/**
 * Checks an appraisal file (already parsed from JSON) and returns it typed, or throws an
 * {@link AppraisalError} listing every problem with its JSON path. Nothing is computed here.
 */
export function parseAppraisal(input: unknown): AppraisalDocument {
  const result = appraisalDocumentSchema.safeParse(input);
  if (!result.success) {
    throw new AppraisalError(
      result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: zodIssueMessage(issue, input) })),
    );
  }
  const issues = crossChecks(result.data);
  if (issues.length > 0) throw new AppraisalError(issues);
  return result.data;
}

/**
 * Parses the text of an appraisal file: JSON syntax first, then {@link parseAppraisal}.
 * Throws an {@link AppraisalError} either way.
 */
export function parseAppraisalJson(text: string): AppraisalDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppraisalError([{ path: '(file)', message: `is not valid JSON: ${(err as Error).message}` }]);
  }
  return parseAppraisal(json);
}
