import type { ValueType } from './impact.schema.js';

/**
 * Labels and number formats every impact page shares, exported once. Each feature's own labels
 * live in its view-models.
 */

/** Value types in plain English, in the order results show them. */
export const valueTypeLabels: Record<ValueType, string> = {
  fiscalCashable: 'Fiscal: cashable',
  fiscalNonCashable: 'Fiscal: non-cashable',
  economic: 'Economic',
  social: 'Social',
};

export const valueTypeHints: Record<ValueType, string> = {
  fiscalCashable: 'Money a public body stops spending and could take out of a budget',
  fiscalNonCashable: 'Public-sector time or capacity freed up, but not released as cash',
  economic: 'Gains to people or the local economy, such as earnings',
  social: 'Wellbeing, health and other gains to people that are not money',
};

export const confidenceGradeLabels: Record<number, string> = {
  1: '1: independently audited or robust local data',
  2: '2: good local or national data',
  3: '3: reasonable data, some gaps',
  4: '4: limited data or a close proxy',
  5: '5: weak data or a distant proxy',
  6: '6: expert judgement or an untested assumption',
};

const wholePounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const penny = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2 });
const decimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** Pounds as a page shows them: whole pounds, with a minus sign for a loss. */
export const money = (pounds: number) => wholePounds.format(Math.round(pounds) === 0 ? 0 : pounds);
/** Pounds to the penny, for unit values. */
export const moneyExact = (pounds: number) => penny.format(pounds);
/** A ratio as "1.44", or why there is none. */
export const ratioText = (r: number | null) => (r === null ? 'None (there are no costs)' : r.toFixed(2));
/** A fraction as a percentage to two places ("12.5%"). */
export const percent = (f: number) => `${decimal.format(Math.round(f * 10_000) / 100)}%`;
/** What a refused form sent in a field, to show again: its text (a field sent twice, comma-separated), or nothing. */
export const sentText = (sent: unknown): string =>
  typeof sent === 'string' ? sent : Array.isArray(sent) ? sent.map(sentText).join(',') : '';
/** A number to at most two decimal places, with thousands separators. */
export const numberText = (n: number) => decimal.format(n);
/** A fraction as a form box shows it ("40" for 0.4); `blank` when the document leaves it out. */
export const percentInput = (f: number | undefined, blank: number) => String(Math.round((f ?? blank) * 10_000) / 100);

/** The confidence-grade radios, with `selected` checked. */
export const gradeItems = (selected: unknown) =>
  [1, 2, 3, 4, 5, 6].map((g) => ({
    value: String(g),
    text: confidenceGradeLabels[g],
    checked: String(selected) === String(g),
  }));
