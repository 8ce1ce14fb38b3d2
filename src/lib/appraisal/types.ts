/**
 * The appraisal file format (version 1) and the results of computing one.
 *
 * Conventions, the same everywhere in the file: years are whole numbers counted from 0 (the year
 * the appraisal starts, undiscounted); rates are fractions (0.4 means 40%); money is in pounds at
 * the appraisal's price year (real prices, not cash). The method is written up in docs/appraisal.md.
 */

/** The four kinds of value the GMCA cost-benefit model keeps apart. */
export const valueTypes = ['fiscalCashable', 'fiscalNonCashable', 'economic', 'social'] as const;

/**
 * - `fiscalCashable`: money a public body stops spending and could take out of a budget.
 * - `fiscalNonCashable`: public-sector time or capacity freed up but not released as cash.
 * - `economic`: gains to people or the local economy, such as earnings.
 * - `social`: wellbeing, health, cohesion and other gains to people that are not money.
 */
export type ValueType = (typeof valueTypes)[number];

/** An amount for each value type. */
export type ByValueType = Record<ValueType, number>;

/**
 * How sure the evidence is, from 1 (independently audited or robust local data) to 6 (expert
 * judgement or an untested assumption). The grade picks the optimism-bias correction.
 */
export type ConfidenceGrade = 1 | 2 | 3 | 4 | 5 | 6;

/** The kinds of cost the GMCA model separates. */
export const costCategories = ['capital', 'revenue', 'inKind'] as const;

/**
 * - `capital`: one-off spending on assets (buildings, equipment).
 * - `revenue`: running costs (staff, rent, materials).
 * - `inKind`: resources given rather than paid for, including volunteer time valued as an input.
 */
export type CostCategory = (typeof costCategories)[number];

/** What the appraisal covers. */
export type AppraisalScope = {
  /** A single project, a programme of several, or the whole place. */
  type: 'project' | 'programme' | 'place';
  /** The identifier of the project or programme in Commonground, when there is one. */
  reference?: string;
  /** Its name, for people reading the file. */
  name?: string;
};

/** One band of a discount schedule: the rate that applies from `fromYear` until the next band. */
export type DiscountBand = {
  /** First year the rate applies to (the first band starts at 0). */
  fromYear: number;
  /** Annual discount rate as a fraction (0.035 for 3.5%). */
  rate: number;
};

/** A discount schedule: year-by-year rates, compounded across bands. Default: HM Treasury Green Book STPR. */
export type DiscountSchedule = {
  /** A name to show beside results, for example "HM Treasury Green Book (standard)". */
  name?: string;
  /** Where the rates come from. */
  source?: string;
  /** Bands in order of `fromYear`, the first starting at year 0; the last runs for ever. */
  bands: DiscountBand[];
};

/** The optimism-bias correction for one confidence grade. */
export type OptimismBiasGrade = {
  /** The confidence grade this row is for. */
  grade: ConfidenceGrade;
  /** The correction as a fraction: costs are multiplied by (1 + rate), benefits by (1 − rate). */
  rate: number;
  /** What evidence earns this grade, in plain English. */
  description?: string;
};

/** A table of optimism-bias corrections by confidence grade; it must give all six grades. */
export type OptimismBiasTable = {
  /** A name to show beside results. */
  name?: string;
  /** Where the corrections come from. */
  source?: string;
  /** One row for each grade 1 to 6. */
  grades: OptimismBiasGrade[];
};

/** A price index by year (for example the HM Treasury GDP deflator), used to uprate values. */
export type DeflatorSeries = {
  /** A name to show, for example "GDP deflator, HM Treasury, March 2026". */
  name: string;
  /** Where the figures come from. */
  source?: string;
  /** The index for each year; only the ratios between years matter. For financial years, the year they start. */
  values: { year: number; index: number }[];
};

/** Money spent in one year of a cost line: an amount, or volunteer (or other) hours at an hourly rate. */
export type CostAmount =
  | {
      /** The year the money is spent (0 = first year). */
      year: number;
      /** Pounds at the appraisal's price year. */
      amount: number;
    }
  | {
      /** The year the time is given (0 = first year). */
      year: number;
      /** Hours given, for example by volunteers. */
      hours: number;
      /** Pounds per hour the time is valued at (for example median hourly earnings). */
      hourlyRate: number;
    };

