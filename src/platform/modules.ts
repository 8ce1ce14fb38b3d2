import type { FastifyInstance } from 'fastify';

/**
 * What a module tells the core about itself. The core knows modules only through these
 * (see modules/registry.ts); it never imports a module's internals.
 */
export type ModuleManifest<S> = {
  name: string;
  /** Registers the module's HTML and API routes. */
  register(app: FastifyInstance, services: S): Promise<void>;
};
