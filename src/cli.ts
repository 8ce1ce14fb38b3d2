import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig, type Config } from './config.js';
import { seedDemo } from './demo.js';
import { modules } from './modules/registry.js';
import { UsageError as ModuleUsageError, type CommandContext, type ModuleCommand } from './platform/modules.js';
import type { ModuleManifest } from './platform/modules.js';
import { accountsValidation } from './core/accounts/index.js';
import { importAreasFromFiles } from './core/areas/index.js';
import { seedScale } from './modules/participation/index.js';
import { roles, systemContext, type Role } from './platform/context.js';
import { openDatabase } from './platform/db.js';
import { DomainError, Invalid } from './platform/errors.js';
import { plainText } from './platform/fields.js';
import { randomToken } from './platform/tokens.js';
import { createLogger, startServer } from './server.js';
import { createServices, type Services } from './services.js';
import { UsageError, type Command } from './cli/command.js';

async function withServices<T>(config: Config, fn: (s: Services) => Promise<T>): Promise<T> {
  const logger = createLogger({ ...config, logLevel: 'warn' });
  const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    return await fn(createServices({ config, database, logger }));
  } finally {
    await database.close();
  }
}

/** A command in the older (values, config, positionals) shape, as a ModuleCommand. */
function adapt(c: Command): ModuleCommand<Services> {
  return { ...c, run: ({ values, config, positionals }) => c.run(values, config, positionals) };
}

async function findPlace(services: Services, value: string | undefined) {
  const place = value ? await services.places.findByHostOrSlug(value) : await services.places.findDefault();
  if (!place) {
    throw new UsageError(
      value
        ? `No place answers on "${value}" or has that slug.`
        : 'There is no default place. Name one with --place HOST.',
    );
  }
  return place;
}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || !v.trim()) throw new UsageError(`--${name} is required.`);
  return v.trim();
}

function role(value: string): Role {
  if (!(roles as readonly string[]).includes(value))
    throw new UsageError(`--role must be one of: ${roles.join(', ')}.`);
  return value as Role;
}

