import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdByColumn } from '../../core/accounts/accounts.schema.js';
import { areas } from '../../core/areas/areas.schema.js';
import { placeColumn } from '../../core/places/places.schema.js';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../platform/columns.js';

export const spaceKinds = ['hub', 'shop', 'hall', 'park', 'online', 'other'] as const;

/** Where sessions happen: hubs, shops, halls, parks, or online. */
export const spaces = pgTable(
  'spaces',
  {
    id: idColumn(),
    placeId: placeColumn(),
    name: text('name').notNull(),
    kind: text('kind').$type<(typeof spaceKinds)[number]>().notNull(),
    /** A public address of the venue (never a resident's home); null for online spaces. */
    address: text('address'),
    areaId: uuid('area_id').references(() => areas.id, { onDelete: 'set null' }),
    capacity: integer('capacity'),
    openingTimes: text('opening_times').notNull().default(''),
    accessibility: text('accessibility').notNull().default(''),
    /** Equipment people can borrow, one item a line. */
    equipment: jsonb('equipment').$type<string[]>().notNull().default([]),
    createdBy: createdByColumn(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [index('spaces_place_name_idx').on(t.placeId, t.name)],
);
