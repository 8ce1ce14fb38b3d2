import {
  adjustmentExplanations,
  type AppraisalDocument,
  type BenefitLine,
  type CostLine,
} from '../../../lib/appraisal/index.js';
import type { FormErrors } from '../../../platform/forms.js';
import { appraisalScopes, valueTypes } from '../impact.schema.js';
import {
  confidenceGradeLabels,
  gradeItems,
  money,
  moneyExact,
  percentInput,
  sentText,
  valueTypeHints,
  valueTypeLabels,
} from '../impact.view-models.js';
import type { UpratedValue } from '../values/index.js';
import type { Appraisal } from './appraisals.service.js';
import { cohortMeasures, costCategories, formYears } from './appraisals.validation.js';

export const scopeLabels: Record<(typeof appraisalScopes)[number], string> = {
  project: 'One project',
  programme: 'A programme of projects',
  place: 'The whole place',
};

export const costCategoryLabels: Record<(typeof costCategories)[number], string> = {
  capital: 'Capital',
  revenue: 'Revenue',
  inKind: 'In kind',
};

export const cohortMeasureLabels: Record<(typeof cohortMeasures)[number], string> = {
  participants: 'Unique participants in the period',
  regularParticipants: 'Regular participants in the period (came in 3 or more months)',
  hours: 'Participation hours in the period',
};

/** The labels by any measure's name: a file may name one the forms do not offer, shown by its name. */
const measureLabels: Partial<Record<string, string>> = cohortMeasureLabels;

/** The appraisals list. */
export const appraisalRows = (list: Appraisal[]) => list.map((a) => ({ ...a, scopeLabel: scopeLabels[a.scope] }));

/** The "Start an appraisal" form: what was typed (or the defaults), the scope radios and the project select. */
export function newAppraisalView(
  v: Record<string, unknown> | undefined,
  projects: { id: string; title: string }[],
  defaultPriceYear: number,
) {
  return {
    values: v ?? { priceYear: String(defaultPriceYear), appraisalYears: '10', scope: 'programme' },
    scopeItems: appraisalScopes.map((s) => ({
      value: s,
      text: scopeLabels[s],
      checked: (v?.scope ?? 'programme') === s,
    })),
    projectItems: [
      { value: '', text: 'Not one project' },
      ...projects.map((p) => ({ value: p.id, text: p.title, selected: p.id === v?.projectId })),
    ],
  };
}

/** The edit page: details, the optimism-bias table, and the cost and benefit lines with their summaries. */
export function editView(
  a: Appraisal,
  state: { detailErrors?: FormErrors; biasErrors?: FormErrors; values?: Record<string, unknown> },
) {
  const doc = a.document;
  const v = state.values ?? {};
  return {
    appraisal: a,
    doc,
    errors: state.detailErrors ?? state.biasErrors,
    detailErrors: state.detailErrors,
    biasErrors: state.biasErrors,
    details: state.detailErrors
      ? v
      : {
          title: doc.title,
          description: doc.description ?? '',
          priceYear: String(doc.priceYear),
          appraisalYears: String(doc.appraisalYears ?? ''),
        },
    grades: ([1, 2, 3, 4, 5, 6] as const).map((g) => ({
      grade: g,
      field: `grade${g}`,
      label: confidenceGradeLabels[g],
      value: state.biasErrors
        ? sentText(v[`grade${g}`])
        : percentInput(doc.optimismBias?.grades.find((x) => x.grade === g)?.rate, 0),
    })),
    costs: doc.costs.map((c) => ({
      ...c,
      categoryLabel: costCategoryLabels[c.category],
      total: money(c.amounts.reduce((s, x) => s + ('amount' in x ? x.amount : x.hours * x.hourlyRate), 0)),
      years: [...new Set(c.amounts.map((x) => x.year))].sort((x, y) => x - y).join(', '),
      hasHours: c.amounts.some((x) => 'hours' in x),
    })),
    benefits: doc.benefits.map((b) => {
      const period = a.links.benefits[b.id]?.cohort;
      return {
        ...b,
        typeLabel: valueTypeLabels[b.valueType],
        unitText: moneyExact(b.unitValue),
        cohortText:
          b.cohort.source === 'typed'
            ? String(b.cohort.size)
            : `${measureLabels[b.cohort.measure] ?? b.cohort.measure}${period ? `, ${period.from} to ${period.to}` : ''}`,
      };
    }),
  };
}

/** A cost line's form: one box per year of the appraisal (so rows need no JavaScript). */
export function costFormView(
  doc: AppraisalDocument,
  state: { values?: Record<string, unknown>; line?: CostLine | undefined },
) {
  const line = state.line;
  const v: Record<string, unknown> =
    state.values ??
    (line
      ? {
          name: line.name,
          category: line.category,
          agency: line.agency,
          confidenceGrade: String(line.confidenceGrade),
          source: line.source ?? '',
          ...Object.fromEntries(
            line.amounts
              .filter((x): x is { year: number; amount: number } => 'amount' in x)
              .map((x) => [`year${x.year}`, String(x.amount)]),
          ),
        }
      : { agency: 'Council' });
  return {
    values: v,
    years: Array.from({ length: formYears(doc.appraisalYears) }, (_, i) => ({
      year: i,
      field: `year${i}`,
      value: v[`year${i}`] ?? '',
    })),
    categoryItems: costCategories.map((c) => ({ value: c, text: costCategoryLabels[c], checked: v.category === c })),
    gradeItems: gradeItems(v.confidenceGrade),
    priceYear: doc.priceYear,
  };
}

