import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { projectMembers, projects } from './projects.schema.js';

export type Project = typeof projects.$inferSelect;
export type ProjectMember = typeof projectMembers.$inferSelect;

export function createProjectsRepository(db: Db) {
  return {
    async findById(placeId: string, id: string): Promise<Project | undefined> {
      const rows = await db
        .select()
        .from(projects)
        .where(and(eq(projects.placeId, placeId), eq(projects.id, id)))
        .limit(1);
      return rows[0];
    },
    async membership(placeId: string, projectId: string, userId: string): Promise<ProjectMember | undefined> {
      const rows = await db
        .select()
        .from(projectMembers)
        .where(
          and(
            eq(projectMembers.placeId, placeId),
            eq(projectMembers.projectId, projectId),
            eq(projectMembers.userId, userId),
          ),
        )
        .limit(1);
      return rows[0];
    },
  };
}
