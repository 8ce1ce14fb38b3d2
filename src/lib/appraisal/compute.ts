import { adjustmentExplanations, defaultOptimismBias, greenBookDiscountSchedule } from './defaults.js';
import { discountFactors, discountRateForYear } from './discount.js';
import { AppraisalError } from './errors.js';
import { parseAppraisal } from './schema.js';
import { uprate } from './uprate.js';
import {
  valueTypes,
  type AgencyResult,
  type AppraisalDocument,
  type AppraisalResult,
  type BenefitLine,
  type BenefitLineResult,
  type ByValueType,
  type CalculationStep,
  type ConfidenceGrade,
  type CostLine,
  type CostLineResult,
  type DiscountSchedule,
  type Headline,
  type OptimismBiasTable,
  type SensitivityRow,
  type ValueType,
  type YearRow,
} from './types.js';

/** A benefit line with every default filled in and its value at the appraisal's price year. */
type Benefit = {
  line: BenefitLine;
  cohortSize: number;
  engagementRate: number;
  successRate: number;
  unitValue: number;
  deadweight: number;
  displacement: number;
  attribution: number;
  dropOff: number;
  lagYears: number;
  durationYears: number;
  optimismBias: number;
};

/** A cost line with its amounts by year (hours already valued) and its uplift. */
type Cost = { line: CostLine; byYear: Map<number, number>; scale: number; optimismBias: number };

/** Everything the arithmetic needs, in a shape the sensitivity runs can vary cheaply. */
type Model = {
  years: number;
  schedule: DiscountSchedule;
  factors: number[];
  benefits: Benefit[];
  costs: Cost[];
};

const zeroByType = (): ByValueType => ({ fiscalCashable: 0, fiscalNonCashable: 0, economic: 0, social: 0 });
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const percent = (rate: number) => `${+(rate * 100).toFixed(2)}%`;
// One formatter for all labels: toLocaleString builds a new one per call, which was most of the run time.
const poundsFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const pounds = (n: number) => `£${poundsFormat.format(n)}`;

function obRate(table: OptimismBiasTable, grade: ConfidenceGrade): number {
  return table.grades.find((g) => g.grade === grade)!.rate;
}

function costAmount(a: CostLine['amounts'][number]): number {
  return 'amount' in a ? a.amount : a.hours * a.hourlyRate;
}

function buildModel(doc: AppraisalDocument): Model {
  const table = doc.optimismBias ?? defaultOptimismBias;
  const schedule = doc.discountSchedule ?? greenBookDiscountSchedule;
  const benefits = doc.benefits.map((line, i): Benefit => {
    let unitValue = line.unitValue;
    if (line.unitValuePriceYear !== undefined && line.unitValuePriceYear !== doc.priceYear) {
      if (!doc.deflator) {
        throw new AppraisalError([
          { path: `benefits[${i}].unitValuePriceYear`, message: 'needs a deflator series in the file' },
        ]);
      }
      unitValue = uprate(line.unitValue, line.unitValuePriceYear, doc.priceYear, doc.deflator);
    }
    if (line.cohort.size === undefined) {
      throw new AppraisalError([
        { path: `benefits[${i}].cohort.size`, message: 'the participation figure has not been filled in' },
      ]);
    }
    return {
      line,
      cohortSize: line.cohort.size,
      engagementRate: line.engagementRate ?? 1,
      successRate: line.successRate ?? 1,
      unitValue,
      deadweight: line.deadweight ?? 0,
      displacement: line.displacement ?? 0,
      attribution: line.attribution ?? 0,
      dropOff: line.dropOff ?? 0,
      lagYears: line.lagYears ?? 0,
      durationYears: line.durationYears,
      optimismBias: obRate(table, line.confidenceGrade),
    };
  });
  const costs = doc.costs.map((line): Cost => {
    const byYear = new Map<number, number>();
    for (const a of line.amounts) byYear.set(a.year, (byYear.get(a.year) ?? 0) + costAmount(a));
    return { line, byYear, scale: 1, optimismBias: obRate(table, line.confidenceGrade) };
  });
  // A loop, not Math.max(...all): a big file has more years than a call may take arguments.
  let lastYear = 0;
  for (const c of costs) for (const year of c.byYear.keys()) lastYear = Math.max(lastYear, year);
  for (const b of benefits) lastYear = Math.max(lastYear, b.lagYears + b.durationYears - 1);
  const years = doc.appraisalYears ?? lastYear + 1;
  return { years, schedule, factors: discountFactors(schedule, years), benefits, costs };
}

