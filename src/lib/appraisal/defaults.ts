import type { DiscountSchedule, OptimismBiasTable } from './types.js';

/** HM Treasury, The Green Book (2022 edition), discounting (Annex A6): the standard social time preference rate. */
export const GREEN_BOOK_SOURCE =
  'HM Treasury, The Green Book: appraisal and evaluation in central government (2022 edition), Annex A6 Discounting: standard social time preference rate';

/** HM Treasury, PSTN and New Economy (2014): the cost-benefit guidance behind the GMCA model. */
export const GMCA_GUIDANCE_SOURCE =
  'HM Treasury, Public Service Transformation Network and New Economy, Supporting public service transformation: cost benefit analysis guidance for local partnerships (April 2014)';

/** Cabinet Office and the SROI Network, A guide to Social Return on Investment (2012). */
export const SROI_GUIDE_SOURCE =
  'Cabinet Office and the SROI Network, A guide to Social Return on Investment (2012 edition), stages 4 and 5';

/**
 * The Green Book's standard discount schedule: 3.5% a year for years 0–30, then 3.0%, 2.5%, 2.0%,
 * 1.5% and 1.0% from year 301. Factors compound year by year across the bands.
 */
export const greenBookDiscountSchedule: DiscountSchedule = {
  name: 'HM Treasury Green Book (standard)',
  source: GREEN_BOOK_SOURCE,
  bands: [
    { fromYear: 0, rate: 0.035 },
    { fromYear: 31, rate: 0.03 },
    { fromYear: 76, rate: 0.025 },
    { fromYear: 126, rate: 0.02 },
    { fromYear: 201, rate: 0.015 },
    { fromYear: 301, rate: 0.01 },
  ],
};

/**
 * Optimism-bias corrections by confidence grade, as in the GMCA (New Economy) cost-benefit model:
 * 0%, 5%, 10%, 15%, 25% and 40% for grades 1 to 6. These are the figures the model is known to use;
 * check them against the guidance you work to and put your own table in the file if they differ.
 */
export const defaultOptimismBias: OptimismBiasTable = {
  name: 'GMCA cost-benefit model confidence grades',
  source: `${GMCA_GUIDANCE_SOURCE}; GMCA CBA model, data confidence grades`,
  grades: [
    {
      grade: 1,
      rate: 0,
      description: 'Independently audited cost data, or a robust evaluation of this intervention in this place',
    },
    { grade: 2, rate: 0.05, description: 'Local data that has been checked, or a published evaluation nearby' },
    { grade: 3, rate: 0.1, description: 'Local data not yet checked, or a robust evaluation elsewhere' },
    { grade: 4, rate: 0.15, description: 'Published national data or research that fits reasonably well' },
    { grade: 5, rate: 0.25, description: 'Older or loosely matching research, or a proxy value' },
    { grade: 6, rate: 0.4, description: 'Expert judgement or an untested assumption' },
  ],
};

/** Plain-English explanation of one adjustment or figure, with its formula and source. */
export type AdjustmentExplanation = {
  /** Short heading, for example "Deadweight". */
  title: string;
  /** What it means and why it is applied, for people who are not economists. */
  explanation: string;
  /** The arithmetic, written out. */
  formula: string;
  /** The guidance it follows. */
  source: string;
};

/**
 * Explanations of each assumption and figure, keyed by the field name in the file or result.
 * The impact pages show these beside the numbers; docs/appraisal.md uses the same words.
 */
