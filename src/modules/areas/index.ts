import type { ModuleManifest } from '../../platform/modules.js';
import { areasWeb } from './areas.web.js';
import type { Db } from '../../platform/db.js';
import { createAreasRepository } from './areas.repository.js';

export type { Area } from './areas.repository.js';
export type { AreaGeometry } from './areas.schema.js';

/** Read access other modules need: wards to choose from, and checking an id belongs to the place. */
export function createAreasService(db: Db) {
  const repo = createAreasRepository(db);
  return {
    listWards: (placeId: string) => repo.listByName(placeId, 'ward'),
    findInPlace: (placeId: string, id: string) => repo.findById(placeId, id),
    findByCode: (placeId: string, code: string) => repo.findByCode(placeId, code),
    list: repo.list,
  };
}
export type AreasService = ReturnType<typeof createAreasService>;

export const areasModule: ModuleManifest<{ areas: AreasService }> = {
  name: 'areas',
  async register(app, { areas }) {
    await app.register(areasWeb, { areas });
  },
};
export { importAreasFromFiles, type ImportOptions } from './areas.import.js';
