import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, primaryKey, smallint, uuid } from 'drizzle-orm/pg-core';
import { areas } from '../../../core/areas/areas.schema.js';
import { placeColumn } from '../../../core/places/places.schema.js';
import { updatedAtColumn } from '../../../platform/columns.js';
import type { DomainKey, RankDecile } from './deprivation.files.js';

/**
 * The Indices of Deprivation for each of a place's LSOAs, per release (2019, 2025), as imported
 * from MHCLG's files: each file fills its own columns, so File 6 can come after File 1. Wards'
 * figures are derived from these when read (a borough has a few hundred LSOAs).
 */
export const lsoaDeprivation = pgTable(
  'lsoa_deprivation',
  {
    placeId: placeColumn(),
    areaId: uuid('area_id')
      .notNull()
      .references(() => areas.id, { onDelete: 'cascade' }),
    /** The year the release was published: 2019 (on 2011 LSOAs) or 2025 (on 2021 LSOAs). */
    release: smallint('release').notNull(),
    imdRank: integer('imd_rank'),
    imdDecile: smallint('imd_decile'),
    /** The seven domains' ranks and deciles (File 2). */
    domains: jsonb('domains').$type<Record<DomainKey, RankDecile>>(),
    /** The population denominator (File 6) and the mid-year it estimates. */
    population: integer('population'),
    populationYear: smallint('population_year'),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.placeId, t.release, t.areaId] }),
    check('lsoa_deprivation_release_check', sql`${t.release} in (2019, 2025)`),
    check('lsoa_deprivation_decile_check', sql`${t.imdDecile} between 1 and 10`),
  ],
);
