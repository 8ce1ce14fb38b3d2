import type { PeopleDirectory } from '../../core/accounts/index.js';
import type { AreasService } from '../../core/areas/index.js';
import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import type { ProjectGroup, ProjectsService } from '../projects/index.js';
import type { SessionsService } from '../sessions/index.js';
import { seedGroupsDemo } from './groups.demo.js';
import { groupPaths } from './groups.paths.js';
import { communityGroups, groupMembers, groupProjects } from './groups.schema.js';
import { createGroupsService } from './groups.service.js';
import { groupsWeb } from './groups.web.js';

export type { GroupsService } from './groups.service.js';

/**
 * Community groups: started by residents and listed at once, with leads, members, a public
 * contact and the projects they run (and so those projects' sessions). `groupsByWard` and
 * `listInWard` are for the strength map and the ward profile.
 */
export const groupsModule = defineModule<{
  db: Db;
  areas: AreasService;
  people: PeopleDirectory;
  projects: ProjectsService;
  sessions: SessionsService;
}>()({
  name: 'groups',
  services: ({ db, areas, people, projects, sessions }) => {
    const groups = createGroupsService(db, { areas, people, projects, sessions });
    // The project page names the group that runs the project (projects cannot ask for groups by name).
    const projectGroup: ProjectGroup = {
      async groupOf(placeId, projectId) {
        const group = await groups.groupOfProject(placeId, projectId);
        return group ? { name: group.name, href: groupPaths.group(group.id) } : null;
      },
    };
    return { groups, projectGroup };
  },
  paths: groupPaths,
  tables: { communityGroups, groupMembers, groupProjects },
  nav: [{ text: 'Groups', href: groupPaths.groups, order: 47 }],
  demo: seedGroupsDemo,
  async personalData({ groups }, placeId, userId) {
    const [started, memberships] = await Promise.all([
      groups.startedBy(placeId, userId),
      groups.membershipsOf(placeId, userId),
    ]);
    return {
      started: started.map((g) => ({
        name: g.name,
        description: g.description,
        contact: g.contact,
        website: g.website,
        startedAt: g.createdAt.toISOString(),
      })),
      memberships: memberships.map((m) => ({ group: m.group, role: m.role, joinedAt: m.joinedAt.toISOString() })),
    };
  },
  async register(app, { groups, areas }) {
    await app.register(groupsWeb, { groups, areas });
  },
});
