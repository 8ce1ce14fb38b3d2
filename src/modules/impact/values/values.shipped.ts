import type { NewImpactValue } from './values.repository.js';

/**
 * The only unit values Commonground ships. Each may be redistributed under its licence.
 *
 * Deliberately NOT shipped:
 * - HACT UK Social Value Bank values: its licence (CC BY-NC-ND 4.0 with extra terms) forbids
 *   "including the values as a freebee with any tool, product or service". Councils holding a
 *   licence type their own in, marking the licence on each value.
 * - Measure Up's "volunteering regularly" value (£3,400, 2023 prices): we could not confirm the
 *   licence it is published under, so it is left out until someone can.
 */
export const shippedValues: Omit<NewImpactValue, 'placeId'>[] = [
  {
    code: 'WELLBY',
    theme: 'Wellbeing',
    description: 'One-point change in life satisfaction (0 to 10 scale) for one person for one year (a WELLBY)',
    unit: 'per person per point per year',
    valuePence: 13_000_00,
    priceYear: 2019,
    priceYearLabel: '2019',
    valueType: 'social',
    agency: 'Residents',
    confidenceGrade: 2,
    source:
      'HM Treasury, Wellbeing Guidance for Appraisal: Supplementary Green Book Guidance (July 2021). Central value; the guidance gives a range of £10,000 to £16,000.',
    sourceUrl: 'https://www.gov.uk/government/publications/green-book-supplementary-guidance-wellbeing',
    licence: 'Open Government Licence v3.0',
    attribution: 'Contains public sector information licensed under the Open Government Licence v3.0.',
    origin: 'shipped',
  },
];

/**
 * Where the shipped deflator series comes from. It is NOT the published HM Treasury series: we
 * could not cite those figures exactly here, so these are approximate, rounded calendar-year
 * values (2019 = 100) for the demo and first use. The council should replace them.
 */
export const shippedDeflatorSource =
  'Approximate figures for getting started (2019 = 100), not the published HM Treasury series. Replace them with the latest "GDP deflators at market prices, and money GDP" from HM Treasury before relying on uprated values.';

export const shippedDeflators: { year: number; index: number }[] = [
  { year: 2010, index: 84.9 },
  { year: 2011, index: 86.4 },
  { year: 2012, index: 87.6 },
  { year: 2013, index: 89.4 },
  { year: 2014, index: 90.9 },
  { year: 2015, index: 91.4 },
  { year: 2016, index: 93.3 },
  { year: 2017, index: 95.0 },
  { year: 2018, index: 97.0 },
  { year: 2019, index: 100 },
  { year: 2020, index: 105.2 },
  { year: 2021, index: 105.0 },
  { year: 2022, index: 110.3 },
  { year: 2023, index: 118.0 },
  { year: 2024, index: 121.9 },
  { year: 2025, index: 125.5 },
];

/** Wage-equivalent value of an hour of volunteer time offered by default (an input, not an outcome). */
export const defaultVolunteerHourlyRate = {
  pounds: 19,
  source:
    'ONS average weekly earnings (£673, 2023) ÷ 35 hours ≈ £19 an hour, as used by Measure Up. Check against the latest ONS release.',
};
