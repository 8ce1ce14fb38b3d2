import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../core/accounts/accounts.schema.js';
import { areas } from '../../core/areas/areas.schema.js';
import { places } from '../../core/places/places.schema.js';

export const spaceKinds = ['hub', 'shop', 'hall', 'park', 'online', 'other'] as const;

/** Where sessions happen: hubs, shops, halls, parks, or online. */
export const spaces = pgTable(
  'spaces',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
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
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('spaces_place_name_idx').on(t.placeId, t.name)],
);
