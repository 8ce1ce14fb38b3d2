import type { FormErrors } from '../../../platform/forms.js';
import { measurements } from '../impact.schema.js';
import { numberText } from '../impact.view-models.js';
import type { FrameworkView, OutputCount } from './frameworks.service.js';

export const measurementLabels: Record<(typeof measurements)[number], string> = {
  count: 'A count',
  survey: 'A survey',
  admin: 'Administrative data',
};

/** The "What it covers" select: the whole place, or one published project. */
export function projectItems(projects: { id: string; title: string }[], selected: unknown) {
  return [
    { value: '', text: 'The whole place (no single project)' },
    ...projects.map((p) => ({ value: p.id, text: p.title, selected: p.id === selected })),
  ];
}

/** A period to count outputs over, and what was wrong with the one asked for. */
export type OutputPeriod = { from: string; to: string; problem?: string };

/** A framework's page: activities, outputs over the period, outcomes with their evidence, and the two forms. */
export function frameworkPageView(
  f: FrameworkView,
  outputs: OutputCount[],
  state: { outcomeErrors?: FormErrors; evidenceErrors?: FormErrors; values?: Record<string, unknown> },
) {
  const v = state.values ?? {};
  return {
    framework: f,
    outputs: outputs.map((o) => ({
      ...o,
      valueText: o.value === null ? (o.note ?? 'Not shown') : numberText(o.value),
    })),
    activities: f.activities.split('\n').filter((a) => a.trim()),
    outcomes: f.outcomes.map((o) => ({
      ...o,
      measurementLabel: measurementLabels[o.measurement],
      evidence: o.evidence.map((e) => ({ ...e, valueText: numberText(e.value) })),
    })),
    errors: state.outcomeErrors ?? state.evidenceErrors,
    outcomeErrors: state.outcomeErrors,
    evidenceErrors: state.evidenceErrors,
    outcomeValues: state.outcomeErrors ? v : {},
    evidenceValues: state.evidenceErrors ? v : {},
    measurementItems: measurements.map((m) => ({
      value: m,
      text: measurementLabels[m],
      checked: state.outcomeErrors ? v.measurement === m : false,
    })),
    outcomeItems: [
      { value: '', text: 'Choose an outcome' },
      ...f.outcomes.map((o) => ({
        value: o.id,
        text: o.label,
        selected: state.evidenceErrors && v.outcomeId === o.id,
      })),
    ],
  };
}
