import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdByColumn, roleEnum } from '../accounts/accounts.schema.js';
import { placeColumn } from '../places/places.schema.js';
import { createdAtColumn, idColumn } from '../../platform/columns.js';

/** Bearer tokens for the API. The token is shown once; only its SHA-256 is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: idColumn(),
    placeId: placeColumn(),
    name: text('name').notNull(),
    role: roleEnum('role').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the token, so people can tell tokens apart. */
    prefix: text('prefix').notNull(),
    createdBy: createdByColumn(),
    createdAt: createdAtColumn(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_place_idx').on(t.placeId)],
);
