/** Appraisals: their service and every route group, for the module's index. */
export { appraisalsApi } from './appraisals.api.js';
export { createAppraisalsService, type AppraisalsService } from './appraisals.service.js';
export { appraisalsWeb, appraisalUploadLimits } from './appraisals.web.js';
export { benefitsWeb } from './benefits.web.js';
export { costsWeb } from './costs.web.js';
export { resultsWeb } from './results.web.js';