/** A cost: what goes in, by year. */
export type CostLine = {
  /** Unique within the file; results and links refer to it. */
  id: string;
  /** What the cost is, for example "Project designer salaries". */
  name: string;
  /** Capital, revenue or in-kind. */
  category: CostCategory;
  /** Who bears the cost, for example "council", "NHS", "residents" (free text; the module may offer a list). */
  agency: string;
  /** How sure the figures are; picks the optimism-bias uplift. */
  confidenceGrade: ConfidenceGrade;
  /** Where the figures come from. */
  source?: string;
  /** The money (or valued time) by year. A year may appear more than once; amounts add up. */
  amounts: CostAmount[];
};

/** Who the benefit line counts. */
export type Cohort =
  | {
      /** A number typed in by whoever wrote the appraisal. */
      source: 'typed';
      /** How many people (or other units) the line counts. */
      size: number;
    }
  | {
      /** A figure from Commonground's participation data, looked up by the caller before computing. */
      source: 'participation';
      /** Which figure: unique participants, regular participants, volunteers, or hours of participation. */
      measure: 'participants' | 'regularParticipants' | 'volunteers' | 'hours';
      /** The resolved figure. Computing refuses a participation cohort without it. */
      size?: number;
      /** The period the figure covers, for people reading the file (for example "2025-04-01 to 2026-03-31"). */
      period?: string;
    };

/** A benefit: an outcome for a cohort, valued per person per year. */
export type BenefitLine = {
  /** Unique within the file; results and links refer to it. */
  id: string;
  /** The outcome, for example "Reduced loneliness". */
  name: string;
  /** Who is counted and how many. */
  cohort: Cohort;
  /** Share of the cohort that takes part enough to benefit (fraction; 1 if left out). */
  engagementRate?: number;
  /** Share of those engaged who achieve the outcome (fraction; 1 if left out). */
  successRate?: number;
  /** Pounds per person achieving the outcome, per year it lasts. */
  unitValue: number;
  /** The price year of `unitValue` when it differs from the appraisal's; needs a deflator series in the file. */
  unitValuePriceYear?: number;
  /** What kind of value it is. */
  valueType: ValueType;
  /** Who gains it: "council", "NHS", "DWP", "police", "residents"… (free text). */
  agency: string;
  /** The id of the value in the place's value library, when it came from there. */
  valueId?: string;
  /** Where the unit value comes from (publication, table, licence), shown beside every figure. */
  source?: string;
  /** Share of the outcome that would have happened anyway (fraction; 0 if left out). */
  deadweight?: number;
  /** Share of the outcome that merely moves from elsewhere (fraction; 0 if left out). */
  displacement?: number;
  /** Share of the outcome owed to other people or organisations (fraction; 0 if left out). */
  attribution?: number;
  /** Share of the outcome lost each year after the first year of benefit (fraction; 0 if left out). */
  dropOff?: number;
  /** Years before benefits start: 0 means from year 0 (0 if left out). */
  lagYears?: number;
  /** How many years the outcome lasts, from the first year of benefit (at least 1). */
  durationYears: number;
  /** How sure the evidence is; picks the optimism-bias reduction. */
  confidenceGrade: ConfidenceGrade;
};

/** An appraisal file (format version 1). */
export type AppraisalDocument = {
  /** The published JSON Schema's address, for editors that validate as you type. */
  $schema?: string;
  /** Always 1 for this format. */
  formatVersion: 1;
  /** A title for people, for example "Every One Every Day: first two years". */
  title: string;
  /** What is being appraised and why, in a sentence or two. */
  description?: string;
  /** What the appraisal covers. */
  scope: AppraisalScope;
  /** The year whose prices every pound in the file is in (for a financial year, the year it starts). */
  priceYear: number;
  /**
   * How many years the appraisal runs (years 0 to appraisalYears − 1); benefits and costs after it
   * are left out. If left out: up to the last year any cost or benefit falls in.
   */
  appraisalYears?: number;
  /** The discount schedule; the Green Book's standard STPR if left out. */
  discountSchedule?: DiscountSchedule;
  /** Optimism-bias corrections by confidence grade; the default table if left out. */
  optimismBias?: OptimismBiasTable;
  /** Price index used to uprate unit values from their own price year to `priceYear`. */
  deflator?: DeflatorSeries;
  /** What goes in. */
  costs: CostLine[];
  /** What comes out. */
  benefits: BenefitLine[];
};

