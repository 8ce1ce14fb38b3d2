import type { AreasService } from '../../core/areas/index.js';
import type { PlacesService } from '../../core/places/index.js';
import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import type { AssetsService } from '../assets/index.js';
import type { CapacityService } from '../capacity/index.js';
import type { GroupsService } from '../groups/index.js';
import type { StatsService } from '../participation/index.js';
import type { ProjectsService } from '../projects/index.js';
import type { SessionsService } from '../sessions/index.js';
import { deprivationCommands } from './deprivation/deprivation.commands.js';
import { lsoaDeprivation } from './deprivation/deprivation.schema.js';
import { createDeprivationService, type DeprivationService } from './deprivation/deprivation.service.js';
import { deprivationWeb } from './deprivation/deprivation.web.js';
import { seedStrengthDemo } from './strength.demo.js';
import { strengthPaths } from './strength.paths.js';
import { createStrengthService, type StrengthService } from './strength.service.js';
import { strengthApi } from './strength.api.js';
import { strengthWeb } from './strength.web.js';

type Needs = {
  db: Db;
  areas: AreasService;
  places: PlacesService;
  participationStats: StatsService;
  assets: AssetsService;
  capacity: CapacityService;
  groups: GroupsService;
  projects: ProjectsService;
  sessions: SessionsService;
};

export { strengthPaths };

/**
 * How strong are a place's communities? Need (the Indices of Deprivation, per LSOA and derived
 * per ward) beside the strength the platform sees (participation, projects, assets), ward by ward,
 * on a map, in four quarters and in each ward's profile.
 */
export const strengthModule = defineModule<Needs>()({
  name: 'strength',
  services: ({ db, areas, participationStats, assets, capacity, groups }) => {
    // A deprivation import shows on the map at once: the strength figures it changes are forgotten.
    const deprivation = createDeprivationService(db, { areas, afterImport: (placeId) => strength.forget(placeId) });
    const strength = createStrengthService({ areas, stats: participationStats, assets, deprivation, capacity, groups });
    return { deprivation, strength };
  },
  paths: strengthPaths,
  tables: { lsoaDeprivation },
  nav: [{ text: 'Community strength', href: strengthPaths.map, order: 52 }],
  commands: deprivationCommands<Needs & { deprivation: DeprivationService; strength: StrengthService }>(),
  async register(app, services) {
    await app.register(strengthWeb, services);
    await app.register(deprivationWeb, services);
    await app.register(strengthApi, services);
  },
  demo: (services, demo) => seedStrengthDemo(services, demo),
});
