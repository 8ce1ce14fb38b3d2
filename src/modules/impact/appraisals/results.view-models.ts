import { tornadoChart, twoLineChart } from '../../../lib/appraisal-charts.js';
import {
  adjustmentExplanations,
  scenarioDefinitions,
  valueTypes,
  type AdjustmentKey,
  type AppraisalDocument,
  type AppraisalResult,
  type Headline,
} from '../../../lib/appraisal/index.js';
import { toCsv } from '../../../lib/csv.js';
import { money, moneyExact, numberText, percent, ratioText, valueTypeLabels } from '../impact.view-models.js';
import type { ImpactValue } from '../values/index.js';
import type { ResolvedCohort } from './appraisals.service.js';
import { costCategoryLabels } from './appraisals.view-models.js';

const cohortMeasureShort: Record<string, string> = {
  participants: 'unique participants',
  regularParticipants: 'regular participants (came in 3 or more months)',
  volunteers: 'volunteers',
  hours: 'participation hours',
};

export const yearText = (y: number | null) => (y === null ? 'Not within the appraisal period' : `Year ${y}`);

/** A value from the library, with the credit that must travel with it. */
export type ValueCredit = Pick<
  ImpactValue,
  'id' | 'description' | 'source' | 'sourceUrl' | 'licence' | 'attribution' | 'priceYearLabel' | 'code'
>;

/** One table for the page and for CSV. */
export type Table = { caption: string; head: string[]; rows: string[][] };

export function headlineTable(r: AppraisalResult): Table {
  return {
    caption: `Headline results (£, ${r.priceYear} prices, present values)`,
    head: ['Figure', 'Value'],
    rows: [
      ['Present value of costs', money(r.pvCosts)],
      ['Present value of benefits', money(r.pvBenefits)],
      ['Fiscal cashable benefits', money(r.pvByValueType.fiscalCashable)],
      ['All other benefits', money(r.pvBenefits - r.pvByValueType.fiscalCashable)],
      ['Net present value', money(r.npv)],
      ['Financial return on investment', ratioText(r.financialRoi)],
      ['Cashable return on investment', ratioText(r.cashableRoi)],
      ['Public value return on investment (SROI)', ratioText(r.sroi)],
      ['Payback year', yearText(r.paybackYear)],
      ['Fiscal payback year', yearText(r.fiscalPaybackYear)],
    ],
  };
}

export function valueTypeTable(r: AppraisalResult): Table {
  return {
    caption: 'Present value of benefits by type',
    head: ['Type of value', 'Present value'],
    rows: valueTypes.map((t) => [valueTypeLabels[t], money(r.pvByValueType[t])]),
  };
}

export function agencyTable(r: AppraisalResult): Table {
  return {
    caption: 'Who gains and who pays',
    head: ['Agency', 'Benefits (present value)', 'Of which fiscal cashable', 'Costs (present value)'],
    rows: r.byAgency.map((a) => [
      a.agency,
      money(a.pvBenefits),
      money(a.pvByValueType.fiscalCashable),
      money(a.pvCosts),
    ]),
  };
}

export function yearsTable(r: AppraisalResult): Table {
  return {
    caption: 'Year by year (after optimism bias)',
    head: [
      'Year',
      'Discount factor',
      'Costs',
      'Benefits',
      'Discounted costs',
      'Discounted benefits',
      'Cumulative net present value',
    ],
    rows: r.years.map((y) => [
      String(y.year),
      y.discountFactor.toFixed(4),
      money(y.costs),
      money(y.benefitsTotal),
      money(y.discountedCosts),
      money(y.discountedBenefitsTotal),
      money(y.cumulativeNetPresentValue),
    ]),
  };
}

export function scenariosTable(r: AppraisalResult): Table {
  const row = (name: string, h: Headline) => [
    name,
    money(h.pvCosts),
    money(h.pvBenefits),
    money(h.npv),
    ratioText(h.sroi),
    yearText(h.paybackYear),
  ];
  return {
    caption: 'Low, central and high cases',
    head: ['Case', 'Costs', 'Benefits', 'Net present value', 'SROI', 'Payback'],
    rows: [row('Low', r.scenarios.low), row('Central', r.scenarios.central), row('High', r.scenarios.high)],
  };
}

