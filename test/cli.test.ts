import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/platform/db.js';
import { createApiTokensService } from '../src/core/api-tokens/index.js';
import { createAreasService } from '../src/core/areas/index.js';
import { createPlacesService } from '../src/core/places/index.js';
import { runCommand } from './command.js';

/**
 * The real `commonground` command, run as a person would run it: a separate Node process on
 * embedded PGlite in a fresh data folder. Each run pays for starting PGlite, so runs are few.
 */
const WARDS = path.resolve('..', 'shared/data/geo/martinjc_wards_by_lad_E09000004.geojson');
const haveData = existsSync(WARDS);
if (!haveData) console.warn(`SKIPPED: the CLI import test needs ${WARDS}, which is not there.`);

let dataDir: string;

const cg = (...args: string[]) =>
  runCommand(
    {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      PASSWORD_HASH_COST: 'fast',
      DATABASE_URL: undefined,
      DEMO: undefined,
      CG_PASSWORD: undefined,
    },
    args,
  );

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'cg-cli-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('commonground command line: usage', () => {
  it('lists the commands for --help, exits 2 for an unknown command, and gives each command its own --help', async () => {
    const subcommands = ['serve', 'migrate', 'seed', 'places create', 'areas import', 'users create', 'tokens create'];
    const [help, unknown, ...subHelps] = await Promise.all([
      cg('--help'),
      cg('frobnicate'),
      ...subcommands.map((c) => cg(...c.split(' '), '--help')),
    ]);

    expect(help.code).toBe(0);
    for (const c of subcommands) expect(help.stdout).toContain(c);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');

    subHelps.forEach((r, i) => {
      expect(r.code, subcommands[i]).toBe(0);
      expect(r.stdout).toContain(`Usage: commonground ${subcommands[i]}`);
    });
    // Help never touches the database.
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
  }, 120_000);
});

describe.skipIf(!haveData)('commonground command line: setting up a place', () => {
  it('migrates, creates a place, imports wards, refuses bad input, and creates a token and a user', async () => {
    // The two usage mistakes exit before opening the database, so they can run beside migrate.
    const [migrate, noFile, king] = await Promise.all([
      cg('migrate'),
      cg('areas', 'import', '--code-property', 'WD13CD', '--name-property', 'WD13NM'),
      cg('tokens', 'create', '--place', 'test.localhost', '--role', 'king', '--name', 'Data warehouse'),
    ]);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain('Database is up to date.');

    const place = await cg(
      'places',
      'create',
      '--name',
      'Test Borough',
      '--slug',
      'test',
      '--host',
      'test.localhost',
      '--default',
    );
    expect(place.code, place.stderr).toBe(0);
    expect(place.stdout).toMatch(/^Created place Test Borough \(.+\) answering on test\.localhost\.$/m);

    const imported = await cg(
      'areas',
      'import',
      '--geojson',
      WARDS,
      '--code-property',
      'WD13CD',
      '--name-property',
      'WD13NM',
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Imported 21 ward areas: 21 new, 0 updated.');

    // Usage mistakes exit 2 and say what is wrong.
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('--geojson is required.');
    expect(noFile.stderr).toContain('Usage: commonground areas import');

    // Every ward renamed, and the last one broken: nothing may be imported.
    const source = JSON.parse(readFileSync(WARDS, 'utf8')) as {
      features: { properties: Record<string, string>; geometry: { coordinates: number[][][] } }[];
    };
    for (const f of source.features) f.properties.WD13NM = `${f.properties.WD13NM} (renamed)`;
    source.features[20]!.geometry.coordinates[0]!.pop();
    delete source.features[20]!.properties.WD13NM;
    const badFile = path.join(dataDir, 'broken.geojson');
    writeFileSync(badFile, JSON.stringify(source));
    const bad = await cg(
      'areas',
      'import',
      '--geojson',
      badFile,
      '--code-property',
      'WD13CD',
      '--name-property',
      'WD13NM',
    );
    expect(bad.code).toBe(1);
    const lines = bad.stderr.trim().split('\n');
    expect(lines[0]).toBe('Nothing was changed. Fix these problems and try again:');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}Feature 21 \(E\d+\): property "WD13NM" is missing or empty\.$/),
      expect.stringMatching(/^ {2}Feature 21 \(E\d+\): a ring is not closed/),
    ]);

    const token = await cg(
      'tokens',
      'create',
      '--place',
      'test.localhost',
      '--role',
      'officer',
      '--name',
      'Data warehouse',
    );
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout.trim()).toMatch(/^cg_[A-Za-z0-9_-]{40,}$/);

    expect(king.code).toBe(2);
    expect(king.stderr).toContain('--role must be one of: resident, organiser, officer, admin.');

    const user = await cg('users', 'create', '--email', 'a@b.test', '--name', 'Alice', '--role', 'admin');
    expect(user.code, user.stderr).toBe(0);
    expect(user.stdout).toContain('Created admin Alice <a@b.test>');
    expect(user.stdout).toMatch(/^Password \(shown once\): \S{12,}$/m);

    // What the commands left in the database, read directly.
    const database = openDatabase({ dataDir });
    try {
      const p = await createPlacesService(database.db).findBySlug('test');
      expect(p).toMatchObject({ name: 'Test Borough' });
      const wards = await createAreasService(database.db).list(p!.id, { kind: 'ward' });
      expect(wards).toHaveLength(21);
      expect(wards.filter((w) => w.name.includes('(renamed)'))).toEqual([]);
      expect(wards.find((w) => w.code === 'E05000064')!.name).toBe('Barnehurst');
      const apiToken = await createApiTokensService(database.db).authenticate(p!.id, token.stdout.trim());
      expect(apiToken).toMatchObject({ role: 'officer', name: 'Data warehouse' });
    } finally {
      await database.close();
    }
  }, 180_000);
});
