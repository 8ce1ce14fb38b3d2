import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../core/accounts/accounts.schema.js';
import { placeColumn } from '../../core/places/places.schema.js';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../platform/columns.js';
import { projects } from '../projects/projects.schema.js';

/**
 * What people may offer and projects may need, in the words of asset-based community development
 * (domain notes §4.1): the gifts of the head (skills), of the heart (passions) and of the hands
 * (time), and the things a person can lend (a space, kit).
 */
export const capacityKinds = ['skills', 'passions', 'time', 'space', 'kit'] as const;
export type CapacityKind = (typeof capacityKinds)[number];

/** Whom an organiser's message goes to: people in the project's ward, or in the whole place. */
export const askReaches = ['ward', 'place'] as const;
export type AskReach = (typeof askReaches)[number];

const kindsCheck = (table: string, column: string) =>
  check(
    `${table}_${column}_check`,
    sql.raw(
      `cardinality(${column}) between 1 and ${capacityKinds.length} and ${column} <@ array[${capacityKinds.map((k) => `'${k}'`).join(', ')}]::text[]`,
    ),
  );

/**
 * One person's offer: what they could share, and the two things they agreed to. Their ward is not
 * stored here: it is their account's home ward, read when it is needed, so it follows a move.
 * Deleting the account deletes the offer.
 */
export const capacityOffers = pgTable(
  'capacity_offers',
  {
    id: idColumn(),
    placeId: placeColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kinds: text('kinds').array().$type<CapacityKind[]>().notNull(),
    /** Their own words, seen only by them (and put back to them in a message from organisers). */
    description: text('description').notNull().default(''),
    /** "Count my offer, without my name, in the figures for my ward." */
    countInWard: boolean('count_in_ward').notNull().default(false),
    /** "Organisers of projects that need this may send me a message through Commonground." */
    mayBeAsked: boolean('may_be_asked').notNull().default(false),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    kindsCheck('capacity_offers', 'kinds'),
    uniqueIndex('capacity_offers_place_user_idx').on(t.placeId, t.userId),
    index('capacity_offers_user_idx').on(t.userId),
  ],
);

/** What a project says it needs, in the same kinds, with a sentence from its organisers. One row a project. */
export const capacityNeeds = pgTable(
  'capacity_needs',
  {
    projectId: uuid('project_id')
      .primaryKey()
      .references(() => projects.id, { onDelete: 'cascade' }),
    placeId: placeColumn(),
    kinds: text('kinds').array().$type<CapacityKind[]>().notNull(),
    description: text('description').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [kindsCheck('capacity_needs', 'kinds'), index('capacity_needs_place_idx').on(t.placeId)],
);

/**
 * Each message an organiser sent to the people who offered what the project needs: kept so the
 * weekly limit can be checked and so misuse can be looked into. Who received it is not kept,
 * only how many.
 */
export const capacityAsks = pgTable(
  'capacity_asks',
  {
    id: idColumn(),
    placeId: placeColumn(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    reach: text('reach').$type<AskReach>().notNull(),
    kinds: text('kinds').array().$type<CapacityKind[]>().notNull(),
    message: text('message').notNull(),
    recipients: integer('recipients').notNull(),
    askedBy: uuid('asked_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    check('capacity_asks_reach_check', sql.raw(`reach in (${askReaches.map((r) => `'${r}'`).join(', ')})`)),
    index('capacity_asks_project_idx').on(t.placeId, t.projectId, t.createdAt),
    index('capacity_asks_asked_by_idx').on(t.askedBy),
  ],
);
