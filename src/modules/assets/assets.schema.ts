import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdByColumn, users } from '../../core/accounts/accounts.schema.js';
import { areas } from '../../core/areas/areas.schema.js';
import { placeColumn } from '../../core/places/places.schema.js';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../platform/columns.js';

/**
 * The five kinds of asset of asset-based community development (Kretzmann and McKnight):
 * associations, institutions, physical places, the local economy, and stories and culture.
 */
export const assetCategories = ['association', 'institution', 'place', 'economic', 'culture'] as const;
export type AssetCategory = (typeof assetCategories)[number];

/** A suggestion waits for an officer; only a public asset is shown to everyone. */
export const assetStatuses = ['suggested', 'public', 'declined'] as const;
export type AssetStatus = (typeof assetStatuses)[number];

/** What a community already has: a group, an institution, a place, a business, a story. */
export const communityAssets = pgTable(
  'community_assets',
  {
    id: idColumn(),
    placeId: placeColumn(),
    name: text('name').notNull(),
    category: text('category').$type<AssetCategory>().notNull(),
    /** What it offers people: rooms, kit, skills, a welcome. */
    offers: text('offers').notNull().default(''),
    areaId: uuid('area_id').references(() => areas.id, { onDelete: 'set null' }),
    /** A public address (never a resident's home); empty for assets with no one place. */
    address: text('address').notNull().default(''),
    /** How to get in touch, as the asset itself publishes it (an organisation's phone, email or website). */
    contact: text('contact').notNull().default(''),
    openingTimes: text('opening_times').notNull().default(''),
    accessibility: text('accessibility').notNull().default(''),
    status: text('status').$type<AssetStatus>().notNull().default('suggested'),
    /** Why an officer declined it, told to whoever suggested it. */
    declineReason: text('decline_reason'),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /** Who suggested or added it. */
    createdBy: createdByColumn(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    check(
      'community_assets_category_check',
      sql.raw(`category in (${assetCategories.map((c) => `'${c}'`).join(', ')})`),
    ),
    check('community_assets_status_check', sql.raw(`status in (${assetStatuses.map((c) => `'${c}'`).join(', ')})`)),
    index('community_assets_place_status_idx').on(t.placeId, t.status, t.name),
    index('community_assets_created_by_idx').on(t.createdBy),
  ],
);