/** The first full year's value of a benefit line, before drop-off and optimism bias. */
function firstYearValue(b: Benefit): number {
  return (
    b.cohortSize *
    b.engagementRate *
    b.successRate *
    b.unitValue *
    (1 - b.deadweight) *
    (1 - b.displacement) *
    (1 - b.attribution)
  );
}

/** Per-year arrays of one run: costs, benefits by type, and the headline figures. */
type Run = {
  costs: number[];
  benefits: Record<ValueType, number[]>;
  headline: Headline;
  fiscalPaybackYear: number | null;
  pvByValueType: ByValueType;
};

function run(model: Model): Run {
  const { years, factors } = model;
  const costs = new Array<number>(years).fill(0);
  const benefits = Object.fromEntries(valueTypes.map((t) => [t, new Array<number>(years).fill(0)])) as Record<
    ValueType,
    number[]
  >;
  for (const c of model.costs) {
    for (const [year, amount] of c.byYear) costs[year]! += amount * c.scale * (1 + c.optimismBias);
  }
  for (const b of model.benefits) {
    const first = firstYearValue(b) * (1 - b.optimismBias);
    const series = benefits[b.line.valueType];
    const end = Math.min(years, b.lagYears + b.durationYears);
    let value = first;
    for (let t = b.lagYears; t < end; t++) {
      series[t]! += value;
      value *= 1 - b.dropOff;
    }
  }
  let pvCosts = 0;
  let pvBenefits = 0;
  let pvFiscal = 0;
  let paybackYear: number | null = null;
  let fiscalPaybackYear: number | null = null;
  const pvByValueType = zeroByType();
  for (let t = 0; t < years; t++) {
    const f = factors[t]!;
    pvCosts += costs[t]! * f;
    for (const type of valueTypes) {
      const pv = benefits[type][t]! * f;
      pvByValueType[type] += pv;
      pvBenefits += pv;
      if (type === 'fiscalCashable' || type === 'fiscalNonCashable') pvFiscal += pv;
    }
    if (paybackYear === null && pvBenefits > 0 && pvBenefits >= pvCosts) paybackYear = t;
    if (fiscalPaybackYear === null && pvFiscal > 0 && pvFiscal >= pvCosts) fiscalPaybackYear = t;
  }
  return {
    costs,
    benefits,
    pvByValueType,
    fiscalPaybackYear,
    headline: {
      pvCosts,
      pvBenefits,
      npv: pvBenefits - pvCosts,
      financialRoi: ratio(pvFiscal, pvCosts),
      sroi: ratio(pvBenefits, pvCosts),
      paybackYear,
    },
  };
}

const clampRate = (r: number) => Math.min(1, Math.max(0, r));
const multipliers = ['cohortSize', 'engagementRate', 'successRate', 'unitValue'] as const;
const reductions = ['deadweight', 'displacement', 'attribution', 'dropOff'] as const;
type BenefitAssumption = (typeof multipliers)[number] | (typeof reductions)[number];
const isRate = (a: BenefitAssumption) => a !== 'cohortSize' && a !== 'unitValue';

/** Present value of one benefit line (after optimism bias), as {@link run} adds it up. */
function benefitPv(b: Benefit, model: Model): number {
  let pv = 0;
  let value = firstYearValue(b) * (1 - b.optimismBias);
  const end = Math.min(model.years, b.lagYears + b.durationYears);
  for (let t = b.lagYears; t < end; t++) {
    pv += value * model.factors[t]!;
    value *= 1 - b.dropOff;
  }
  return pv;
}

