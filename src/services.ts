import { createCoreServices, type CoreDeps } from './core/services.js';
import { modules, type Services } from './modules/registry.js';
import { foldServices } from './platform/modules.js';

export type { Services } from './modules/registry.js';
export type ServiceDeps = CoreDeps;

/**
 * Every use case, wired by hand (no container): the core's services, then each module's
 * `services` factory in registry order. The app is a function of these.
 */
export function createServices(deps: ServiceDeps): Services {
  return foldServices(createCoreServices(deps), modules);
}
