/**
 * National benchmark lines for the strength measures, from the Community Life Survey (DCMS). The
 * survey gives figures for England, not for wards, so a page draws them as a line to compare
 * against, never as a ward's value (shared/reference/domain-notes.md §4.3). Figures are taken
 * only from those notes; a measure with no matching figure there has no benchmark.
 */
import type { StrengthMeasureId } from './measures.js';

export type Benchmark = {
  measure: StrengthMeasureId;
  /** What the national figure counts, in plain English. */
  label: string;
  /** In the measure's own unit: a share from 0 to 1. */
  value: number;
  /** The survey year. */
  year: string;
  /** Where the figure comes from, as the reference notes cite it. */
  sources: { title: string; url: string }[];
  /** Why the comparison is only rough, for the page to say beside it. */
  caveat: string;
};

// The reference notes cite these two pages together for the volunteering series, 2013/14 to 2023/24.
const COMMUNITY_LIFE_SURVEY_VOLUNTEERING = [
  {
    title: 'DCMS, Community Life Survey 2021/22: volunteering and charitable giving',
    url: 'https://www.gov.uk/government/statistics/community-life-survey-202122/community-life-survey-202122-volunteering-and-charitable-giving',
  },
  {
    title: 'Cillian Miller, news 399 (Community Life Survey volunteering figures)',
    url: 'https://cillianmiller.com/news/399.html',
  },
];

/** The benchmarks, one at most per measure. */
export const benchmarks: readonly Benchmark[] = [
  {
    measure: 'regularShare',
    label: 'Adults in England who volunteered formally (unpaid help to groups or clubs) at least once a month',
    value: 0.16,
    year: '2023/24',
    sources: COMMUNITY_LIFE_SURVEY_VOLUNTEERING,
    caveat:
      'The survey counts all adults in England and formal volunteering only; the ward figure counts the people who take part here and every kind of activity, so compare the two as a rough guide.',
  },
];

/** The benchmark for a measure, or null when there is none. */
export function benchmarkFor(measure: StrengthMeasureId): Benchmark | null {
  return benchmarks.find((b) => b.measure === measure) ?? null;
}
