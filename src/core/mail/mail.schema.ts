import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { placeColumn } from '../places/places.schema.js';
import { createdAtColumn, idColumn } from '../../platform/columns.js';

/** Every message the service sends. Without SMTP this is the only delivery: admins read it in the service. */
export const outbox = pgTable(
  'outbox',
  {
    id: idColumn(),
    placeId: placeColumn(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** outbox (kept here only) or smtp */
    transport: text('transport').notNull(),
    createdAt: createdAtColumn(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    error: text('error'),
  },
  (t) => [index('outbox_place_created_idx').on(t.placeId, t.createdAt)],
);