/** One step of a benefit line's calculation, so each figure can be traced to its assumption. */
export type CalculationStep = {
  /** Which assumption this step applies, for example "deadweight" (matches `adjustmentExplanations`). */
  key: string;
  /** Plain-English label, for example "Take away deadweight (40%)". */
  label: string;
  /** The multiplier applied (for example 0.6), or the value multiplied in (for the cohort and unit value). */
  factor: number;
  /** The running value after this step, in pounds per year (before drop-off and discounting). */
  value: number;
};

/** One year of a benefit line. */
export type BenefitLineYear = {
  /** Year number. */
  year: number;
  /** Years since this line's benefits began (0 in the first year of benefit). */
  yearsSinceStart: number;
  /** Value before optimism bias, after drop-off, undiscounted. */
  beforeOptimismBias: number;
  /** Value after optimism bias, undiscounted. */
  value: number;
  /** Value after optimism bias, discounted to present value. */
  presentValue: number;
};

/** The working for one benefit line. */
export type BenefitLineResult = {
  /** The line's id in the file. */
  id: string;
  /** The line's name. */
  name: string;
  /** Its value type. */
  valueType: ValueType;
  /** Who gains it. */
  agency: string;
  /** The value library id, if any. */
  valueId?: string;
  /** Where the value comes from. */
  source?: string;
  /** The cohort size used. */
  cohortSize: number;
  /** People achieving the outcome: cohort × engagement × success. */
  outcomes: number;
  /** The unit value as written in the file. */
  unitValueAsEntered: number;
  /** The unit value at the appraisal's price year (the same unless uprated). */
  unitValue: number;
  /** The confidence grade and the optimism-bias reduction it brings. */
  confidenceGrade: ConfidenceGrade;
  /** The reduction applied to the line's benefits (fraction). */
  optimismBias: number;
  /** Each step from cohort to the first full year's value, in order. */
  steps: CalculationStep[];
  /** The value in the first year of benefit, after deadweight, displacement and attribution, before optimism bias. */
  firstYearValue: number;
  /** The years in which the line has value, within the appraisal period. */
  years: BenefitLineYear[];
  /** Years of benefit left out because the appraisal period ends first (0 when none are). */
  yearsOutsideAppraisal: number;
  /** Sum of undiscounted values after optimism bias. */
  total: number;
  /** Present value after optimism bias. */
  presentValue: number;
};

/** The working for one cost line. */
export type CostLineResult = {
  /** The line's id in the file. */
  id: string;
  /** The line's name. */
  name: string;
  /** Capital, revenue or in-kind. */
  category: CostCategory;
  /** Who bears it. */
  agency: string;
  /** Where the figures come from. */
  source?: string;
  /** The confidence grade. */
  confidenceGrade: ConfidenceGrade;
  /** The uplift applied to the line's costs (fraction). */
  optimismBias: number;
  /** By year: amount as entered (hours already valued), after optimism bias, and present value. */
  years: { year: number; asEntered: number; value: number; presentValue: number }[];
  /** Sum of undiscounted costs after optimism bias. */
  total: number;
  /** Present value after optimism bias. */
  presentValue: number;
};

/** One row of the per-year table. All money after optimism bias. */
export type YearRow = {
  /** Year number, from 0. */
  year: number;
  /** Discount factor: 1 in year 0, compounding the schedule's rates. */
  discountFactor: number;
  /** The rate that applied in this year (the rate used to get here from the year before; 0 in year 0). */
  discountRate: number;
  /** Costs in the year, undiscounted. */
  costs: number;
  /** Benefits in the year, undiscounted, by value type. */
  benefits: ByValueType;
  /** All benefits in the year, undiscounted. */
  benefitsTotal: number;
  /** Costs × discount factor. */
  discountedCosts: number;
  /** Benefits × discount factor, by value type. */
  discountedBenefits: ByValueType;
  /** All benefits × discount factor. */
  discountedBenefitsTotal: number;
  /** Discounted costs from year 0 to this year. */
  cumulativeDiscountedCosts: number;
  /** Discounted benefits from year 0 to this year. */
  cumulativeDiscountedBenefits: number;
  /** Discounted fiscal (cashable and non-cashable) benefits from year 0 to this year. */
  cumulativeDiscountedFiscalBenefits: number;
  /** Cumulative discounted benefits minus cumulative discounted costs. */
  cumulativeNetPresentValue: number;
};

