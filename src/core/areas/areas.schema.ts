import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { places } from '../places/places.schema.js';

/** A GeoJSON Polygon or MultiPolygon geometry, in WGS84 longitude/latitude. */
export type AreaGeometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export const areas = pgTable(
  'areas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    /** ward, lsoa, msoa or neighbourhood */
    kind: text('kind').notNull().default('ward'),
    /** ONS-style code, for example E05000070 */
    code: text('code').notNull(),
    name: text('name').notNull(),
    population: integer('population'),
    populationYear: integer('population_year'),
    boundary: jsonb('boundary').$type<AreaGeometry>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('areas_place_code_idx').on(t.placeId, t.code),
    index('areas_place_kind_name_idx').on(t.placeId, t.kind, t.name),
  ],
);
