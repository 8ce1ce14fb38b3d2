/** Outcome frameworks: what the rest of impact uses. */
export { createFrameworksService, outputsFrom, type FrameworksService } from './frameworks.service.js';
export { frameworksWeb } from './frameworks.web.js';
