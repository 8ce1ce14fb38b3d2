import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../core/accounts/accounts.schema.js';
import { places } from '../../core/places/places.schema.js';
import { conversationCommitments, type CommitmentStatus } from './conversations.schema.js';

/**
 * Each change of a commitment's status, with its date and an optional note ("Survey done; the
 * crossing is in next year's budget"), so the public outcome page shows how it was tracked to
 * done rather than only where it stands now. Append-only.
 */
export const conversationCommitmentUpdates = pgTable(
  'conversation_commitment_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    commitmentId: uuid('commitment_id')
      .notNull()
      .references(() => conversationCommitments.id, { onDelete: 'cascade' }),
    status: text('status').$type<CommitmentStatus>().notNull(),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('conversation_commitment_updates_commitment_idx').on(t.commitmentId, t.createdAt),
    check('conversation_commitment_updates_status_check', sql`${t.status} in ('not_started', 'in_progress', 'done')`),
  ],
);
