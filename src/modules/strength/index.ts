import type { AreasService } from '../../core/areas/index.js';
import type { PlacesService } from '../../core/places/index.js';
import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import { deprivationCommands } from './deprivation/deprivation.commands.js';
import { lsoaDeprivation } from './deprivation/deprivation.schema.js';
import { createDeprivationService, type DeprivationService } from './deprivation/deprivation.service.js';
import { seedStrengthDemo } from './strength.demo.js';

/**
 * How strong are a place's communities? Need (the Indices of Deprivation, per LSOA and derived
 * per ward) beside the strength the platform sees (participation, groups, assets), ward by ward.
 */
export const strengthModule = defineModule<
  { db: Db; areas: AreasService },
  { db: Db; areas: AreasService; places: PlacesService }
>()({
  name: 'strength',
  services: ({ db, areas }) => ({ deprivation: createDeprivationService(db, { areas }) }),
  tables: { lsoaDeprivation },
  demo: (services, demo) => seedStrengthDemo(services, demo),
  commands: deprivationCommands<{ places: PlacesService; deprivation: DeprivationService }>(),
});
