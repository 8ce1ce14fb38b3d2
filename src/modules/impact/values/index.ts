/** The value library, the deflator series and the optimism-bias table: what the rest of impact uses. */
export { settingsWeb } from './settings.web.js';
export { valuesApi } from './values.api.js';
export { readGmcaWorkbook } from './values.gmca.js';
export { gmcaUploadLimits, valuesImportWeb } from './values-import.web.js';
export type { ImpactValue } from './values.repository.js';
export { createValuesService, type UpratedValue, type ValuesService } from './values.service.js';
export { defaultVolunteerHourlyRate } from './values.shipped.js';
export { biasRecord, optimismBiasFormSchema } from './values.validation.js';
export { valuesWeb } from './values.web.js';