const RATE_ASSUMPTIONS = new Set([
  'engagementRate',
  'successRate',
  'deadweight',
  'displacement',
  'attribution',
  'dropOff',
  'discountRate',
]);

/** An assumption's central value in its own terms: a percentage, pounds, or a count. */
function assumptionText(assumption: string, value: number): string {
  if (RATE_ASSUMPTIONS.has(assumption)) return percent(value);
  if (assumption === 'unitValue' || assumption === 'amount') return money(value);
  return numberText(value);
}

export function sensitivityTable(r: AppraisalResult): Table {
  return {
    caption: 'Sensitivity: each assumption 20% lower and 20% higher',
    head: ['Assumption', 'Central', 'Net present value if 20% lower', 'Net present value if 20% higher', 'Swing'],
    rows: r.sensitivity.map((s) => [
      s.label,
      assumptionText(s.assumption, s.central),
      money(s.npvAtLow),
      money(s.npvAtHigh),
      money(s.npvSwing),
    ]),
  };
}

export function cumulativeTable(r: AppraisalResult): Table {
  return {
    caption: 'Cumulative costs and benefits over 10 years (discounted)',
    head: ['Year', 'Cumulative costs', 'Cumulative benefits'],
    rows: r.tenYearCumulative.map((p) => [String(p.year), money(p.costs), money(p.benefits)]),
  };
}

