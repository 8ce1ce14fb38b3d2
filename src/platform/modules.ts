import type { FastifyInstance } from 'fastify';

/**
 * What a module tells the core about itself. The core knows modules only through these
 * (see modules/registry.ts); it never imports a module's internals.
 */
export type ModuleManifest<S> = {
  name: string;
  /** Registers the module's HTML and API routes. */
  register(app: FastifyInstance, services: S): Promise<void>;
  /**
   * What the module holds about one person, for their copy of their data (UK GDPR Articles 15
   * and 20): plain JSON, gathered by the account export under the module's name. Deleting the
   * account removes the same rows (foreign keys cascade) or leaves them without the person.
   */
  personalData?(services: S, placeId: string, userId: string): Promise<Record<string, unknown>>;
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Every module's personal data about one person (see ModuleManifest.personalData). */
    personalData(placeId: string, userId: string): Promise<Record<string, Record<string, unknown>>>;
  }
}
