import type { Area } from '../../core/areas/index.js';
import { projectPaths } from '../projects/index.js';
import { sessionPaths } from '../sessions/index.js';

type Ward = Pick<Area, 'id' | 'name'>;

/** The home page: what is coming up and the newest projects, near the person when they have a home ward. */
export function homeView<S extends { id: string }, P extends { id: string }>(input: {
  wards: Ward[];
  homeWard: Ward | undefined;
  upcoming: S[];
  projectCount: number;
  newest: P[];
}) {
  return {
    wards: input.wards,
    homeWard: input.homeWard,
    upcoming: input.upcoming.map((s) => ({ ...s, href: sessionPaths.session(s.id) })),
    whatsOnHref: sessionPaths.whatsOn,
    projectCount: input.projectCount,
    newest: input.newest.map((p) => ({ ...p, href: projectPaths.project(p.id) })),
    projectsHref: projectPaths.projects,
    proposeHref: projectPaths.newProject,
  };
}
