import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdByColumn, users } from '../../core/accounts/accounts.schema.js';
import { areas } from '../../core/areas/areas.schema.js';
import { placeColumn } from '../../core/places/places.schema.js';
import { createdAtColumn, idColumn, updatedAtColumn } from '../../platform/columns.js';

export const projectCategories = [
  'cooking',
  'growing',
  'making',
  'repair',
  'play',
  'learning',
  'trading',
  'other',
] as const;
export const projectStages = ['idea', 'gathering', 'testing', 'running', 'paused', 'ended', 'enterprise'] as const;
export const projectLeadTypes = ['resident', 'community_group', 'council', 'partner'] as const;
export const projectStatuses = ['pending', 'published', 'declined'] as const;

export const projectStageEnum = pgEnum('project_stage', projectStages);
export const projectLeadTypeEnum = pgEnum('project_lead_type', projectLeadTypes);
export const projectStatusEnum = pgEnum('project_status', projectStatuses);
export const projectMemberRoleEnum = pgEnum('project_member_role', ['organiser', 'co_organiser', 'member']);

/** What a project says it needs to get going. */
export type ProjectNeeds = { people?: boolean; skills?: string; space?: string; kit?: string };

/** A resident-led (or group-, council- or partner-led) project: cooking, growing, making, repair… */
export const projects = pgTable(
  'projects',
  {
    id: idColumn(),
    placeId: placeColumn(),
    title: text('title').notNull(),
    /** What the project is and why: plain text, shown escaped. */
    summary: text('summary').notNull(),
    why: text('why').notNull().default(''),
    category: text('category').$type<(typeof projectCategories)[number]>().notNull(),
    areaId: uuid('area_id').references(() => areas.id, { onDelete: 'set null' }),
    needs: jsonb('needs').$type<ProjectNeeds>().notNull().default({}),
    stage: projectStageEnum('stage').notNull().default('idea'),
    leadType: projectLeadTypeEnum('lead_type').notNull().default('resident'),
    /** "We need N people to start": members (organisers included) count towards it. */
    threshold: integer('threshold'),
    /** When the threshold was first met: organisers are told once, however often people leave and join. */
    thresholdMetAt: timestamp('threshold_met_at', { withTimezone: true }),
    status: projectStatusEnum('status').notNull().default('pending'),
    declineReason: text('decline_reason'),
    createdBy: createdByColumn(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [
    index('projects_place_status_idx').on(t.placeId, t.status, t.createdAt),
    index('projects_place_area_idx').on(t.placeId, t.areaId),
  ],
);

/** Who is in a project: its organisers, co-organisers and members. */
export const projectMembers = pgTable(
  'project_members',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    placeId: placeColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: projectMemberRoleEnum('role').notNull().default('member'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index('project_members_user_idx').on(t.placeId, t.userId)],
);
