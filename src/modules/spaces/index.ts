import type { ModuleManifest } from '../../platform/modules.js';
import type { AreasService } from '../areas/index.js';
import { spacesApi } from './spaces.api.js';
import type { SpacesService } from './spaces.service.js';
import { spacesWeb } from './spaces.web.js';

export type { Space } from './spaces.repository.js';
export { spaceKinds } from './spaces.schema.js';
export { createSpacesService, type SpacesService } from './spaces.service.js';
export { createSpaceFacts, type SpaceFact, type SpaceFacts } from './spaces.facts.js';
export { kindLabels as spaceKindLabels } from './spaces.validation.js';
export { paths as spacePaths } from './spaces.web.js';

/** Spaces: the public pages, the organisers' forms and /api/v1/spaces. */
export const spacesModule: ModuleManifest<{ spaces: SpacesService; areas: AreasService }> = {
  name: 'spaces',
  async register(app, { spaces, areas }) {
    await app.register(spacesWeb, { spaces, areas });
    await app.register(spacesApi, { spaces, areas });
  },
};
