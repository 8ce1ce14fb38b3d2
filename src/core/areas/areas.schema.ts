import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { placeColumn } from '../places/places.schema.js';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../platform/columns.js';

/** A GeoJSON Polygon or MultiPolygon geometry, in WGS84 longitude/latitude. */
export type AreaGeometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

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
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    uniqueIndex('areas_place_code_idx').on(t.placeId, t.code),
    index('areas_place_kind_name_idx').on(t.placeId, t.kind, t.name),
  ],
);
