import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { places } from '../places/places.schema.js';

/** Every message the service sends. Without SMTP this is the only delivery: admins read it in the service. */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** outbox (kept here only) or smtp */
    transport: text('transport').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    error: text('error'),
  },
  (t) => [index('outbox_place_created_idx').on(t.placeId, t.createdAt)],
);
