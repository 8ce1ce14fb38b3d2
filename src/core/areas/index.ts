export type { Area } from './areas.repository.js';
export type { AreaGeometry } from './areas.schema.js';
export { createAreasService, type AreasService } from './areas.service.js';
export { importAreasFromFiles, type ImportOptions } from './areas.import.js';
export * as areasValidation from './areas.validation.js';
export * from './areas.validation.js';
