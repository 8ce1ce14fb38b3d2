import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { StoredAnalysis } from '../../lib/polis/index.js';
import { createdByColumn, users } from '../../core/accounts/accounts.schema.js';
import { placeColumn } from '../../core/places/places.schema.js';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../platform/columns.js';

/** Who may take part: signed-in people of the place, or anyone with the link. */
export const conversationAudiences = ['residents', 'link'] as const;
export type ConversationAudience = (typeof conversationAudiences)[number];
/** Strict: statements wait for an officer; permissive: published at once and removable. */
export const moderationModes = ['strict', 'permissive'] as const;
export type ModerationMode = (typeof moderationModes)[number];
export const conversationStatuses = ['draft', 'open', 'closed'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];
export const statementStatuses = ['pending', 'accepted', 'rejected'] as const;
export type StatementStatus = (typeof statementStatuses)[number];

/**
 * An honest conversation: a question people answer by voting on short statements (Polis-style).
 * Statement and participant numbers are allocated from the counters here, under the row lock
 * that `update … returning` takes, so they are dense per conversation, as Polis's ids are.
 */
export const conversations = pgTable(
  'conversations',
  {
    id: idColumn(),
    placeId: placeColumn(),
    question: text('question').notNull(),
    /** Background shown above the statements: plain text, shown escaped. */
    context: text('context').notNull().default(''),
    opensAt: timestamp('opens_at', { withTimezone: true }),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    audience: text('audience').$type<ConversationAudience>().notNull().default('residents'),
    /** A pseudonymous participant (random id in a cookie) may take part without signing in. */
    anonymousAllowed: boolean('anonymous_allowed').notNull().default(false),
    moderation: text('moderation').$type<ModerationMode>().notNull().default('strict'),
    status: text('status').$type<ConversationStatus>().notNull().default('draft'),
    nextStatementNumber: integer('next_statement_number').notNull().default(0),
    nextParticipantNumber: integer('next_participant_number').notNull().default(0),
    createdBy: createdByColumn(),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    index('conversations_place_status_idx').on(t.placeId, t.status, t.createdAt),
    check('conversations_audience_check', sql`${t.audience} in ('residents', 'link')`),
    check('conversations_moderation_check', sql`${t.moderation} in ('strict', 'permissive')`),
    check('conversations_status_check', sql`${t.status} in ('draft', 'open', 'closed')`),
  ],
);

/**
 * Someone taking part in one conversation: a signed-in user, or a pseudonym whose cookie token is
 * stored only as its SHA-256. Never an email address. `number` is the Polis participant id used
 * by the maths and in exports; imported participants keep their original id in `external_id`.
 */
export const conversationParticipants = pgTable(
  'conversation_participants',
  {
    id: idColumn(),
    placeId: placeColumn(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    tokenHash: text('token_hash'),
    externalId: text('external_id'),
    createdAt: createdAtColumn(),
  },
  (t) => [
    uniqueIndex('conversation_participants_number_idx').on(t.conversationId, t.number),
    uniqueIndex('conversation_participants_user_idx')
      .on(t.conversationId, t.userId)
      .where(sql`${t.userId} is not null`),
    uniqueIndex('conversation_participants_token_idx')
      .on(t.conversationId, t.tokenHash)
      .where(sql`${t.tokenHash} is not null`),
    index('conversation_participants_place_user_idx').on(t.placeId, t.userId),
  ],
);

/**
 * A statement people vote on (≤ 140 characters when submitted here; imports keep theirs).
 * `number` is the Polis comment id. Only accepted statements are shown for voting; rejected ones
 * are moderated out of the maths too. `text_key` (case- and space-folded text) refuses duplicates.
 */
export const conversationStatements = pgTable(
  'conversation_statements',
  {
    id: idColumn(),
    placeId: placeColumn(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    text: text('text').notNull(),
    textKey: text('text_key').notNull(),
    /** Null for seed statements written by officers (and imported ones without an author). */
    authorParticipantId: uuid('author_participant_id').references(() => conversationParticipants.id, {
      onDelete: 'set null',
    }),
    isSeed: boolean('is_seed').notNull().default(false),
    /** About the conversation itself ("I'd like more on transport"): shown, voted on, kept out of the maths. */
    isMeta: boolean('is_meta').notNull().default(false),
    status: text('status').$type<StatementStatus>().notNull().default('pending'),
    moderationReason: text('moderation_reason'),
    moderatedBy: uuid('moderated_by').references(() => users.id, { onDelete: 'set null' }),
    moderatedAt: timestamp('moderated_at', { withTimezone: true }),
    externalId: text('external_id'),
    createdAt: createdAtColumn(),
  },
  (t) => [
    uniqueIndex('conversation_statements_number_idx').on(t.conversationId, t.number),
    // Imports keep whatever the source had; submissions here may not repeat a statement.
    uniqueIndex('conversation_statements_text_idx')
      .on(t.conversationId, t.textKey)
      .where(sql`${t.externalId} is null`),
    index('conversation_statements_status_idx').on(t.conversationId, t.status),
    index('conversation_statements_author_idx').on(t.authorParticipantId, t.createdAt),
    check('conversation_statements_status_check', sql`${t.status} in ('pending', 'accepted', 'rejected')`),
  ],
);

/**
 * Every vote ever cast, append-only: a re-vote adds a row and the latest (highest id) counts.
 * Sign convention of the Polis open-data exports and of src/lib/polis: agree = +1,
 * disagree = −1, pass = 0.
 */
export const conversationVotes = pgTable(
  'conversation_votes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    placeId: placeColumn(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => conversationParticipants.id, { onDelete: 'cascade' }),
    statementId: uuid('statement_id')
      .notNull()
      .references(() => conversationStatements.id, { onDelete: 'cascade' }),
    value: smallint('value').notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('conversation_votes_conversation_idx').on(t.conversationId, t.id),
    index('conversation_votes_participant_idx').on(t.participantId, t.statementId, t.id),
    index('conversation_votes_participant_time_idx').on(t.participantId, t.createdAt),
    check('conversation_votes_value_check', sql`${t.value} in (-1, 0, 1)`),
  ],
);

/** Stability figures kept beside the stored analysis. */
export type StoredStability = NonNullable<StoredAnalysis['stability']>;

/**
 * The latest analysis of a conversation (one row, replaced on each recompute): the library's
 * `storedAnalysis` JSON, the votes it saw, and when it was computed, which reports show.
 */
export const conversationAnalyses = pgTable('conversation_analyses', {
  conversationId: uuid('conversation_id')
    .primaryKey()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  placeId: placeColumn(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  /** Number of vote rows (history included) when computed: more rows now means it is out of date. */
  voteCount: integer('vote_count').notNull(),
  participantCount: integer('participant_count').notNull(),
  durationMs: integer('duration_ms').notNull(),
  result: jsonb('result').$type<Omit<StoredAnalysis, 'stability'>>().notNull(),
  stability: jsonb('stability').$type<StoredStability>(),
});

/** Where an imported conversation came from, with the licence and attribution its data requires. */
export const conversationImports = pgTable(
  'conversation_imports',
  {
    id: idColumn(),
    placeId: placeColumn(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    sourceUrl: text('source_url'),
    licence: text('licence').notNull(),
    attribution: text('attribution').notNull(),
    /** Counts read from the files (participants, statements, votes), as imported. */
    summary: jsonb('summary').$type<Record<string, number>>().notNull().default({}),
    importedBy: uuid('imported_by').references(() => users.id, { onDelete: 'set null' }),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('conversation_imports_conversation_idx').on(t.conversationId)],
);
