/**
 * The catalogue of community strength measures shown per ward on the strength map, as data. The
 * measures follow the per-ward table of shared/reference/domain-notes.md §4.5 (participation
 * reach, regular participation, intensity, supply density, resident-led share, civic asset
 * density, ladder progression), plus volunteer hours (§8.2, an NT29-style count) and the
 * capacity inventory of asset-based community development (§4.1).
 *
 * Values are stored in their natural unit: rates per 1,000 or 10,000 residents as numbers, hours
 * as hours, and shares as fractions from 0 to 1 (0.45 is shown as "45%"). A null value is
 * unknown or suppressed (fewer people than the council's disclosure threshold).
 */

export const STRENGTH_MEASURE_IDS = [
  'reachPer1000',
  'regularShare',
  'hoursPerResident',
  'volunteerHoursPer1000',
  'projectsPer10000',
  'groupsPer10000',
  'residentLedShare',
  'assetsPer10000',
  'capacityOffersPer1000',
  'ladderProgression',
] as const;

export type StrengthMeasureId = (typeof STRENGTH_MEASURE_IDS)[number];

/** How a value is written: a rate per 1,000 or 10,000 residents, a share, or hours. */
export type MeasureUnit = 'per1000' | 'per10000' | 'share' | 'hours' | 'hoursPer1000';

export type StrengthMeasure = {
  id: StrengthMeasureId;
  /** Plain-English name, for a table heading. */
  label: string;
  unit: MeasureUnit;
  /** The unit in words, for a column heading or a key: "per 1,000 residents". */
  unitLabel: string;
  /** One sentence saying what is counted, for the page. */
  definition: string;
  /** True when a higher value means a stronger community (every measure here, so far). */
  higherIsStronger: boolean;
};

/** The measures, in the order a page shows them. */
export const strengthMeasures: readonly StrengthMeasure[] = [
  {
    id: 'reachPer1000',
    label: 'Participation reach',
    unit: 'per1000',
    unitLabel: 'per 1,000 residents',
    definition:
      'Different people who took part in at least one activity in the ward in the period, for every 1,000 people living there.',
    higherIsStronger: true,
  },
  {
    id: 'regularShare',
    label: 'Regular participation',
    unit: 'share',
    unitLabel: '% of participants',
    definition: 'The share of the ward’s participants who came in at least 3 of the period’s whole calendar months.',
    higherIsStronger: true,
  },
  {
    id: 'hoursPerResident',
    label: 'Participation intensity',
    unit: 'hours',
    unitLabel: 'hours per resident',
    definition:
      'Hours spent taking part in activities in the ward in the period (each attendance times the length of its session), divided by the number of residents.',
    higherIsStronger: true,
  },
  {
    id: 'volunteerHoursPer1000',
    label: 'Volunteer hours',
    unit: 'hoursPer1000',
    unitLabel: 'hours per 1,000 residents',
    definition:
      'Hours people gave as volunteers at activities in the ward in the period, for every 1,000 people living there.',
    higherIsStronger: true,
  },
  {
    id: 'projectsPer10000',
    label: 'Active projects',
    unit: 'per10000',
    unitLabel: 'per 10,000 residents',
    definition:
      'Published projects that held at least one session in the ward in the period, for every 10,000 people living there.',
    higherIsStronger: true,
  },
  {
    id: 'groupsPer10000',
    label: 'Community groups',
    unit: 'per10000',
    unitLabel: 'per 10,000 residents',
    definition:
      'Community groups based in the ward, as residents describe them on Commonground, for every 10,000 people living there.',
    higherIsStronger: true,
  },
  {
    id: 'residentLedShare',
    label: 'Resident-led projects',
    unit: 'share',
    unitLabel: '% of projects',
    definition:
      'The share of those active projects led by a resident or a community group rather than by the council or a charity.',
    higherIsStronger: true,
  },
  {
    id: 'assetsPer10000',
    label: 'Community assets',
    unit: 'per10000',
    unitLabel: 'per 10,000 residents',
    definition:
      'Places, groups, organisations and other community assets on the asset register, for every 10,000 people living in the ward.',
    higherIsStronger: true,
  },
  {
    id: 'capacityOffersPer1000',
    label: 'Offers to share',
    unit: 'per1000',
    unitLabel: 'per 1,000 residents',
    definition:
      'People living in the ward who have offered to share skills, passions, time, a space or kit (and agreed to be counted), for every 1,000 people living there.',
    higherIsStronger: true,
  },
  {
    id: 'ladderProgression',
    label: 'Stepping up',
    unit: 'share',
    unitLabel: '% of participants',
    definition:
      'The share of participants who moved up at least one step in the last 12 months, for example from coming along to helping run an activity or leading a project.',
    higherIsStronger: true,
  },
];

/** The catalogue entry for a measure. */
export function strengthMeasure(id: StrengthMeasureId): StrengthMeasure {
  const found = strengthMeasures.find((m) => m.id === id);
  if (!found) throw new Error(`unknown strength measure ${id}`);
  return found;
}

const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/**
 * A value as display text: "12.3 per 1,000", "45%", "2.5 hours", "1,234 hours per 1,000", or "—"
 * when it is unknown or suppressed (null, or not a finite number).
 */
export function formatMeasure(id: StrengthMeasureId, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (strengthMeasure(id).unit) {
    case 'per1000':
      return `${oneDecimal.format(value)} per 1,000`;
    case 'per10000':
      return `${oneDecimal.format(value)} per 10,000`;
    case 'share':
      return `${whole.format(value * 100)}%`;
    case 'hours':
      return `${oneDecimal.format(value)} hours`;
    case 'hoursPer1000':
      return `${whole.format(value)} hours per 1,000`;
  }
}