/** Present value of one cost line (after optimism bias). */
function costPv(c: Cost, model: Model): number {
  let pv = 0;
  for (const [year, amount] of c.byYear) pv += amount * c.scale * (1 + c.optimismBias) * model.factors[year]!;
  return pv;
}

/**
 * One bar per assumption. A line's assumptions only move that line's present value, so each bar
 * swaps the line's central PV for its varied PV instead of recomputing every line: the cost
 * grows with lines × years, not lines² × years.
 */
function sensitivity(model: Model, central: Headline): SensitivityRow[] {
  const rows: SensitivityRow[] = [];
  const add = (
    row: Pick<SensitivityRow, 'key' | 'lineId' | 'assumption' | 'label' | 'central' | 'lowValue' | 'highValue'>,
    low: { pvCosts: number; pvBenefits: number },
    high: { pvCosts: number; pvBenefits: number },
  ) => {
    if (row.lowValue === row.central && row.highValue === row.central) return; // nothing to vary (a rate of 0)
    const npvAtLow = low.pvBenefits - low.pvCosts;
    const npvAtHigh = high.pvBenefits - high.pvCosts;
    rows.push({
      ...row,
      npvAtLow,
      npvAtHigh,
      sroiAtLow: ratio(low.pvBenefits, low.pvCosts),
      sroiAtHigh: ratio(high.pvBenefits, high.pvCosts),
      npvSwing: Math.abs(npvAtHigh - npvAtLow),
    });
  };
  const { pvCosts, pvBenefits } = central;
  model.benefits.forEach((b) => {
    const own = benefitPv(b, model);
    const varied = (change: Partial<Benefit>) => ({
      pvCosts,
      pvBenefits: pvBenefits - own + benefitPv({ ...b, ...change }, model),
    });
    for (const assumption of [...multipliers, ...reductions]) {
      const value = b[assumption];
      const lowValue = isRate(assumption) ? clampRate(value * 0.8) : value * 0.8;
      const highValue = isRate(assumption) ? clampRate(value * 1.2) : value * 1.2;
      add(
        {
          key: `benefit:${b.line.id}:${assumption}`,
          lineId: b.line.id,
          assumption,
          label: `${b.line.name}: ${adjustmentExplanations[assumption].title.toLowerCase()}`,
          central: value,
          lowValue,
          highValue,
        },
        varied({ [assumption]: lowValue }),
        varied({ [assumption]: highValue }),
      );
    }
  });
  model.costs.forEach((c) => {
    const own = costPv(c, model);
    const total = [...c.byYear.values()].reduce((sum, v) => sum + v, 0);
    add(
      {
        key: `cost:${c.line.id}:amount`,
        lineId: c.line.id,
        assumption: 'amount',
        label: `${c.line.name}: amount`,
        central: total,
        lowValue: total * 0.8,
        highValue: total * 1.2,
      },
      { pvCosts: pvCosts - own + own * 0.8, pvBenefits },
      { pvCosts: pvCosts - own + own * 1.2, pvBenefits },
    );
  });
  const withRates = (m: number): Model => {
    const schedule = { ...model.schedule, bands: model.schedule.bands.map((b) => ({ ...b, rate: b.rate * m })) };
    return { ...model, schedule, factors: discountFactors(schedule, model.years) };
  };
  const firstRate = model.schedule.bands[0]!.rate;
  add(
    {
      key: 'discountRate',
      assumption: 'discountRate',
      label: 'Discount rate (every band)',
      central: firstRate,
      lowValue: firstRate * 0.8,
      highValue: firstRate * 1.2,
    },
    run(withRates(0.8)).headline,
    run(withRates(1.2)).headline,
  );
  // Ties keep file order (sort is stable), which is also the order people wrote the lines in.
  return rows.sort((a, b) => b.npvSwing - a.npvSwing);
}

