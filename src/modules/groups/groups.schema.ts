import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdByColumn, users } from '../../core/accounts/accounts.schema.js';
import { areas } from '../../core/areas/areas.schema.js';
import { placeColumn } from '../../core/places/places.schema.js';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../platform/columns.js';
import { projects } from '../projects/projects.schema.js';

/** A lead runs the group with the others; a member belongs to it. */
export const groupRoles = ['lead', 'member'] as const;
export type GroupRole = (typeof groupRoles)[number];

/**
 * A community group, as the residents who started it describe it: listed at once, with no check
 * (a group is what residents say it is). Its contact is one the group chose to publish, never an
 * account's address. When whoever started it deletes their account, the group stays.
 */
export const communityGroups = pgTable(
  'community_groups',
  {
    id: idColumn(),
    placeId: placeColumn(),
    name: text('name').notNull(),
    /** What the group does, in its own words (plain text). */
    description: text('description').notNull(),
    wardId: uuid('ward_id').references(() => areas.id, { onDelete: 'set null' }),
    /** Shown to everyone: an email address, phone number or other way in that the group publishes. */
    contact: text('contact').notNull(),
    website: text('website').notNull().default(''),
    createdBy: createdByColumn(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    index('community_groups_place_name_idx').on(t.placeId, t.name),
    index('community_groups_place_ward_idx').on(t.placeId, t.wardId),
    index('community_groups_created_by_idx').on(t.createdBy),
  ],
);

/** Who belongs to a group. Deleting an account deletes its memberships; a group left with no lead stays. */
export const groupMembers = pgTable(
  'group_members',
  {
    id: idColumn(),
    placeId: placeColumn(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => communityGroups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<GroupRole>().notNull().default('member'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('group_members_role_check', sql.raw(`role in (${groupRoles.map((r) => `'${r}'`).join(', ')})`)),
    uniqueIndex('group_members_group_user_idx').on(t.groupId, t.userId),
    index('group_members_user_idx').on(t.userId),
  ],
);

/**
 * The projects a group runs: a project belongs to one group at most. Sessions belong to projects,
 * so a group runs sessions through its projects. The projects module knows nothing of this table.
 */
export const groupProjects = pgTable(
  'group_projects',
  {
    id: idColumn(),
    placeId: placeColumn(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => communityGroups.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    linkedBy: uuid('linked_by').references(() => users.id, { onDelete: 'set null' }),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('group_projects_project_idx').on(t.projectId),
    index('group_projects_group_idx').on(t.placeId, t.groupId),
    index('group_projects_linked_by_idx').on(t.linkedBy),
  ],
);
