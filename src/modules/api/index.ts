import type { PlacesService } from '../../core/places/index.js';
import { defineModule } from '../../platform/modules.js';
import { placeApi } from './api.api.js';
import { apiPaths } from './api.paths.js';
import { apiDocsWeb } from './api.web.js';

export { apiPaths } from './api.paths.js';
export { limitField, pageSchema } from './api.lists.js';
export { problemResponses, problemSchema } from './api.problems.js';

/** The API surface: OpenAPI document, browsable docs and the place endpoint. Modules add their own /api/v1 routes. */
export const apiModule = defineModule<{ places: PlacesService }>()({
  name: 'api',
  paths: apiPaths,
  async register(app, { places }) {
    await app.register(placeApi, { places });
    await app.register(apiDocsWeb);
  },
});
