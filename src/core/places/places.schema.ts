import { boolean, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn } from '../../platform/columns.js';

/** Settings a place can change without a deploy. Modules add their own keys. */
export type PlaceSettings = {
  /** Shown in the footer and on the accessibility statement. */
  contactEmail?: string;
  /** Projects: 'pre' (the default) holds new projects for an officer to publish; 'post' publishes at once. */
  projectModeration?: 'pre' | 'post';
  /** Participation figures: counts of people below this are shown as "fewer than N" (default 10). */
  suppressBelow?: number;
  /** Participation scale target (default 25,000 residents in 5 years from the first session). */
  participationTarget?: { residents: number; years: number; startDate: string };
};

export const places = pgTable('places', {
  id: idColumn(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  isDefault: boolean('is_default').notNull().default(false),
  settings: jsonb('settings').$type<PlaceSettings>().notNull().default({}),
  createdAt: createdAtColumn(),
});

/** The place a row belongs to: every tenant table has one, and every query of it names it. */
export const placeColumn = () =>
  uuid('place_id')
    .notNull()
    .references(() => places.id, { onDelete: 'cascade' });

/** Host names that resolve to a place; one place may answer on several. */
export const placeHosts = pgTable('place_hosts', {
  hostname: text('hostname').primaryKey(),
  placeId: placeColumn(),
});
