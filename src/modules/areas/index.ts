import type { ModuleManifest } from '../../platform/modules.js';
import { areasApi } from './areas.api.js';
import type { AreasService } from './areas.service.js';
import { areasWeb } from './areas.web.js';

export type { Area } from './areas.repository.js';
export type { AreaGeometry } from './areas.schema.js';
export { createAreasService, type AreasService } from './areas.service.js';
export { createAreaSchema, updateAreaSchema, type CreateAreaInput, type UpdateAreaInput } from './areas.validation.js';

/** Wards and other areas: the public pages and the /api/v1/areas endpoints. */
export const areasModule: ModuleManifest<{ areas: AreasService }> = {
  name: 'areas',
  async register(app, { areas }) {
    await app.register(areasWeb, { areas });
    await app.register(areasApi, { areas });
  },
};
export { importAreasFromFiles, type ImportOptions } from './areas.import.js';