/** The volunteer-time form: the period (default the last 12 whole months), the hourly value and the year. */
export function volunteerTimeView(
  doc: AppraisalDocument,
  v: Record<string, unknown> | undefined,
  defaults: { period: { from: string; to: string }; rate: { pounds: number; source: string } },
) {
  const values = v ?? {
    ...defaults.period,
    hourlyRate: String(defaults.rate.pounds),
    year: '0',
    confidenceGrade: '3',
  };
  return {
    values,
    rateSource: defaults.rate.source,
    gradeItems: gradeItems(values.confidenceGrade),
    maxYear: formYears(doc.appraisalYears) - 1,
  };
}

/** A benefit line's form values: the line's own, or the defaults for a new one. */
function benefitValues(a: Appraisal, line: BenefitLine | undefined, period: { from: string; to: string }) {
  if (!line)
    return {
      valueSource: 'library',
      cohortSource: 'participation',
      cohortMeasure: 'regularParticipants',
      cohortFrom: period.from,
      cohortTo: period.to,
      engagementRate: '100',
      successRate: '100',
      deadweight: '0',
      displacement: '0',
      attribution: '0',
      dropOff: '0',
      lagYears: '0',
      durationYears: '1',
      unitPriceYear: String(a.document.priceYear),
    };
  const link = a.links.benefits[line.id];
  const fromLibrary = Boolean(line.valueId);
  return {
    name: line.name,
    valueSource: fromLibrary ? 'library' : 'typed',
    valueId: line.valueId ?? '',
    unitValue: fromLibrary ? '' : String(line.unitValue),
    unitPriceYear: fromLibrary ? '' : String(line.unitValuePriceYear ?? a.document.priceYear),
    valueType: line.valueType,
    agency: fromLibrary ? '' : line.agency,
    source: fromLibrary ? '' : (line.source ?? ''),
    cohortSource: line.cohort.source,
    cohortSize: line.cohort.source === 'typed' ? String(line.cohort.size) : '',
    cohortMeasure: line.cohort.source === 'participation' ? line.cohort.measure : '',
    cohortFrom: link?.cohort?.from ?? period.from,
    cohortTo: link?.cohort?.to ?? period.to,
    engagementRate: percentInput(line.engagementRate, 1),
    successRate: percentInput(line.successRate, 1),
    deadweight: percentInput(line.deadweight, 0),
    displacement: percentInput(line.displacement, 0),
    attribution: percentInput(line.attribution, 0),
    dropOff: percentInput(line.dropOff, 0),
    lagYears: String(line.lagYears ?? 0),
    durationYears: String(line.durationYears),
    confidenceGrade: String(line.confidenceGrade),
  };
}

/** A benefit line's form: the value library to pick from, the cohort choices and the adjustments explained. */
export function benefitFormView(
  a: Appraisal,
  state: { values?: Record<string, unknown>; line?: BenefitLine | undefined },
  library: UpratedValue[],
  period: { from: string; to: string },
) {
  const v: Record<string, unknown> = state.values ?? benefitValues(a, state.line, period);
  return {
    values: v,
    valueItems: [
      { value: '', text: 'Choose a value' },
      ...library.map((x) => ({
        value: x.id,
        text: `${x.code ? `${x.code}: ` : ''}${x.description.slice(0, 90)} (${moneyExact(x.valuePence / 100)}, ${x.priceYearLabel} prices; ${x.licence})`,
        selected: v.valueId === x.id,
      })),
    ],
    valueSourceItems: [
      { value: 'library', text: 'From the value library', checked: v.valueSource === 'library' },
      { value: 'typed', text: 'Type a value in', checked: v.valueSource === 'typed' },
    ],
    typeItems: [
      ...(v.valueSource === 'library' || !v.valueSource
        ? [{ value: '', text: 'As in the library', checked: !v.valueType }]
        : []),
      ...valueTypes.map((t) => ({
        value: t,
        text: valueTypeLabels[t],
        hint: { text: valueTypeHints[t] },
        checked: v.valueType === t,
      })),
    ],
    cohortSourceItems: [
      { value: 'participation', text: 'From participation records', checked: v.cohortSource === 'participation' },
      { value: 'typed', text: 'Type a number in', checked: v.cohortSource === 'typed' },
    ],
    measureItems: cohortMeasures.map((m) => ({
      value: m,
      text: cohortMeasureLabels[m],
      checked: v.cohortMeasure === m,
    })),
    gradeItems: gradeItems(v.confidenceGrade),
    explanations: adjustmentExplanations,
  };
}
