import type { ParseArgsConfig } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { ActionContext, Role } from './context.js';

/**
 * A module, as the core knows it (Decidim's component manifest is the model). The core folds over
 * the registry (src/modules/registry.ts): it builds each module's services in order, collects its
 * tables for Drizzle, its navigation for the layout, its demo seed, its commands and its
 * personal-data export, and registers its routes. The core never imports a module; adding one is
 * its own folder and one line of the registry.
 *
 * `Needs` names the services the module uses (the core's and those of modules before it in the
 * registry); `Provides` is what its `services` factory adds. The registry checks the order at
 * compile time (see {@link CheckOrder}).
 */
export type ModuleManifest<Needs = object, Provides = object> = {
  name: string;
  /** Builds this module's services from the core's and earlier modules' (manual injection, no container). */
  services?(deps: Needs): Provides;
  /** The tables the module owns (its `*.schema.ts` exports), collected for Drizzle and the structural test. */
  tables?: Record<string, unknown>;
  /** Entries in the service navigation, in the order given; the layout shows those the viewer's role may see. */
  nav?: NavEntry[];
  /** Registers the module's HTML and API routes. */
  register?(app: FastifyInstance, services: Needs & Provides): Promise<void>;
  /**
   * Adds the module's part of the demo borough (writing only its own tables), after the modules
   * before it in the registry. Facts later seeds need go into `demo.facts`.
   */
  demo?(services: Needs & Provides, demo: DemoContext): Promise<void>;
  /** `commonground` commands, named "<module> <verb>" or a single word. */
  commands?: Record<string, ModuleCommand<Needs & Provides>>;
  /**
   * What the module holds about one person, for their copy of their data (UK GDPR Articles 15
   * and 20): plain JSON, gathered by the account export under the module's name. Deleting the
   * account removes the same rows (foreign keys cascade) or leaves them without the person.
   */
  personalData?(services: Needs & Provides, placeId: string, userId: string): Promise<Record<string, unknown>>;
};

/** One link in the service navigation. */
export type NavEntry = {
  text: string;
  href: string;
  /** Path prefixes that mark the entry as the current page (default: `href`). */
  current?: string[];
  /** The least role that sees it; everyone when left out. */
  role?: Role;
  /** Shown only when nobody is signed in (sign in, create an account). */
  signedOut?: boolean;
};

/**
 * Facts the demo seeds pass along, in registry order. Each module adds its own by declaration
 * merging (`declare module '../../platform/modules.js' { interface DemoFacts { spaceIds: string[] } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DemoFacts {}

export type DemoContext = {
  placeId: string;
  /** Acts as the system, as a seed does. */
  ctx: ActionContext;
  /** The moment the demo is seeded; every date in it is relative to this, so tests can fix it. */
  now: Date;
  facts: Partial<DemoFacts>;
};

export type CommandValues = Record<string, string | boolean | string[] | undefined>;

/** What a command gets: its arguments, the configuration, and the services when it asks for them. */
export type CommandContext<S> = {
  values: CommandValues;
  positionals: string[];
  config: Config;
  /** Opens the database (migrated) and builds the services; the CLI closes it after the command. */
  services(): Promise<S>;
};

/** One `commonground` command. */
export type ModuleCommand<S> = {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positional arguments (for example FILE or DIR) the command takes; none if left out. */
  positionals?: { min: number; max: number };
  /** Exit code; -1 keeps the process running (a server). */
  run(command: CommandContext<S>): Promise<number>;
};

/** A mistake in how a command was called: shown with the command's help, exit code 2. */
export class UsageError extends Error {}

/**
 * Declares a module with its needs named once: `defineModule<{ db: Db; areas: AreasService }>()({ … })`.
 * The second call infers what the module provides.
 */
export function defineModule<Needs extends object>() {
  return <Provides extends object = object>(manifest: ModuleManifest<Needs, Provides>) => manifest;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModule = ModuleManifest<any, any>;
type NeedsOf<M> = M extends ModuleManifest<infer N, infer _P> ? N : never;
type ProvidesOf<M> = M extends ModuleManifest<infer _N, infer P> ? P : never;

/** The services of the core and every module, folded in registry order. */
export type FoldServices<Ms extends readonly unknown[], Acc> = Ms extends readonly [infer H, ...infer T]
  ? FoldServices<T, Acc & ProvidesOf<H>>
  : Acc;

/** `true` when every module's needs are met by the core and the modules before it; otherwise names the first that is not. */
export type CheckOrder<Ms extends readonly unknown[], Acc> = Ms extends readonly [infer H, ...infer T]
  ? Acc extends NeedsOf<H>
    ? CheckOrder<T, Acc & ProvidesOf<H>>
    : { error: 'this module needs a service that no module before it provides'; module: H }
  : true;

/** Builds every module's services in registry order on top of the core's. */
export function foldServices<Core extends object, const Ms extends readonly AnyModule[]>(
  core: Core,
  modules: Ms,
): FoldServices<Ms, Core> {
  let acc: Record<string, unknown> = { ...(core as Record<string, unknown>) };
  for (const m of modules) if (m.services) acc = { ...acc, ...m.services(acc) };
  return acc as FoldServices<Ms, Core>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every module's personal data about one person (see ModuleManifest.personalData). */
    personalData(placeId: string, userId: string): Promise<Record<string, Record<string, unknown>>>;
  }
}
