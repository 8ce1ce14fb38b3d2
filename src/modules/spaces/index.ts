import type { AreasService } from '../../core/areas/index.js';
import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import { spacesApi } from './spaces.api.js';
import { seedSpacesDemo } from './spaces.demo.js';
import { spacePaths } from './spaces.paths.js';
import { spaces as spacesTable } from './spaces.schema.js';
import { createSpacesService } from './spaces.service.js';
import { spacesWeb } from './spaces.web.js';

export type { SpacesService } from './spaces.service.js';
export { createSpaceFacts, type SpaceFacts } from './spaces.facts.js';

/** Spaces: where sessions happen. The public pages, the organisers' forms and /api/v1/spaces. */
export const spacesModule = defineModule<{ db: Db; areas: AreasService }>()({
  name: 'spaces',
  services: ({ db, areas }) => ({ spaces: createSpacesService(db, { areas }) }),
  paths: spacePaths,
  tables: { spaces: spacesTable },
  nav: [{ text: 'Spaces', href: spacePaths.spaces, order: 40 }],
  demo: seedSpacesDemo,
  async register(app, { spaces, areas }) {
    await app.register(spacesWeb, { spaces, areas });
    await app.register(spacesApi, { spaces, areas });
  },
});
