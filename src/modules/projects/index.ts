import type { CurrentUser } from '../../platform/context.js';
import { hasRole } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import type { ModuleManifest } from '../../platform/modules.js';
import { createProjectsRepository } from './projects.repository.js';

export type { Project, ProjectMember } from './projects.repository.js';
export { projectCategories, projectLeadTypes, projectStages } from './projects.schema.js';

/** Projects: what other modules may ask of them. */
export function createProjectsService(db: Db) {
  const repo = createProjectsRepository(db);
  return {
    findInPlace: (placeId: string, id: string) => repo.findById(placeId, id),
    /** Organisers and co-organisers of the project, and officers and admins of the place, may run it. */
    async canOrganise(user: Pick<CurrentUser, 'id' | 'placeId' | 'role'>, projectId: string): Promise<boolean> {
      if (hasRole(user.role, 'officer')) return true;
      const m = await repo.membership(user.placeId, projectId, user.id);
      return m?.role === 'organiser' || m?.role === 'co_organiser';
    },
  };
}
export type ProjectsService = ReturnType<typeof createProjectsService>;

export const projectsModule: ModuleManifest<{ projects: ProjectsService }> = {
  name: 'projects',
  async register() {
    // Routes arrive with the projects pages and API.
  },
};