/** Benefits and costs for one agency. */
export type AgencyResult = {
  /** The agency as written in the file. */
  agency: string;
  /** Present value of the benefits it gains. */
  pvBenefits: number;
  /** The same by value type. */
  pvByValueType: ByValueType;
  /** Present value of the costs it bears. */
  pvCosts: number;
};

/** The headline figures, shared by the central case, scenarios and sensitivity. */
export type Headline = {
  /** Present value of costs, after optimism bias. */
  pvCosts: number;
  /** Present value of all benefits, after optimism bias. */
  pvBenefits: number;
  /** pvBenefits − pvCosts. */
  npv: number;
  /** Fiscal benefits (cashable and non-cashable) ÷ costs, in present values; null when costs are 0. */
  financialRoi: number | null;
  /** All benefits ÷ costs (the public value ratio, or SROI), in present values; null when costs are 0. */
  sroi: number | null;
  /** First year in which cumulative discounted benefits reach cumulative discounted costs; null if never. */
  paybackYear: number | null;
};

/** One bar of the tornado chart: one assumption moved 20% down and 20% up, everything else held. */
export type SensitivityRow = {
  /** Stable key, for example "benefit:volunteering:deadweight" or "cost:staff:amount" or "discountRate". */
  key: string;
  /** Which line it belongs to (absent for the discount rate). */
  lineId?: string;
  /** Which assumption: a benefit field name, "amount" for a cost line, or "discountRate". */
  assumption: string;
  /** Plain-English label, for example "Volunteering: deadweight". */
  label: string;
  /** The assumption's value in the central case. */
  central: number;
  /** The assumption 20% lower (rates kept within 0–1). */
  lowValue: number;
  /** The assumption 20% higher (rates kept within 0–1). */
  highValue: number;
  /** NPV with the lower value. */
  npvAtLow: number;
  /** NPV with the higher value. */
  npvAtHigh: number;
  /** SROI with the lower value (null when costs are 0). */
  sroiAtLow: number | null;
  /** SROI with the higher value (null when costs are 0). */
  sroiAtHigh: number | null;
  /** |npvAtHigh − npvAtLow|: the bar's length; rows are sorted by it, longest first. */
  npvSwing: number;
};

/** Low, central and high cases (defined in docs/appraisal.md and `scenarioDefinitions`). */
export type Scenarios = {
  /** Every assumption moved 20% against the case. */
  low: Headline;
  /** The appraisal as written. */
  central: Headline;
  /** Every assumption moved 20% in favour of the case. */
  high: Headline;
};

/** One point of the 10-year chart of cumulative costs against cumulative benefits (discounted). */
export type CumulativePoint = {
  /** Year number, 0 to 9. */
  year: number;
  /** Discounted costs from year 0 to this year. */
  costs: number;
  /** Discounted benefits from year 0 to this year. */
  benefits: number;
};

/** Everything computed from an appraisal file. Money is in pounds at the price year, unrounded. */
export type AppraisalResult = Headline & {
  /** The file's title. */
  title: string;
  /** The price year of every pound. */
  priceYear: number;
  /** Years appraised (years 0 to appraisalYears − 1). */
  appraisalYears: number;
  /** Present value of benefits by value type; fiscal cashable is the figure to show apart. */
  pvByValueType: ByValueType;
  /** Fiscal cashable benefits alone ÷ costs, in present values; null when costs are 0. */
  cashableRoi: number | null;
  /** First year in which cumulative discounted fiscal benefits reach cumulative discounted costs (the GMCA payback); null if never. */
  fiscalPaybackYear: number | null;
  /** Who gains and who pays, largest benefit first. */
  byAgency: AgencyResult[];
  /** The per-year table, years 0 to appraisalYears − 1. */
  years: YearRow[];
  /** Cumulative discounted costs and benefits for years 0 to 9, for the 10-year chart. */
  tenYearCumulative: CumulativePoint[];
  /** The working for each benefit line, in file order. */
  benefitLines: BenefitLineResult[];
  /** The working for each cost line, in file order. */
  costLines: CostLineResult[];
  /** Each assumption ±20%, longest bar first. */
  sensitivity: SensitivityRow[];
  /** Low, central and high cases. */
  scenarios: Scenarios;
  /** The discount schedule and optimism-bias table used (the file's or the defaults). */
  assumptions: {
    discountSchedule: DiscountSchedule;
    optimismBias: OptimismBiasTable;
    /** True when the file gave its own schedule. */
    customDiscountSchedule: boolean;
    /** True when the file gave its own table. */
    customOptimismBias: boolean;
  };
};