/** Every assumption moved 20% one way at once: `favour` 1 for the high case, −1 for the low. */
function scenario(model: Model, favour: 1 | -1): Model {
  const up = 1 + 0.2 * favour;
  const down = 1 - 0.2 * favour;
  return {
    ...model,
    costs: model.costs.map((c) => ({ ...c, scale: c.scale * down })),
    benefits: model.benefits.map((b) => ({
      ...b,
      cohortSize: b.cohortSize * up,
      engagementRate: clampRate(b.engagementRate * up),
      successRate: clampRate(b.successRate * up),
      unitValue: b.unitValue * up,
      deadweight: clampRate(b.deadweight * down),
      displacement: clampRate(b.displacement * down),
      attribution: clampRate(b.attribution * down),
      dropOff: clampRate(b.dropOff * down),
    })),
  };
}

function benefitSteps(b: Benefit): CalculationStep[] {
  const steps: CalculationStep[] = [];
  let value = b.cohortSize;
  const push = (key: string, label: string, factor: number) => {
    value *= factor;
    steps.push({ key, label, factor, value });
  };
  steps.push({ key: 'cohortSize', label: `Cohort of ${b.cohortSize}`, factor: b.cohortSize, value });
  push('engagementRate', `Engagement rate (${percent(b.engagementRate)})`, b.engagementRate);
  push('successRate', `Success rate (${percent(b.successRate)})`, b.successRate);
  push('unitValue', `Value per person (${pounds(b.unitValue)} a year)`, b.unitValue);
  push('deadweight', `Take away deadweight (${percent(b.deadweight)})`, 1 - b.deadweight);
  push('displacement', `Take away displacement (${percent(b.displacement)})`, 1 - b.displacement);
  push('attribution', `Take away attribution (${percent(b.attribution)})`, 1 - b.attribution);
  return steps;
}

function benefitLineResult(b: Benefit, model: Model): BenefitLineResult {
  const first = firstYearValue(b);
  const years: BenefitLineResult['years'] = [];
  const end = Math.min(model.years, b.lagYears + b.durationYears);
  let before = first;
  for (let t = b.lagYears; t < end; t++) {
    const value = before * (1 - b.optimismBias);
    years.push({
      year: t,
      yearsSinceStart: t - b.lagYears,
      beforeOptimismBias: before,
      value,
      presentValue: value * model.factors[t]!,
    });
    before *= 1 - b.dropOff;
  }
  const { line } = b;
  return {
    id: line.id,
    name: line.name,
    valueType: line.valueType,
    agency: line.agency,
    ...(line.valueId !== undefined && { valueId: line.valueId }),
    ...(line.source !== undefined && { source: line.source }),
    cohortSize: b.cohortSize,
    outcomes: b.cohortSize * b.engagementRate * b.successRate,
    unitValueAsEntered: line.unitValue,
    unitValue: b.unitValue,
    confidenceGrade: line.confidenceGrade,
    optimismBias: b.optimismBias,
    steps: benefitSteps(b),
    firstYearValue: first,
    years,
    yearsOutsideAppraisal: b.durationYears - years.length,
    ...totals(years),
  };
}

/** A line's total over its years, undiscounted and discounted. */
function totals(years: readonly { value: number; presentValue: number }[]) {
  return {
    total: years.reduce((s, y) => s + y.value, 0),
    presentValue: years.reduce((s, y) => s + y.presentValue, 0),
  };
}

function costLineResult(c: Cost, model: Model): CostLineResult {
  const years = [...c.byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, asEntered]) => {
      const value = asEntered * (1 + c.optimismBias);
      return { year, asEntered, value, presentValue: value * model.factors[year]! };
    });
  const { line } = c;
  return {
    id: line.id,
    name: line.name,
    category: line.category,
    agency: line.agency,
    ...(line.source !== undefined && { source: line.source }),
    confidenceGrade: line.confidenceGrade,
    optimismBias: c.optimismBias,
    years,
    ...totals(years),
  };
}

