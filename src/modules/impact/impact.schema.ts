import {
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdByColumn, users } from '../../core/accounts/accounts.schema.js';
import { placeColumn, places } from '../../core/places/places.schema.js';
import { projects } from '../projects/projects.schema.js';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../platform/columns.js';

export const valueTypes = ['fiscalCashable', 'fiscalNonCashable', 'economic', 'social'] as const;
export type ValueType = (typeof valueTypes)[number];
/** Where a value came from: shipped with Commonground, imported from the GMCA workbook, or typed by the council. */
export const valueOrigins = ['shipped', 'gmca_ucd', 'local'] as const;
export const measurements = ['count', 'survey', 'admin'] as const;
export const frameworkStatuses = ['draft', 'published'] as const;
export const appraisalScopes = ['project', 'programme', 'place'] as const;

/**
 * One unit value in a place's library: £ per unit (integer pence) in a price year, with who bears or
 * gains it and where it came from. Licence and attribution travel with the value wherever it is shown.
 */
export const impactValues = pgTable(
  'impact_values',
  {
    id: idColumn(),
    placeId: placeColumn(),
    /** The publisher's code (GMCA `CR1.0`), or null for a local value. */
    code: text('code'),
    /** The GMCA theme (sheet), or a free label. */
    theme: text('theme'),
    description: text('description').notNull(),
    unit: text('unit').notNull().default('per person per year'),
    valuePence: integer('value_pence').notNull(),
    /** The calendar year the value's prices are in; a financial year "2010/11" is stored as 2010. */
    priceYear: integer('price_year').notNull(),
    /** The price year as the source wrote it ("2010/11"). */
    priceYearLabel: text('price_year_label').notNull(),
    valueType: text('value_type').$type<ValueType>().notNull(),
    agency: text('agency').notNull(),
    confidenceGrade: integer('confidence_grade').notNull(),
    source: text('source').notNull(),
    sourceUrl: text('source_url'),
    licence: text('licence').notNull(),
    attribution: text('attribution').notNull(),
    origin: text('origin').$type<(typeof valueOrigins)[number]>().notNull().default('local'),
    createdBy: createdByColumn(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [index('impact_values_place_idx').on(t.placeId, t.origin, t.code)],
);

/** A GDP deflator index by calendar year, per place, which the council keeps up to date. */
export const impactDeflators = pgTable(
  'impact_deflators',
  {
    placeId: placeColumn(),
    year: integer('year').notNull(),
    index: doublePrecision('index').notNull(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [primaryKey({ columns: [t.placeId, t.year] })],
);

/** Per-place impact settings: the optimism-bias table and where the deflator series came from. */
export const impactSettings = pgTable('impact_settings', {
  placeId: uuid('place_id')
    .primaryKey()
    .references(() => places.id, { onDelete: 'cascade' }),
  /** Optimism bias by confidence grade 1–6, as fractions: `{ "1": 0, "2": 0.05, … }`. */
  optimismBias: jsonb('optimism_bias').$type<Record<string, number>>().notNull(),
  deflatorSource: text('deflator_source').notNull(),
  updatedAt: updatedAtColumn(),
});

/** Activities → outputs → outcomes, for the place (project null) or one project. */
export const impactFrameworks = pgTable(
  'impact_frameworks',
  {
    id: idColumn(),
    placeId: placeColumn(),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** What is done: one activity per line. */
    activities: text('activities').notNull().default(''),
    status: text('status').$type<(typeof frameworkStatuses)[number]>().notNull().default('draft'),
    createdBy: createdByColumn(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [index('impact_frameworks_place_idx').on(t.placeId, t.projectId)],
);

/** One outcome of a framework, with its indicator and how it is measured. */
export const impactOutcomes = pgTable(
  'impact_outcomes',
  {
    id: idColumn(),
    placeId: placeColumn(),
    frameworkId: uuid('framework_id')
      .notNull()
      .references(() => impactFrameworks.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    indicator: text('indicator').notNull(),
    measurement: text('measurement').$type<(typeof measurements)[number]>().notNull(),
    unit: text('unit').notNull().default(''),
    createdAt: createdAtColumn(),
  },
  (t) => [index('impact_outcomes_framework_idx').on(t.placeId, t.frameworkId)],
);

/** A measurement of an outcome's indicator over a period, with where it came from. */
export const impactEvidence = pgTable(
  'impact_evidence',
  {
    id: idColumn(),
    placeId: placeColumn(),
    outcomeId: uuid('outcome_id')
      .notNull()
      .references(() => impactOutcomes.id, { onDelete: 'cascade' }),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    value: doublePrecision('value').notNull(),
    sampleSize: integer('sample_size'),
    method: text('method').notNull(),
    sourceUrl: text('source_url'),
    createdBy: createdByColumn(),
    createdAt: createdAtColumn(),
  },
  (t) => [index('impact_evidence_outcome_idx').on(t.placeId, t.outcomeId, t.periodFrom)],
);

/** Where a benefit line's cohort and unit value come from, kept beside the appraisal document. */
export type BenefitLink = {
  /** The library value the line uses, if picked from it. */
  valueId?: string | undefined;
  /** A participation figure to use as the cohort, resolved each time the appraisal is calculated. */
  cohort?: { metric: string; from: string; to: string } | undefined;
};
export type AppraisalLinks = { benefits: Record<string, BenefitLink> };

/**
 * An appraisal: the appraisal library's document (jsonb, money in pounds) plus what links it to
 * this place's data. Every save also writes a row of impact_appraisal_versions.
 */
export const impactAppraisals = pgTable(
  'impact_appraisals',
  {
    id: idColumn(),
    placeId: placeColumn(),
    scope: text('scope').$type<(typeof appraisalScopes)[number]>().notNull(),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    document: jsonb('document').$type<unknown>().notNull(),
    links: jsonb('links').$type<AppraisalLinks>().notNull().default({ benefits: {} }),
    version: integer('version').notNull().default(1),
    createdBy: createdByColumn(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [index('impact_appraisals_place_idx').on(t.placeId, t.updatedAt)],
);

/** Each saved state of an appraisal, so finance can see what changed and who changed it. */
export const impactAppraisalVersions = pgTable(
  'impact_appraisal_versions',
  {
    id: idColumn(),
    placeId: placeColumn(),
    appraisalId: uuid('appraisal_id')
      .notNull()
      .references(() => impactAppraisals.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    document: jsonb('document').$type<unknown>().notNull(),
    links: jsonb('links').$type<AppraisalLinks>().notNull(),
    /** What the save did, in words ("Added a cost line"). */
    note: text('note').notNull(),
    savedBy: uuid('saved_by').references(() => users.id, { onDelete: 'set null' }),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('impact_appraisal_versions_idx').on(t.appraisalId, t.version)],
);
