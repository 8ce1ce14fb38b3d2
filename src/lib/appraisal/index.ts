/**
 * The appraisal library: Green Book discounting, the GMCA cost-benefit model's adjustments and
 * SROI arithmetic over an appraisal file. Pure: no I/O, no framework. See docs/appraisal.md.
 */
export * from './types.js';
export { AppraisalError, type AppraisalIssue } from './errors.js';
export {
  adjustmentExplanations,
  defaultOptimismBias,
  greenBookDiscountSchedule,
  scenarioDefinitions,
  GREEN_BOOK_SOURCE,
  GMCA_GUIDANCE_SOURCE,
  SROI_GUIDE_SOURCE,
  type AdjustmentExplanation,
  type AdjustmentKey,
} from './defaults.js';
export { discountFactors, discountRateForYear } from './discount.js';
export { uprate } from './uprate.js';
export { appraisalDocumentSchema, parseAppraisal, parseAppraisalJson, MAX_YEAR } from './schema.js';
export { appraisalJsonSchema, APPRAISAL_SCHEMA_ID } from './json-schema.js';
export { computeAppraisal } from './compute.js';
export { poundsToPence, penceToPounds, roundResult } from './money.js';
