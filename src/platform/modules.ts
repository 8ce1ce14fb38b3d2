import type { ParseArgsConfig } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { hasRole, type ActionContext, type Role } from './context.js';

/**
 * A module, as the core knows it (Decidim's component manifest is the model). The core folds over
 * the registry (src/modules/registry.ts): it builds each module's services in order, collects its
 * tables for Drizzle, its navigation for the layout, its demo seed, its commands and its
 * personal-data export, and registers its routes. The core never imports a module; adding one is
 * its own folder and one line of the registry.
 *
 * `Needs` names the services its `services` factory builds on (the core's and those of modules
 * before it in the registry); `Provides` is what the factory adds; `Uses` names what its routes,
 * seed, commands and personal-data export use once every module is built (by default `Needs`).
 * The registry checks both at compile time (see {@link CheckOrder} and {@link CheckUses}).
 */
export type ModuleManifest<Needs = object, Provides = object, Uses = Needs> = {
  name: string;
  /** Builds this module's services from the core's and earlier modules' (manual injection, no container). */
  services?(deps: Needs): Provides;
  /** The tables the module owns (its `*.schema.ts` exports), collected for Drizzle and the structural test. */
  tables?: Record<string, unknown>;
  /** Entries in the service navigation; the layout shows those the viewer's role may see. */
  nav?: NavEntry[];
  /**
   * The module's URLs, one typed object (`projectPaths.project(id)`), used by its handlers, by other
   * modules through its index.ts, and by every template as `paths.<module name>.<path>`.
   */
  paths?: ModulePaths;
  /** Registers the module's HTML and API routes. */
  register?(app: FastifyInstance, services: Uses & Provides): Promise<void>;
  /**
   * Adds the module's part of the demo borough (writing only its own tables), after the modules
   * before it in the registry. Facts later seeds need go into `demo.facts`.
   */
  demo?(services: Uses & Provides, demo: DemoContext): Promise<unknown>;
  /** `commonground` commands, named "<module> <verb>" or a single word. */
  commands?: Record<string, ModuleCommand<Uses & Provides>>;
  /**
   * What the module holds about one person, for their copy of their data (UK GDPR Articles 15
   * and 20): plain JSON, gathered by the account export under the module's name. Deleting the
   * account removes the same rows (foreign keys cascade) or leaves them without the person.
   */
  personalData?(services: Uses & Provides, placeId: string, userId: string): Promise<Record<string, unknown>>;
};

/** A module's URLs: fixed paths and functions that build them from ids. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModulePaths = Readonly<Record<string, string | ((...args: any[]) => string)>>;

/** One link in the service navigation. */
export type NavEntry = {
  text: string;
  href: string;
  /** Where it sits: lower first (public pages 10–60, staff pages 70–90, account links 100+). */
  order: number;
  /** Path prefixes that mark the entry as the current page (default: `href`). */
  current?: string[];
  /** The current page only on exactly `href` (the home page, sign in). */
  exact?: boolean;
  /** The least role that sees it; everyone when left out. A role implies being signed in. */
  role?: Role;
  /** Shown only when nobody is signed in (sign in, create an account). */
  signedOut?: boolean;
};

/** The navigation a viewer sees on a page: entries for their role, in order, with the current one marked. */
export function navigationFor(
  entries: readonly NavEntry[],
  viewer: { role: Role } | null,
  path: string,
): { text: string; href: string; current: boolean }[] {
  return entries
    .filter((e) => (e.signedOut ? !viewer : !e.role || (viewer !== null && hasRole(viewer.role, e.role))))
    .sort((a, b) => a.order - b.order)
    .map((e) => ({
      text: e.text,
      href: e.href,
      current: e.exact ? path === e.href : (e.current ?? [e.href]).some((p) => path.startsWith(p)),
    }));
}

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
 * Declares a module with its needs named once: `defineModule<{ db: Db; areas: AreasService }>()({ … })`,
 * or `defineModule<Needs, Uses>()` when its routes use services of modules after it. The second
 * call infers what the module provides.
 */
export function defineModule<Needs extends object, Uses extends object = Needs>() {
  return <Provides extends object = object>(manifest: ModuleManifest<Needs, Provides, Uses>) => manifest;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModule = ModuleManifest<any, any>;
type NeedsOf<M> = M extends ModuleManifest<infer N, infer _P, infer _U> ? N : never;
type ProvidesOf<M> = M extends ModuleManifest<infer _N, infer P, infer _U> ? P : never;
type UsesOf<M> = M extends ModuleManifest<infer _N, infer _P, infer U> ? U : never;

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

/** `true` when everything each module's routes, seed and commands use is among all the services; otherwise names the module. */
export type CheckUses<Ms extends readonly unknown[], All> = Ms extends readonly [infer H, ...infer T]
  ? All extends UsesOf<H>
    ? CheckUses<T, All>
    : { error: 'this module uses a service that no module provides'; module: H }
  : true;

/** Builds every module's services in registry order on top of the core's. */
export function foldServices<Core extends object, const Ms extends readonly AnyModule[]>(
  core: Core,
  modules: Ms,
): FoldServices<Ms, Core> {
  let acc: Record<string, unknown> = { ...(core as Record<string, unknown>) };
  // Each factory's needs are checked by the registry's CheckOrder, so here a module is any module.
  for (const m of modules as readonly ModuleManifest<Record<string, unknown>>[]) {
    if (m.services) acc = { ...acc, ...m.services(acc) };
  }
  return acc as FoldServices<Ms, Core>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every module's personal data about one person (see ModuleManifest.personalData). */
    personalData(placeId: string, userId: string): Promise<Record<string, Record<string, unknown>>>;
  }
}