export const adjustmentExplanations = {
  cohortSize: {
    title: 'Cohort',
    explanation:
      'How many people the outcome is counted for. It can be typed in or taken from Commonground’s participation records, such as the number of different people who took part.',
    formula: 'people counted',
    source: GMCA_GUIDANCE_SOURCE,
  },
  engagementRate: {
    title: 'Engagement rate',
    explanation: 'The share of the cohort who take part enough to have a chance of the outcome.',
    formula: 'cohort × engagement rate',
    source: GMCA_GUIDANCE_SOURCE,
  },
  successRate: {
    title: 'Success rate',
    explanation: 'The share of those taking part who actually achieve the outcome.',
    formula: 'engaged people × success rate = outcomes',
    source: GMCA_GUIDANCE_SOURCE,
  },
  unitValue: {
    title: 'Value per person',
    explanation:
      'What one outcome is worth in a year, in pounds at the appraisal’s price year, with its source. Values from other years are uprated with a price index (the GDP deflator).',
    formula: 'outcomes × value per person',
    source: GMCA_GUIDANCE_SOURCE,
  },
  deadweight: {
    title: 'Deadweight',
    explanation:
      'Some of the change would have happened anyway, without the project. We take that share away so we only count what the project added.',
    formula: 'value × (1 − deadweight)',
    source: SROI_GUIDE_SOURCE,
  },
  displacement: {
    title: 'Displacement',
    explanation:
      'Some of the good may only have moved from somewhere else, for example people leaving another group to join this one. We take that share away.',
    formula: 'value × (1 − displacement)',
    source: SROI_GUIDE_SOURCE,
  },
  attribution: {
    title: 'Attribution',
    explanation:
      'Other people and organisations helped bring the change about too. We take away their share so the project does not claim credit for it.',
    formula: 'value × (1 − attribution)',
    source: SROI_GUIDE_SOURCE,
  },
  dropOff: {
    title: 'Drop-off',
    explanation:
      'Outcomes fade over time. After the first year of benefit, each year keeps only part of the year before.',
    formula: 'value in year n of benefit = first-year value × (1 − drop-off)^(n − 1)',
    source: SROI_GUIDE_SOURCE,
  },
  lagYears: {
    title: 'Lag',
    explanation: 'How many years pass before the benefit starts. Later benefits are worth less today.',
    formula: 'benefits counted from year = lag',
    source: GMCA_GUIDANCE_SOURCE,
  },
  durationYears: {
    title: 'Duration',
    explanation: 'How many years the outcome lasts once it has started.',
    formula: 'benefits counted while lag ≤ year < lag + duration',
    source: SROI_GUIDE_SOURCE,
  },
  optimismBias: {
    title: 'Optimism bias',
    explanation:
      'Plans tend to underestimate costs and overestimate benefits, more so when the evidence is weak. We raise costs and lower benefits by a percentage that grows as the confidence grade gets weaker.',
    formula: 'costs × (1 + correction for grade); benefits × (1 − correction for grade)',
    source: `${GMCA_GUIDANCE_SOURCE}; HM Treasury, The Green Book (2022), optimism bias`,
  },
  confidenceGrade: {
    title: 'Confidence grade',
    explanation:
      'How strong the evidence behind a figure is, from 1 (audited or robust local data) to 6 (a best guess). It sets the optimism-bias correction.',
    formula: 'grade 1 to 6 → correction from the optimism-bias table',
    source: GMCA_GUIDANCE_SOURCE,
  },
  discounting: {
    title: 'Discounting',
    explanation:
      'Money and benefits now are worth more than the same later. Each future year is divided by the discount rate compounded since year 0, which is not discounted: 3.5% a year for the first 30 years, lower after that.',
    formula: 'factor(0) = 1; factor(t) = factor(t − 1) ÷ (1 + rate for year t); present value = value × factor',
    source: GREEN_BOOK_SOURCE,
  },
  npv: {
    title: 'Net present value',
    explanation:
      'All benefits minus all costs, both in today’s money. Above zero means the benefits outweigh the costs.',
    formula: 'present value of benefits − present value of costs',
    source: GREEN_BOOK_SOURCE,
  },
  financialRoi: {
    title: 'Financial return on investment',
    explanation:
      'Savings to the public purse for each £1 spent. It counts both cashable savings (money that can come out of a budget) and non-cashable ones (staff time or capacity freed up).',
    formula: '(present value of fiscal cashable + fiscal non-cashable benefits) ÷ present value of costs',
    source: GMCA_GUIDANCE_SOURCE,
  },
  cashableRoi: {
    title: 'Cashable return',
    explanation:
      'Money that could actually be taken out of budgets, for each £1 spent. Usually much smaller than the whole.',
    formula: 'present value of fiscal cashable benefits ÷ present value of costs',
    source: GMCA_GUIDANCE_SOURCE,
  },
  sroi: {
    title: 'Public value return (SROI ratio)',
    explanation:
      'All the value created, to public bodies, the economy and people’s lives, for each £1 spent. A ratio of 1.5 means £1.50 of value for every £1.',
    formula: 'present value of all benefits ÷ present value of costs',
    source: `${SROI_GUIDE_SOURCE}; ${GMCA_GUIDANCE_SOURCE}`,
  },
  paybackYear: {
    title: 'Payback year',
    explanation:
      'The first year in which the benefits so far, in today’s money, have caught up with the costs so far. None if they never do within the appraisal.',
    formula: 'first year t with Σ discounted benefits (0…t) ≥ Σ discounted costs (0…t)',
    source: GMCA_GUIDANCE_SOURCE,
  },
  sensitivity: {
    title: 'Sensitivity',
    explanation:
      'Each assumption is moved 20% down and 20% up on its own, everything else kept the same, to show which ones matter most to the result.',
    formula: 'assumption × 0.8 and × 1.2 (rates kept between 0% and 100%)',
    source: GREEN_BOOK_SOURCE,
  },
} satisfies Record<string, AdjustmentExplanation>;

/** What the low, central and high scenarios mean. */
export const scenarioDefinitions = {
  low: 'Every assumption 20% against the case at once: cohort, engagement, success and value per person 20% lower; deadweight, displacement, attribution and drop-off 20% higher (at most 100%); costs 20% higher. Discount rates as entered.',
  central: 'The appraisal as written.',
  high: 'Every assumption 20% in favour of the case at once: cohort, engagement, success and value per person 20% higher (rates at most 100%); deadweight, displacement, attribution and drop-off 20% lower; costs 20% lower. Discount rates as entered.',
} as const;

/** A key of {@link adjustmentExplanations}; also the `key` of each benefit line's calculation steps. */
export type AdjustmentKey = keyof typeof adjustmentExplanations;