function agencies(benefitLines: BenefitLineResult[], costLines: CostLineResult[]): AgencyResult[] {
  const map = new Map<string, AgencyResult>();
  const get = (agency: string) => {
    let a = map.get(agency);
    if (!a) map.set(agency, (a = { agency, pvBenefits: 0, pvByValueType: zeroByType(), pvCosts: 0 }));
    return a;
  };
  for (const l of benefitLines) {
    const a = get(l.agency);
    a.pvBenefits += l.presentValue;
    a.pvByValueType[l.valueType] += l.presentValue;
  }
  for (const l of costLines) get(l.agency).pvCosts += l.presentValue;
  return [...map.values()].sort(
    (a, b) => b.pvBenefits - a.pvBenefits || b.pvCosts - a.pvCosts || a.agency.localeCompare(b.agency),
  );
}

function yearTable(model: Model, r: Run): YearRow[] {
  const rows: YearRow[] = [];
  let cumCosts = 0;
  let cumBenefits = 0;
  let cumFiscal = 0;
  for (let t = 0; t < model.years; t++) {
    const f = model.factors[t]!;
    const benefits = zeroByType();
    const discountedBenefits = zeroByType();
    for (const type of valueTypes) {
      benefits[type] = r.benefits[type][t]!;
      discountedBenefits[type] = benefits[type] * f;
    }
    const benefitsTotal = valueTypes.reduce((s, type) => s + benefits[type], 0);
    const discountedBenefitsTotal = valueTypes.reduce((s, type) => s + discountedBenefits[type], 0);
    const discountedCosts = r.costs[t]! * f;
    cumCosts += discountedCosts;
    cumBenefits += discountedBenefitsTotal;
    cumFiscal += discountedBenefits.fiscalCashable + discountedBenefits.fiscalNonCashable;
    rows.push({
      year: t,
      discountFactor: f,
      discountRate: t === 0 ? 0 : discountRateForYear(model.schedule, t),
      costs: r.costs[t]!,
      benefits,
      benefitsTotal,
      discountedCosts,
      discountedBenefits,
      discountedBenefitsTotal,
      cumulativeDiscountedCosts: cumCosts,
      cumulativeDiscountedBenefits: cumBenefits,
      cumulativeDiscountedFiscalBenefits: cumFiscal,
      cumulativeNetPresentValue: cumBenefits - cumCosts,
    });
  }
  return rows;
}

/**
 * Computes an appraisal: present values, ratios, payback, who gains, the per-year table, the
 * working for every line, sensitivity and scenarios. The document is checked first (see
 * {@link parseAppraisal}); a bad one throws an {@link AppraisalError} and nothing is computed.
 * Figures are unrounded pounds at the document's price year.
 */
export function computeAppraisal(input: AppraisalDocument): AppraisalResult {
  const doc = parseAppraisal(input);
  const model = buildModel(doc);
  const central = run(model);
  const benefitLines = model.benefits.map((b) => benefitLineResult(b, model));
  const costLines = model.costs.map((c) => costLineResult(c, model));
  const years = yearTable(model, central);
  const tenYearCumulative = Array.from({ length: 10 }, (_, t) => {
    const row = years[Math.min(t, years.length - 1)]!;
    return { year: t, costs: row.cumulativeDiscountedCosts, benefits: row.cumulativeDiscountedBenefits };
  });
  return {
    title: doc.title,
    priceYear: doc.priceYear,
    appraisalYears: model.years,
    ...central.headline,
    pvByValueType: central.pvByValueType,
    cashableRoi: ratio(central.pvByValueType.fiscalCashable, central.headline.pvCosts),
    fiscalPaybackYear: central.fiscalPaybackYear,
    byAgency: agencies(benefitLines, costLines),
    years,
    tenYearCumulative,
    benefitLines,
    costLines,
    sensitivity: sensitivity(model, central.headline),
    scenarios: {
      low: run(scenario(model, -1)).headline,
      central: central.headline,
      high: run(scenario(model, 1)).headline,
    },
    assumptions: {
      discountSchedule: model.schedule,
      optimismBias: doc.optimismBias ?? defaultOptimismBias,
      customDiscountSchedule: doc.discountSchedule !== undefined,
      customOptimismBias: doc.optimismBias !== undefined,
    },
  };
}