const coreCommands: Record<string, Command> = {
  serve: {
    summary: 'Start the web service',
    usage: 'commonground serve',
    options: {},
    async run(_v, config) {
      await startServer(config);
      return -1; // keep running
    },
  },
  migrate: {
    summary: 'Apply database migrations',
    usage: 'commonground migrate',
    options: {},
    async run(_v, config) {
      const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
      try {
        await database.migrate();
      } finally {
        await database.close();
      }
      console.log('Database is up to date.');
      return 0;
    },
  },
  seed: {
    summary: 'Create the demo place (Riverside) if it is not there; --scale N adds N years of activity',
    usage: 'commonground seed [--demo] [--scale YEARS [--intensity K]]',
    options: { demo: { type: 'boolean' }, scale: { type: 'string' }, intensity: { type: 'string' } },
    async run(v, config) {
      const years = v.scale === undefined ? undefined : Number(v.scale);
      const intensity = v.intensity === undefined ? 1 : Number(v.intensity);
      if (years !== undefined && !(Number.isInteger(years) && years >= 1 && years <= 20))
        throw new UsageError('--scale must be a whole number of years from 1 to 20.');
      if (!(intensity > 0 && intensity <= 2000))
        throw new UsageError('--intensity must be a number above 0, at most 2000.');
      const result = await withServices(config, async (s) => {
        const demo = await seedDemo(s);
        if (years === undefined) return { demo };
        const place = await s.places.findDefault();
        if (!place) throw new UsageError('There is no default place to fill.');
        return { demo, scale: await seedScale(s.db, place.id, { years, intensity }) };
      });
      console.log(
        result.demo.created
          ? `Created the demo place ${result.demo.placeName}.`
          : `The demo place ${result.demo.placeName} is already there.`,
      );
      if (result.scale)
        console.log(
          `Added ${years} years of activity: ${result.scale.attendances} attendances by ${result.scale.people} people at ${result.scale.sessions} sessions of ${result.scale.projects} projects.`,
        );
      return 0;
    },
  },
  'places create': {
    summary: 'Create a place (a council or locality) answering on one or more host names',
    usage: 'commonground places create --name NAME --slug SLUG --host HOST [--host HOST...] [--default]',
    options: {
      name: { type: 'string' },
      slug: { type: 'string' },
      host: { type: 'string', multiple: true },
      default: { type: 'boolean' },
    },
    async run(v, config) {
      const name = required(v, 'name');
      const slug = required(v, 'slug');
      if (!/^[a-z0-9-]{2,50}$/.test(slug))
        throw new UsageError('--slug must be 2 to 50 lower-case letters, digits or hyphens.');
      const hosts = (v.host as string[] | undefined) ?? [];
      if (!hosts.length)
        throw new UsageError(
          'Give at least one --host, the host name people will use (for example participate.bexley.gov.uk).',
        );
      for (const h of hosts)
        if (!/^[a-z0-9.-]{1,253}$/i.test(h))
          throw new UsageError(`"${h}" is not a host name (no scheme, port or path).`);
      const place = await withServices(config, async (s) => {
        if (await s.places.findBySlug(slug)) throw new UsageError(`A place with slug "${slug}" already exists.`);
        for (const h of hosts)
          if (await s.places.resolve(h)) throw new UsageError(`The host "${h}" already belongs to a place.`);
        return s.places.create({ name, slug, hostnames: hosts, isDefault: Boolean(v.default) });
      });
      console.log(`Created place ${place.name} (${place.id}) answering on ${hosts.join(', ')}.`);
      return 0;
    },
  },
  'areas import': {
    summary: 'Import wards or other areas from a GeoJSON file',
    usage:
      'commonground areas import --geojson FILE --code-property P --name-property P [--population-csv FILE] [--population-year YEAR] [--kind ward] [--within ward [--lookup-csv FILE]] [--place HOST]',
    options: {
      place: { type: 'string' },
      geojson: { type: 'string' },
      'code-property': { type: 'string' },
      'name-property': { type: 'string' },
      'population-csv': { type: 'string' },
      'population-year': { type: 'string' },
      kind: { type: 'string' },
      within: { type: 'string' },
      'lookup-csv': { type: 'string' },
    },
    async run(v, config) {
      const geojson = required(v, 'geojson');
      const codeProperty = required(v, 'code-property');
      const nameProperty = required(v, 'name-property');
      const summary = await withServices(config, async (s) => {
        const place = await findPlace(s, v.place as string | undefined);
        return importAreasFromFiles(s.db, systemContext(place.id), {
          geojsonPath: geojson,
          codeProperty,
          nameProperty,
          populationCsvPath: v['population-csv'] as string | undefined,
          populationYear: v['population-year'] ? Number(v['population-year']) : undefined,
          kind: (v.kind as string | undefined) ?? 'ward',
          within: v.within as string | undefined,
          lookupCsvPath: v['lookup-csv'] as string | undefined,
        });
      });
      console.log(summary);
      return 0;
    },
  },
  'users create': {
    summary: 'Create a verified account with a role (the password is read from CG_PASSWORD or generated)',
    usage: 'commonground users create --email EMAIL --name NAME --role ROLE [--place HOST]',
    options: {
      place: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
    },
    async run(v, config) {
      const email = accountsValidation.emailField.safeParse(required(v, 'email'));
      if (!email.success) throw new UsageError(`--email: ${email.error.issues[0]?.message}`);
      const name = accountsValidation.displayNameField.safeParse(required(v, 'name'));
      if (!name.success) throw new UsageError(`--name: ${name.error.issues[0]?.message}`);
      const r = role(required(v, 'role'));
      const given = process.env.CG_PASSWORD;
      const password = given ?? randomToken(15);
      const pw = accountsValidation.newPasswordField.safeParse(password);
      if (!pw.success) throw new UsageError(`CG_PASSWORD: ${pw.error.issues[0]?.message}`);
      const user = await withServices(config, async (s) => {
        const place = await findPlace(s, v.place as string | undefined);
        return s.accounts.createUser(systemContext(place.id), {
          email: email.data,
          displayName: name.data,
          role: r,
          password,
        });
      });
      console.log(`Created ${r} ${user.displayName} <${user.email}> (${user.id}).`);
      if (!given) console.log(`Password (shown once): ${password}`);
      return 0;
    },
  },
  'tokens create': {
    summary: 'Create an API token; prints it once',
    usage: 'commonground tokens create --role ROLE --name NAME [--place HOST]',
    options: { place: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
    async run(v, config) {
      const r = role(required(v, 'role'));
      const name = plainText('a token name', 100).safeParse(required(v, 'name'));
      if (!name.success) throw new UsageError(`--name: ${name.error.issues[0]?.message}`);
      const { secret } = await withServices(config, async (s) => {
        const place = await findPlace(s, v.place as string | undefined);
        return s.apiTokens.create(systemContext(place.id), { name: name.data, role: r, createdBy: null });
      });
      console.log(secret);
      return 0;
    },
  },
};

/** The core's commands, then every module's, in registry order. */
const commands: Record<string, ModuleCommand<Services>> = Object.fromEntries([
  ...Object.entries(coreCommands).map(([n, c]) => [n, adapt(c)] as const),
  ...(modules as readonly ModuleManifest<Services, object, Services>[]).flatMap((m) =>
    Object.entries(m.commands ?? {}),
  ),
]);

function help(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'Usage: commonground <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `commonground <command> --help` for a command's options. Settings come from environment variables (see README).",
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const two = argv.slice(0, 2).join(' ');
  const name = commands[two] ? two : (argv[0] ?? '');
  const command = commands[name];
  if (!command) {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      console.log(help());
      return name ? 0 : 2;
    }
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  const rest = argv.slice(name.split(' ').length);
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: Boolean(command.positionals),
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n\nUsage: ${command.usage}`);
    return 2;
  }
  if (values.help) {
    console.log(`${command.summary}.\n\nUsage: ${command.usage}`);
    return 0;
  }
  const expected = command.positionals ?? { min: 0, max: 0 };
  if (positionals.length < expected.min || positionals.length > expected.max) {
    console.error(`Wrong number of arguments.\n\nUsage: ${command.usage}`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 78; // EX_CONFIG
    }
    throw err;
  }
  let opened: Awaited<ReturnType<typeof openServices>> | undefined;
  const context: CommandContext<Services> = {
    values,
    positionals,
    config,
    async services() {
      opened ??= await openServices(config);
      return opened.services;
    },
  };
  try {
    return await command.run(context);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ModuleUsageError) {
      console.error(`${err.message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    if (err instanceof Invalid) {
      // One problem a line, so a council can work through a file's problems in one go.
      console.error(
        `Nothing was changed. Fix these problems and try again:\n${err.errors.map((e) => `  ${e.message}`).join('\n')}`,
      );
      return 1;
    }
    if (err instanceof DomainError || err instanceof z.ZodError) {
      console.error(err.message);
      return 1;
    }
    console.error(`Failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await opened?.database.close();
  }
}

async function openServices(config: Config) {
  const logger = createLogger({ ...config, logLevel: 'warn' });
  const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  return { database, services: createServices({ config, database, logger }) };
}
