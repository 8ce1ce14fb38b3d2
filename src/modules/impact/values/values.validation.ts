import { z } from 'zod';
import { Invalid } from '../../../platform/errors.js';
import { lineText } from '../../../platform/fields.js';
import { gradeField, percentField, poundsToPence, priceYearField, urlField } from '../impact.fields.js';
import { valueTypes } from '../impact.schema.js';

/** The "Add a value" form. */
export const valueFormSchema = z.strictObject({
  description: lineText('a description', 300),
  code: lineText('the code', 40, false),
  unit: lineText('the unit', 120),
  value: poundsToPence('the value', { min: 0.01, max: 100_000_000 }),
  priceYear: priceYearField,
  valueType: z.enum(valueTypes, { error: 'Choose the type of value' }),
  agency: lineText('who bears or gains it', 80),
  confidenceGrade: gradeField,
  source: lineText('the source', 500),
  sourceUrl: urlField,
  licence: lineText('the licence', 200),
  attribution: lineText('the attribution', 500),
});
export type ValueForm = z.output<typeof valueFormSchema>;

/** The deflator series as typed: one "year, index" per line. */
export const deflatorFormSchema = z.strictObject({
  series: z.string().max(20_000, 'The series is too long').optional(),
  source: lineText('where the figures come from', 500),
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

/** The series a deflator form gives, or Invalid naming each bad line. */
export function deflatorSeries(text: string | undefined): { year: number; index: number }[] {
  const { series, problems } = parseDeflatorLines(text ?? '');
  if (problems.length) throw new Invalid(problems.map((message) => ({ field: 'series', message })));
  return series;
}

/** The optimism-bias table as typed: a percentage per grade (blank is NaN, refused by {@link biasRecord}). */
export const optimismBiasFormSchema = z.strictObject({
  grade1: percentField('the grade 1 correction', NaN),
  grade2: percentField('the grade 2 correction', NaN),
  grade3: percentField('the grade 3 correction', NaN),
  grade4: percentField('the grade 4 correction', NaN),
  grade5: percentField('the grade 5 correction', NaN),
  grade6: percentField('the grade 6 correction', NaN),
});

/** The table as fractions by grade (`{ "1": 0, "2": 0.05, … }`), or Invalid naming every grade left blank. */
export function biasRecord(data: z.output<typeof optimismBiasFormSchema>): Record<string, number> {
  const record: Record<string, number> = {};
  const missing = [];
  for (let g = 1; g <= 6; g++) {
    const rate = data[`grade${g}` as keyof typeof data];
    if (Number.isNaN(rate)) missing.push({ field: `grade${g}`, message: `Enter the correction for grade ${g}` });
    record[String(g)] = rate;
  }
  if (missing.length) throw new Invalid(missing);
  return record;
}
