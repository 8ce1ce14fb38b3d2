import { timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The columns most tables share, written once. Each call makes a new column builder (Drizzle's
 * builders are not to be shared between tables). The place and creator columns, which point at
 * core tables, live with those tables: `placeColumn` in core/places, `createdByColumn` in core/accounts.
 */

/** A random UUID primary key. */
export const idColumn = () => uuid('id').primaryKey().defaultRandom();

/** When the row was made. */
export const createdAtColumn = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** When the row last changed; the repository sets it on update. */
export const updatedAtColumn = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
