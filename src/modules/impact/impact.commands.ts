import { readFile, stat } from 'node:fs/promises';
import {
  AppraisalError,
  appraisalJsonSchema,
  computeAppraisal,
  parseAppraisalJson,
  roundResult,
  scenarioDefinitions,
  type AppraisalResult,
} from '../../lib/appraisal/index.js';
import { UsageError, type ModuleCommand } from '../../platform/modules.js';

/** Appraisal files are small; anything bigger is a mistake or an attack, and is refused unread. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

const pounds = (n: number) =>
  `${n < 0 ? '−' : ''}£${Math.abs(n).toLocaleString('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`;
const ratio = (n: number | null) => (n === null ? 'no costs' : n.toFixed(3));
// A terminal shows these in a narrow column, so they differ from the pages' labels.
const typeNames = {
  fiscalCashable: 'Fiscal, cashable',
  fiscalNonCashable: 'Fiscal, non-cashable',
  economic: 'Economic',
  social: 'Social',
} as const;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '))
    .join('\n');
}

/** A plain-text summary for a person at a terminal. */
export function summarise(r: AppraisalResult): string {
  const lines: string[] = [];
  lines.push(
    r.title,
    `Pounds at ${r.priceYear} prices, discounted to year 0 (${r.assumptions.discountSchedule.name ?? 'own schedule'}).`,
    '',
  );
  lines.push(
    table([
      ['Present value of costs', pounds(r.pvCosts)],
      ['Present value of benefits', pounds(r.pvBenefits)],
      ...Object.entries(typeNames).map(([k, name]) => [
        `  ${name}`,
        pounds(r.pvByValueType[k as keyof typeof typeNames]),
      ]),
      ['Net present value', pounds(r.npv)],
      ['Financial return (fiscal ÷ costs)', ratio(r.financialRoi)],
      ['Cashable return (cashable ÷ costs)', ratio(r.cashableRoi)],
      ['Public value return, SROI (all ÷ costs)', ratio(r.sroi)],
      ['Payback year', r.paybackYear === null ? 'not within the appraisal' : `year ${r.paybackYear}`],
    ]),
  );
  lines.push('', 'Who gains and who pays');
  lines.push(
    table([
      ['Agency', 'Benefits', 'Costs'],
      ...r.byAgency.map((a) => [a.agency, pounds(a.pvBenefits), pounds(a.pvCosts)]),
    ]),
  );
  lines.push('', 'By year (after optimism bias)');
  lines.push(
    table([
      ['Year', 'Factor', 'Costs', 'Benefits', 'Cum. PV costs', 'Cum. PV benefits'],
      ...r.years.map((y) => [
        String(y.year),
        y.discountFactor.toFixed(4),
        pounds(y.costs),
        pounds(y.benefitsTotal),
        pounds(y.cumulativeDiscountedCosts),
        pounds(y.cumulativeDiscountedBenefits),
      ]),
    ]),
  );
  if (r.sensitivity.length > 0) {
    lines.push('', 'What matters most (each assumption 20% down and up: NPV)');
    lines.push(
      table(r.sensitivity.slice(0, 8).map((s) => [s.label, `${pounds(s.npvAtLow)} to ${pounds(s.npvAtHigh)}`])),
    );
  }
  lines.push('', 'Scenarios');
  lines.push(
    table([
      ['', 'NPV', 'SROI'],
      ...(['low', 'central', 'high'] as const).map((k) => [k, pounds(r.scenarios[k].npv), ratio(r.scenarios[k].sroi)]),
    ]),
  );
  lines.push(`low: ${scenarioDefinitions.low}`, `high: ${scenarioDefinitions.high}`);
  return lines.join('\n');
}

async function readAppraisalFile(file: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`${file} is not a file.`);
    size = info.size;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(
      `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (err as Error).message}.`,
    );
  }
  if (size > MAX_FILE_BYTES) {
    throw new AppraisalError([{ path: '(file)', message: `is ${size} bytes; an appraisal file may be at most 5 MB` }]);
  }
  return readFile(file, 'utf8');
}

/** `commonground impact …`: appraisal commands (issue 4). They need no database and never open one. */
export const impactCommands: Record<string, ModuleCommand<unknown>> = {
  'impact appraise': {
    summary: 'Compute an appraisal file: present values, NPV, returns, payback, who benefits, by year',
    usage: 'commonground impact appraise FILE [--json]',
    options: { json: { type: 'boolean' } },
    positionals: { min: 1, max: 1 },
    async run({ values, positionals: [file] }) {
      try {
        const result = computeAppraisal(parseAppraisalJson(await readAppraisalFile(file!)));
        console.log(values.json ? JSON.stringify(roundResult(result), null, 2) : summarise(result));
        return 0;
      } catch (err) {
        if (!(err instanceof AppraisalError)) throw err;
        console.error(
          `Nothing was computed. Fix these problems in ${file} and try again:\n${err.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
        );
        return 1;
      }
    },
  },
  'impact schema': {
    summary: 'Print the JSON Schema of appraisal files',
    usage: 'commonground impact schema',
    options: {},
    run() {
      console.log(JSON.stringify(appraisalJsonSchema(), null, 2));
      return Promise.resolve(0);
    },
  },
};
