import type { AreasService } from '../../core/areas/index.js';
import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import { spacesApi } from './spaces.api.js';
import { createSpacesService } from './spaces.service.js';
import { spacesWeb } from './spaces.web.js';

export type { Space } from './spaces.repository.js';
export { spaceKinds } from './spaces.schema.js';
export { createSpacesService, type SpacesService } from './spaces.service.js';
export { createSpaceFacts, type SpaceFact, type SpaceFacts } from './spaces.facts.js';
export { kindLabels as spaceKindLabels } from './spaces.validation.js';
export { paths as spacePaths } from './spaces.web.js';

/** Spaces: the public pages, the organisers' forms and /api/v1/spaces. */
export const spacesModule = defineModule<{ db: Db; areas: AreasService }>()({
  name: 'spaces',
  services: ({ db }) => ({ spaces: createSpacesService(db) }),
  nav: [{ text: 'Spaces', href: '/spaces', order: 40 }],
  async register(app, { spaces, areas }) {
    await app.register(spacesWeb, { spaces, areas });
    await app.register(spacesApi, { spaces, areas });
  },
});
