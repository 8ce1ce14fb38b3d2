import type { AreasService } from '../../core/areas/index.js';
import { defineModule } from '../../platform/modules.js';
import { areasApi } from './areas.api.js';
import { areasPaths } from './areas.paths.js';
import { areasWeb } from './areas.web.js';

export { areasPaths };

/** Wards and other areas: the public pages and the /api/v1/areas endpoints (the areas themselves are the core's). */
export const areasModule = defineModule<{ areas: AreasService }>()({
  name: 'areas',
  paths: areasPaths,
  nav: [{ text: 'Areas', href: areasPaths.areas, order: 50 }],
  async register(app, { areas }) {
    await app.register(areasWeb, { areas });
    await app.register(areasApi, { areas });
  },
});
