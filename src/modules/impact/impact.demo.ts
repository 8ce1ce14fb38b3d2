import type { BenefitLine } from '../../lib/appraisal/index.js';
import type { DemoContext } from '../../platform/modules.js';
import type { AppraisalsService } from './appraisals/index.js';
import type { FrameworksService } from './frameworks/index.js';
import { lastTwelveMonths, londonYear } from './impact.periods.js';
import type { ImpactValue, ValuesService } from './values/index.js';

type ImpactServices = {
  impactValues: ValuesService;
  impactFrameworks: FrameworksService;
  impactAppraisals: AppraisalsService;
};

/**
 * The demo borough's impact evidence: the shipped values plus two clearly fictional local ones, a
 * published place-level outcome framework with evidence, and a programme appraisal whose cohorts
 * and volunteer time come from the demo's participation records (seeded before it, in registry
 * order). Deterministic for a given `now`; writes only the impact tables, through its services.
 */
export async function impactDemo(
  services: ImpactServices,
  { placeId, ctx, now }: Pick<DemoContext, 'placeId' | 'ctx' | 'now'>,
): Promise<{ appraisalId: string; frameworkId: string }> {
  const period = lastTwelveMonths(now);
  const { impactValues: values, impactFrameworks: frameworks, impactAppraisals: appraisals } = services;
  await values.ensureStarted(placeId);
  const wellby = (await values.list(placeId, 2019)).find((v) => v.code === 'WELLBY')!;
  const demoLicence = 'Fictional figure for the demo borough: not for real use';
  const befriending = await values.add(ctx, null, {
    description: 'Older resident no longer referred to a paid befriending service, for a year',
    code: '',
    unit: 'per person per year',
    value: 450_00,
    priceYear: { year: 2024, label: '2024' },
    valueType: 'fiscalCashable',
    agency: 'Council',
    confidenceGrade: 4,
    source: 'Riverside adult social care commissioning team (fictional demo figure).',
    sourceUrl: null,
    licence: demoLicence,
    attribution: 'Demo data: Riverside Borough Council is fictional.',
  });
  const gp = await values.add(ctx, null, {
    description: 'Two fewer GP appointments a year for a person less isolated',
    code: '',
    unit: 'per person per year',
    value: 84_00,
    priceYear: { year: 2024, label: '2024' },
    valueType: 'fiscalNonCashable',
    agency: 'NHS',
    confidenceGrade: 5,
    source: 'Riverside public health team (fictional demo figure).',
    sourceUrl: null,
    licence: demoLicence,
    attribution: 'Demo data: Riverside Borough Council is fictional.',
  });

  const framework = await frameworks.create(ctx, null, {
    name: 'Riverside together: neighbourhood participation',
    projectId: null,
    activities:
      'Weekly cooking, growing, making and repair sessions in every ward\nResident-led projects with small grants and a space to meet\nVolunteer roles for people who want to do more',
  });
  const wellbeing = await frameworks.addOutcome(ctx, framework.id, {
    label: 'Better wellbeing',
    indicator: 'Average life satisfaction (ONS question, 0 to 10) of regular participants',
    measurement: 'survey',
    unit: 'points out of 10',
  });
  const loneliness = await frameworks.addOutcome(ctx, framework.id, {
    label: 'Less loneliness',
    indicator: 'Share of participants who say they feel lonely often or always',
    measurement: 'survey',
    unit: '% of people asked',
  });
  await frameworks.addOutcome(ctx, framework.id, {
    label: 'More volunteering',
    indicator: 'Volunteer hours recorded in session registers',
    measurement: 'count',
    unit: 'hours',
  });
  const half = `${period.from.slice(0, 4)}-${period.from.slice(5, 7)}-01`;
  for (const [outcomeId, value, n, method] of [
    [
      wellbeing.id,
      6.9,
      84,
      'ONS life satisfaction question asked at first visit and six months later (first-visit average)',
    ],
    [wellbeing.id, 7.3, 61, 'The same people six months later'],
    [loneliness.id, 27, 84, 'ONS loneliness question, first visit'],
    [loneliness.id, 18, 61, 'ONS loneliness question, six months later'],
  ] as const) {
    await frameworks.addEvidence(ctx, null, framework.id, {
      outcomeId,
      periodFrom: half,
      periodTo: period.to,
      value,
      sampleSize: n,
      method: `${method} (demo figures)`,
      sourceUrl: null,
    });
  }
  await frameworks.setStatus(ctx, framework.id, 'published');

  // The latest year the deflator series covers, so library values from other years can be uprated.
  const series = (await values.settings(placeId)).deflator.values;
  const priceYear = Math.min(londonYear(now), series.at(-1)?.year ?? londonYear(now));
  const appraisal = await appraisals.create(ctx, null, {
    title: 'Riverside together: the first three years',
    description:
      'The neighbourhood participation programme across the borough: its running costs, volunteer time, and the value to residents, the council and the NHS.',
    scope: 'programme',
    projectId: null,
    priceYear,
    appraisalYears: 10,
  });
  const id = appraisal.id;
  await appraisals.putCost(ctx, null, id, {
    name: 'Programme team and session costs',
    category: 'revenue',
    agency: 'Council',
    confidenceGrade: 2,
    source: 'Programme budget (demo)',
    amounts: [
      { year: 0, amount: 120_000 },
      { year: 1, amount: 110_000 },
      { year: 2, amount: 100_000 },
    ],
  });
  await appraisals.putCost(ctx, null, id, {
    name: 'Fitting out two neighbourhood shops',
    category: 'capital',
    agency: 'Council',
    confidenceGrade: 3,
    source: 'Capital programme (demo)',
    amounts: [{ year: 0, amount: 30_000 }],
  });
  const hours = await appraisals.volunteerHours(placeId, period);
  if (hours > 0)
    await appraisals.putCost(ctx, null, id, {
      name: `Volunteer time, ${period.from} to ${period.to}`,
      category: 'inKind',
      agency: 'Volunteers',
      confidenceGrade: 3,
      source: `Volunteer hours recorded in Commonground, ${period.from} to ${period.to}, valued at £19.00 an hour`,
      amounts: [{ year: 0, hours, hourlyRate: 19 }],
    });
  const participation = (measure: 'participants' | 'regularParticipants') => ({
    source: 'participation' as const,
    measure,
    period: `${period.from} to ${period.to}`,
  });
  /** A benefit valued with a library value, its cohort counted from participation when the results are worked out. */
  const fromLibrary = (
    value: ImpactValue,
    measure: 'participants' | 'regularParticipants',
    line: Omit<BenefitLine, 'id' | 'cohort' | 'unitValue' | 'valueType' | 'agency' | 'valueId'>,
  ) =>
    appraisals.putBenefit(
      ctx,
      null,
      id,
      {
        cohort: participation(measure),
        unitValue: value.valuePence / 100,
        ...(value.priceYear !== priceYear ? { unitValuePriceYear: value.priceYear } : {}),
        valueType: value.valueType,
        agency: value.agency,
        valueId: value.id,
        ...line,
      },
      { valueId: value.id, cohort: { metric: measure, ...period } },
    );
  await fromLibrary(wellby, 'regularParticipants', {
    name: 'Better wellbeing: one point more life satisfaction',
    engagementRate: 1,
    successRate: 0.25,
    unitValuePriceYear: wellby.priceYear,
    source: `${wellby.source} Licence: ${wellby.licence}. ${wellby.attribution}`,
    deadweight: 0.3,
    displacement: 0,
    attribution: 0.2,
    dropOff: 0.3,
    lagYears: 0,
    durationYears: 3,
    confidenceGrade: 4,
  });
  await fromLibrary(befriending, 'regularParticipants', {
    name: 'Fewer befriending referrals',
    engagementRate: 0.5,
    successRate: 0.2,
    source: `${befriending.source} Licence: ${befriending.licence}.`,
    deadweight: 0.4,
    attribution: 0.3,
    dropOff: 0.5,
    durationYears: 2,
    confidenceGrade: 4,
  });
  await fromLibrary(gp, 'participants', {
    name: 'Fewer GP appointments',
    engagementRate: 0.6,
    successRate: 0.15,
    source: `${gp.source} Licence: ${gp.licence}.`,
    deadweight: 0.5,
    attribution: 0.3,
    dropOff: 0.5,
    durationYears: 2,
    confidenceGrade: 5,
  });
  return { appraisalId: id, frameworkId: framework.id };
}
