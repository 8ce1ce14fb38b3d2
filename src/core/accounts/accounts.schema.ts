import { sql } from 'drizzle-orm';
import { boolean, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { areas } from '../areas/areas.schema.js';
import { placeColumn } from '../places/places.schema.js';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../platform/columns.js';

export const roleEnum = pgEnum('role', ['resident', 'organiser', 'officer', 'admin']);

export const users = pgTable(
  'users',
  {
    id: idColumn(),
    placeId: placeColumn(),
    /** Stored lower-cased. Null for assisted accounts of residents without email. */
    email: text('email'),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    passwordHash: text('password_hash'),
    displayName: text('display_name').notNull(),
    homeAreaId: uuid('home_area_id').references(() => areas.id, { onDelete: 'set null' }),
    role: roleEnum('role').notNull().default('resident'),
    /** Created by staff on a resident's behalf, with their consent. */
    assisted: boolean('assisted').notNull().default(false),
    consentRecordedBy: uuid('consent_recorded_by'),
    consentRecordedAt: timestamp('consent_recorded_at', { withTimezone: true }),
    consentMethod: text('consent_method'),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    uniqueIndex('users_place_email_idx')
      .on(t.placeId, t.email)
      .where(sql`${t.email} is not null`),
    index('users_place_role_idx').on(t.placeId, t.role),
  ],
);

/** Who made the row; kept (as null) when their account is erased. */
export const createdByColumn = () => uuid('created_by').references(() => users.id, { onDelete: 'set null' });

/** Whose row it is; it goes when their account is erased. */
const ownerColumn = () =>
  uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });

/** Signed-in sessions. The cookie holds a random token; only its SHA-256 is stored. */
export const loginSessions = pgTable(
  'login_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    placeId: placeColumn(),
    userId: ownerColumn(),
    createdAt: createdAtColumn(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('login_sessions_user_idx').on(t.userId), index('login_sessions_expires_idx').on(t.expiresAt)],
);

export const tokenPurposeEnum = pgEnum('token_purpose', ['verify_email', 'reset_password', 'change_email']);

/** Single-use tokens sent by email. Only the SHA-256 of the token is stored. */
export const emailTokens = pgTable(
  'email_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    placeId: placeColumn(),
    userId: ownerColumn(),
    purpose: tokenPurposeEnum('purpose').notNull(),
    /** For change_email: the address being confirmed. */
    newEmail: text('new_email'),
    createdAt: createdAtColumn(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('email_tokens_user_idx').on(t.userId, t.purpose)],
);

/**
 * Failed sign-in attempts, kept in the database so the limit holds across
 * server processes. Rows older than the window are deleted as new ones arrive.
 */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: idColumn(),
    placeId: placeColumn(),
    /** "email:<sha256 of address>" or "ip:<address>" */
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sign_in_failures_key_idx').on(t.placeId, t.key, t.at)],
);
