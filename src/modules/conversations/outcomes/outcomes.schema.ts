import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdByColumn, users } from '../../../core/accounts/accounts.schema.js';
import { placeColumn } from '../../../core/places/places.schema.js';
import { conversations } from '../conversations.schema.js';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../../platform/columns.js';

export const commitmentStatuses = ['not_started', 'in_progress', 'done'] as const;
export type CommitmentStatus = (typeof commitmentStatuses)[number];

/** "Closing the loop": what the council heard and what happens next, published once written. */
export const conversationOutcomes = pgTable('conversation_outcomes', {
  conversationId: uuid('conversation_id')
    .primaryKey()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  placeId: placeColumn(),
  whatWeHeard: text('what_we_heard').notNull().default(''),
  whatWeCannotDo: text('what_we_cannot_do').notNull().default(''),
  whatResidentsCouldTakeOn: text('what_residents_could_take_on').notNull().default(''),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
  /** When participants were told it was published (null until then). */
  notifiedAt: timestamp('notified_at', { withTimezone: true }),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
});

/** "What we will do": one commitment with an owner and a date, tracked to done. */
export const conversationCommitments = pgTable(
  'conversation_commitments',
  {
    id: idColumn(),
    placeId: placeColumn(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    /** A name or a team, as the council wants it shown. */
    owner: text('owner').notNull(),
    dueDate: date('due_date'),
    status: text('status').$type<CommitmentStatus>().notNull().default('not_started'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    position: integer('position').notNull().default(0),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    index('conversation_commitments_conversation_idx').on(t.conversationId, t.position),
    check('conversation_commitments_status_check', sql`${t.status} in ('not_started', 'in_progress', 'done')`),
  ],
);

/**
 * Each change of a commitment's status, with its date and an optional note ("Survey done; the
 * crossing is in next year's budget"), so the public outcome page shows how it was tracked to
 * done rather than only where it stands now. Append-only.
 */
export const conversationCommitmentUpdates = pgTable(
  'conversation_commitment_updates',
  {
    id: idColumn(),
    placeId: placeColumn(),
    commitmentId: uuid('commitment_id')
      .notNull()
      .references(() => conversationCommitments.id, { onDelete: 'cascade' }),
    status: text('status').$type<CommitmentStatus>().notNull(),
    note: text('note').notNull().default(''),
    createdBy: createdByColumn(),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('conversation_commitment_updates_commitment_idx').on(t.commitmentId, t.createdAt),
    check('conversation_commitment_updates_status_check', sql`${t.status} in ('not_started', 'in_progress', 'done')`),
  ],
);
