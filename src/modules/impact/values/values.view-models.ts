import type { FormErrors } from '../../../platform/forms.js';
import { valueTypes } from '../impact.schema.js';
import {
  confidenceGradeLabels,
  gradeItems,
  moneyExact,
  percent,
  sentText,
  valueTypeHints,
  valueTypeLabels,
} from '../impact.view-models.js';
import type { GmcaResult } from './values.gmca.js';
import type { ImpactPlaceSettings, UpratedValue } from './values.service.js';

/** The value library's rows: each value as published and at the chosen year's prices. */
export function libraryRows(list: UpratedValue[]) {
  return list.map((v) => ({
    ...v,
    typeLabel: valueTypeLabels[v.valueType],
    valueText: moneyExact(v.valuePence / 100),
    upratedText: v.upratedPounds === null ? null : moneyExact(v.upratedPounds),
  }));
}

/** The "Add a value" form: what was typed and the radios. */
export function newValueView(formValues: Record<string, unknown>) {
  return {
    values: formValues,
    typeItems: valueTypes.map((t) => ({
      value: t,
      text: valueTypeLabels[t],
      hint: { text: valueTypeHints[t] },
      checked: formValues.valueType === t,
    })),
    gradeItems: gradeItems(formValues.confidenceGrade),
  };
}

/** What the confirm step shows of a checked workbook: the sheets and its first 20 rows. */
export function gmcaConfirmView(checked: GmcaResult, workbook: Buffer) {
  return {
    sheets: checked.sheets,
    total: checked.rows.length,
    sample: checked.rows.slice(0, 20).map((r) => ({ ...r, valueText: moneyExact(r.valuePence / 100) })),
    workbook: workbook.toString('base64'),
  };
}

/** The settings page: the deflator series and the optimism-bias table, or what was typed when refused. */
export function settingsView(
  s: ImpactPlaceSettings,
  state: { deflatorErrors?: FormErrors; biasErrors?: FormErrors; values?: Record<string, unknown> },
) {
  const v = state.values ?? {};
  return {
    settings: s,
    errors: state.deflatorErrors ?? state.biasErrors,
    deflatorErrors: state.deflatorErrors,
    biasErrors: state.biasErrors,
    series: state.deflatorErrors
      ? sentText(v.series)
      : s.deflator.values.map((d) => `${d.year}, ${d.index}`).join('\n'),
    source: state.deflatorErrors ? sentText(v.source) : s.deflatorSource,
    grades: s.optimismBias.grades.map((g) => ({
      ...g,
      field: `grade${g.grade}`,
      value: state.biasErrors ? sentText(v[`grade${g.grade}`]) : String(Math.round(g.rate * 10_000) / 100),
      label: confidenceGradeLabels[g.grade],
      rateText: percent(g.rate),
    })),
  };
}
