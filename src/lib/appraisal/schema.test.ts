/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- these tests break the document on purpose, through loosely typed JSON */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AppraisalError,
  appraisalJsonSchema,
  computeAppraisal,
  discountFactors,
  greenBookDiscountSchedule,
  parseAppraisal,
  parseAppraisalJson,
  poundsToPence,
  penceToPounds,
  uprate,
  type AppraisalIssue,
} from './index.js';

const textbook = readFileSync(new URL('../../../docs/examples/sroi-textbook.appraisal.json', import.meta.url), 'utf8');

/** The textbook file with a change applied to its parsed JSON (loosely typed: the point is to break it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
function textbookWith(change: (json: Loose) => void): unknown {
  const json: Loose = JSON.parse(textbook);
  change(json);
  return json;
}

/** The issues an input is refused with (and proof that it was refused). */
function issues(input: unknown): AppraisalIssue[] {
  try {
    parseAppraisal(input);
  } catch (err) {
    expect(err).toBeInstanceOf(AppraisalError);
    return (err as AppraisalError).issues;
  }
  throw new Error('expected the file to be refused');
}

describe('the published JSON Schema', () => {
  it('is the one generated from the code’s own schema, so the two cannot drift (regenerate: commonground impact schema)', () => {
    const committed = JSON.parse(readFileSync(new URL('./appraisal.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(appraisalJsonSchema());
  });

  it('is draft 2020-12, refuses unknown fields and names the required ones', () => {
    const schema = appraisalJsonSchema() as { $schema: string; required: string[]; additionalProperties: boolean };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(
      expect.arrayContaining(['formatVersion', 'title', 'scope', 'priceYear', 'costs', 'benefits']),
    );
  });
});

describe('a good file', () => {
  it('parses to the same document', () => {
    expect(parseAppraisalJson(textbook)).toEqual(JSON.parse(textbook));
  });
});

describe('bad files are refused with the field’s path and nothing is computed', () => {
  it('rates above 100% or below 0', () => {
    expect(issues(textbookWith((j) => (j.benefits[0].deadweight = 40)))).toEqual([
      { path: 'benefits[0].deadweight', message: 'must be between 0 and 1 (rates are fractions: 0.4 means 40%)' },
    ]);
    expect(issues(textbookWith((j) => (j.benefits[0].attribution = -0.1)))[0]!.path).toBe('benefits[0].attribution');
  });

  it('negative money, and numbers written as text', () => {
    expect(issues(textbookWith((j) => (j.costs[0].amounts[0].amount = -5)))).toEqual([
      { path: 'costs[0].amounts[0].amount', message: 'must be 0 or more (pounds)' },
    ]);
    expect(issues(textbookWith((j) => (j.benefits[0].unitValue = '8500')))).toEqual([
      { path: 'benefits[0].unitValue', message: 'must be a number' },
    ]);
  });

  it('years out of range: negative, fractional, after the appraisal period, benefits starting after it', () => {
    expect(issues(textbookWith((j) => (j.benefits[0].lagYears = -1)))[0]).toEqual({
      path: 'benefits[0].lagYears',
      message: 'must be 0 or later (years count from 0)',
    });
    expect(issues(textbookWith((j) => (j.benefits[0].durationYears = 1.5)))[0]).toEqual({
      path: 'benefits[0].durationYears',
      message: 'must be a whole number of years',
    });
    expect(
      issues(
        textbookWith((j) => {
          j.appraisalYears = 2;
          j.costs[0].amounts.push({ year: 5, amount: 1 });
          j.benefits[0].lagYears = 3;
        }),
      ),
    ).toEqual([
      { path: 'costs[0].amounts[1].year', message: 'year 5 is after the appraisal period (years 0 to 1)' },
      {
        path: 'benefits[0].lagYears',
        message: 'benefits would start in year 3, after the appraisal period (years 0 to 1)',
      },
    ]);
  });

  it('missing and unknown fields, and a wrong value type', () => {
    expect(
      issues(
        textbookWith((j) => {
          delete j.title;
          j.benefits[0].deadwieght = 0.1;
          j.benefits[0].valueType = 'fiscal';
          j.benefits[0].confidenceGrade = 7;
        }),
      ),
    ).toEqual(
      expect.arrayContaining([
        { path: 'title', message: 'is required' },
        { path: 'benefits[0]', message: 'unknown field "deadwieght"' },
        {
          path: 'benefits[0].valueType',
          message: 'must be one of fiscalCashable, fiscalNonCashable, economic, social',
        },
        {
          path: 'benefits[0].confidenceGrade',
          message: 'must be a confidence grade from 1 (strongest evidence) to 6 (weakest)',
        },
      ]),
    );
  });

  it('ids used twice, a schedule out of order, an incomplete optimism-bias table, an unfilled participation figure', () => {
    const found = issues(
      textbookWith((j) => {
        j.benefits.push({ ...j.benefits[0], cohort: { source: 'participation', measure: 'volunteers' } });
        j.discountSchedule = {
          bands: [
            { fromYear: 1, rate: 0.035 },
            { fromYear: 1, rate: 0.03 },
          ],
        };
        j.optimismBias = { grades: [1, 2, 3, 4, 5, 5].map((grade) => ({ grade, rate: 0.1 })) };
      }),
    );
    expect(found).toEqual([
      { path: 'benefits[1].id', message: '"outcome" is already used by benefits[0]' },
      { path: 'discountSchedule.bands[0].fromYear', message: 'the first band must start at year 0' },
      { path: 'discountSchedule.bands[1].fromYear', message: 'must be after the band before it (year 1)' },
      { path: 'optimismBias.grades', message: 'must give each grade 1 to 6 once; missing grade 6' },
      {
        path: 'benefits[1].cohort.size',
        message: 'the volunteers figure from participation data has not been filled in',
      },
    ]);
  });

  it('a value in another price year with no deflator, or a deflator missing that year', () => {
    expect(issues(textbookWith((j) => (j.benefits[0].unitValuePriceYear = 2019)))).toEqual([
      {
        path: 'benefits[0].unitValuePriceYear',
        message: 'the value is in 2019 prices but the file has no deflator series to uprate it to 2025',
      },
    ]);
    expect(
      issues(
        textbookWith((j) => {
          j.benefits[0].unitValuePriceYear = 2019;
          j.deflator = { name: 'GDP deflator', values: [{ year: 2025, index: 120 }] };
        }),
      ),
    ).toEqual([{ path: 'benefits[0].unitValuePriceYear', message: 'the deflator series has no index for 2019' }]);
  });

  it('hostile or malformed files: not JSON, not an object, prototype keys, a future format, huge lists', () => {
    expect(() => parseAppraisalJson('{"title": ')).toThrow(/\(file\): is not valid JSON/);
    expect(issues([])).toEqual([{ path: '(file)', message: 'must be an object ({…})' }]);
    expect(issues(null)[0]!.path).toBe('(file)');
    const proto = JSON.parse(
      textbook.replace('"formatVersion": 1,', '"formatVersion": 1, "__proto__": {"polluted": true},'),
    );
    expect(issues(proto)).toEqual([{ path: '(file)', message: 'unknown field "__proto__"' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(issues(textbookWith((j) => (j.formatVersion = 2)))).toEqual([
      { path: 'formatVersion', message: 'must be 1 (the only version there is)' },
    ]);
    const many = textbookWith(
      (j) => (j.benefits = Array.from({ length: 1001 }, (_, i) => ({ ...j.benefits[0], id: `b${i}` }))),
    );
    expect(issues(many)[0]!.path).toBe('benefits');
    expect(issues(textbookWith((j) => (j.title = '<script>'.repeat(100))))[0]!.path).toBe('title');
  });

  it('a file at the size limits still computes (200,000 cost entries once overflowed a spread call)', () => {
    const big = textbookWith((j) => {
      j.costs = Array.from({ length: 1000 }, (_, i) => ({
        ...j.costs[0],
        id: `c${i}`,
        amounts: Array.from({ length: 200 }, (_, year) => ({ year, amount: 1 })),
      }));
    }) as never;
    const r = computeAppraisal(big);
    expect(r.appraisalYears).toBe(200);
    expect(r.costLines).toHaveLength(1000);
  });

  it('computeAppraisal checks too, so a caller cannot skip the checks', () => {
    const bad = textbookWith((j) => (j.benefits[0].deadweight = 2)) as never;
    expect(() => computeAppraisal(bad)).toThrow(AppraisalError);
  });
});

describe('discountFactors', () => {
  it('refuses a schedule that does not start at year 0', () => {
    expect(() => discountFactors({ bands: [{ fromYear: 1, rate: 0.035 }] }, 3)).toThrow(/start at year 0/);
  });
  it('gives 1, 1/1.035, 1/1.035² for the first three years', () => {
    expect(discountFactors(greenBookDiscountSchedule, 3)).toEqual([1, 1 / 1.035, 1 / 1.035 / 1.035]);
  });
});

describe('uprate', () => {
  const series = {
    name: 'GDP deflator',
    values: [
      { year: 2019, index: 100 },
      { year: 2023, index: 118 },
    ],
  };
  it('restates a value by the ratio of the indexes, both ways', () => {
    expect(uprate(13_000, 2019, 2023, series)).toBeCloseTo(15_340, 8);
    expect(uprate(118, 2023, 2019, series)).toBeCloseTo(100, 8);
    expect(uprate(50, 2030, 2030, series)).toBe(50);
  });
  it('names the missing years', () => {
    expect(() => uprate(1, 2018, 2024, series)).toThrow(
      'the deflator series "GDP deflator" has no index for 2018 or 2024; add those years to uprate from 2018 to 2024 prices',
    );
  });
});

describe('money helpers', () => {
  it('converts pounds to whole pence and back', () => {
    expect(poundsToPence(8_500)).toBe(850_000);
    expect(poundsToPence(0.125)).toBe(13);
    expect(poundsToPence(1.005)).toBe(101);
    expect(penceToPounds(35_906_957)).toBe(359_069.57);
  });
});