/** Everything the results page and the printable summary show. */
export function resultsView(
  doc: AppraisalDocument,
  r: AppraisalResult,
  credits: Map<string, ValueCredit>,
  cohorts: ResolvedCohort[],
) {
  const sens = r.sensitivity.slice(0, 10);
  const tornado = tornadoChart(
    sens.map((s) => ({ label: s.label, low: s.npvAtLow, high: s.npvAtHigh })),
    r.npv,
    { format: (n) => money(n) },
  );
  const cumulative = twoLineChart(
    r.tenYearCumulative.map((p) => `Year ${p.year}`),
    [
      { name: 'Costs', values: r.tenYearCumulative.map((p) => p.costs) },
      { name: 'Benefits', values: r.tenYearCumulative.map((p) => p.benefits) },
    ],
    { format: (n) => money(n) },
  );
  const crossover = r.tenYearCumulative.find((p) => p.benefits >= p.costs && p.costs > 0);
  const benefitLines = r.benefitLines.map((b) => {
    const line = doc.benefits.find((x) => x.id === b.id)!;
    const credit = b.valueId ? credits.get(b.valueId) : undefined;
    const cohort = cohorts.find((c) => c.lineId === b.id);
    return {
      ...b,
      anchor: `benefit-${b.id}`,
      typeLabel: valueTypeLabels[b.valueType],
      credit,
      unitPriceYear: line.unitValuePriceYear ?? doc.priceYear,
      uprated: b.unitValue !== b.unitValueAsEntered,
      unitAsEnteredText: moneyExact(b.unitValueAsEntered),
      unitText: moneyExact(b.unitValue),
      cohortText:
        line.cohort.source === 'typed'
          ? `${numberText(b.cohortSize)} (typed in)`
          : `${numberText(b.cohortSize)} ${cohortMeasureShort[line.cohort.measure] ?? line.cohort.measure}${cohort ? ` from ${cohort.from} to ${cohort.to}, counted from participation records` : line.cohort.period ? `, ${line.cohort.period}` : ''}`,
      steps: b.steps.map((s) => ({
        ...s,
        factorText:
          s.key === 'cohortSize'
            ? numberText(s.factor)
            : s.key === 'unitValue'
              ? moneyExact(s.factor)
              : `× ${numberText(s.factor)}`,
        valueText:
          s.key === 'cohortSize' || s.key === 'engagementRate' || s.key === 'successRate'
            ? numberText(s.value)
            : money(s.value),
        explanation:
          s.key in adjustmentExplanations ? adjustmentExplanations[s.key as AdjustmentKey].explanation : undefined,
      })),
      assumptions: [
        ['Drop-off each year after the first', percent(line.dropOff ?? 0)],
        ['Lag before benefits start', `${line.lagYears ?? 0} years`],
        ['How long it lasts', `${line.durationYears} years`],
        ['Confidence grade', `${b.confidenceGrade} (optimism bias takes away ${percent(b.optimismBias)})`],
        ...(b.yearsOutsideAppraisal > 0
          ? [
              [
                'Left out',
                `${b.yearsOutsideAppraisal} ${b.yearsOutsideAppraisal === 1 ? 'year' : 'years'} of this benefit fall after the appraisal period and are not counted`,
              ],
            ]
          : []),
      ],
      yearsRows: b.years.map((y) => [
        String(y.year),
        money(y.beforeOptimismBias),
        money(y.value),
        money(y.presentValue),
      ]),
      pv: money(b.presentValue),
    };
  });
  const costLines = r.costLines.map((c) => ({
    ...c,
    anchor: `cost-${c.id}`,
    categoryLabel: costCategoryLabels[c.category],
    yearsRows: c.years.map((y) => [String(y.year), money(y.asEntered), money(y.value), money(y.presentValue)]),
    pv: money(c.presentValue),
    hours: doc.costs
      .find((x) => x.id === c.id)
      ?.amounts.filter((a): a is { year: number; hours: number; hourlyRate: number } => 'hours' in a)
      .map((a) => `Year ${a.year}: ${numberText(a.hours)} hours at ${moneyExact(a.hourlyRate)} an hour`),
  }));
  return {
    priceYear: r.priceYear,
    headline: {
      pvCosts: money(r.pvCosts),
      pvBenefits: money(r.pvBenefits),
      npv: money(r.npv),
      financialRoi: ratioText(r.financialRoi),
      cashableRoi: ratioText(r.cashableRoi),
      sroi: ratioText(r.sroi),
      paybackYear: yearText(r.paybackYear),
      fiscalPaybackYear: yearText(r.fiscalPaybackYear),
      cashable: money(r.pvByValueType.fiscalCashable),
      otherBenefits: money(r.pvBenefits - r.pvByValueType.fiscalCashable),
    },
    byType: valueTypes.map((t) => ({
      key: t,
      label: valueTypeLabels[t],
      value: money(r.pvByValueType[t]),
      lines: benefitLines.filter((b) => b.valueType === t).map((b) => ({ anchor: b.anchor, name: b.name })),
    })),
    agencyTable: agencyTable(r),
    yearsTable: yearsTable(r),
    scenariosTable: scenariosTable(r),
    scenarioDefinitions,
    sensitivityTable: sensitivityTable(r),
    cumulativeTable: cumulativeTable(r),
    tornado,
    cumulative,
    crossoverText: crossover
      ? `Cumulative benefits first reach cumulative costs in year ${crossover.year}.`
      : 'Within 10 years, cumulative benefits do not reach cumulative costs.',
    benefitLines,
    costLines,
    explanations: adjustmentExplanations,
    assumptions: r.assumptions,
  };
}

/** Every results table as one CSV file: each table under its caption, a blank line between (RFC 4180). */
export function resultsCsv(r: AppraisalResult): string {
  return [
    headlineTable(r),
    valueTypeTable(r),
    agencyTable(r),
    yearsTable(r),
    scenariosTable(r),
    sensitivityTable(r),
    cumulativeTable(r),
  ]
    .map((t) => `${toCsv([[t.caption]])}${toCsv([t.head, ...t.rows])}`)
    .join('\r\n');
}

/** A download's file name: the appraisal's title and version, with nothing a header or a file system could trip on. */
export const downloadName = (a: { title: string; version: number }, extension: 'csv' | 'json') =>
  `appraisal-${a.title}-v${a.version}.${extension}`.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
