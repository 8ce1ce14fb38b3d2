import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { placeColumn } from '../places/places.schema.js';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../platform/columns.js';

/** A GeoJSON Polygon or MultiPolygon geometry, in WGS84 longitude/latitude. */
export type AreaGeometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

/** How an area was placed in its parent: see {@link areas}. */
export type ParentBasis = 'lookup' | 'best-fit';

export const areas = pgTable(
  'areas',
  {
    id: idColumn(),
    placeId: placeColumn(),
    /** ward, lsoa, msoa or neighbourhood */
    kind: text('kind').notNull().default('ward'),
    /** ONS-style code, for example E05000070 */
    code: text('code').notNull(),
    name: text('name').notNull(),
    population: integer('population'),
    populationYear: integer('population_year'),
    boundary: jsonb('boundary').$type<AreaGeometry>(),
    /** The larger area this one lies in (an LSOA's ward), when it has been placed in one. */
    parentId: uuid('parent_id').references((): AnyPgColumn => areas.id, { onDelete: 'set null' }),
    /** How it was placed: from the council's lookup file, or by best fit (the largest share of its land). */
    parentBasis: text('parent_basis').$type<ParentBasis>(),
    /** With best fit, the share of this area's land inside its parent (0 to 1). */
    parentShare: doublePrecision('parent_share'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    uniqueIndex('areas_place_code_idx').on(t.placeId, t.code),
    index('areas_place_kind_name_idx').on(t.placeId, t.kind, t.name),
    index('areas_parent_idx').on(t.parentId),
    check('areas_parent_basis_check', sql`${t.parentBasis} in ('lookup', 'best-fit')`),
  ],
);
