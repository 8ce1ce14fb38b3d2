import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { expect } from 'vitest';
import { queryRows, type Database } from '../../src/platform/db.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export type Table = {
  /** SQL name. */
  name: string;
  /** `src/modules/<m>` or `src/core/<c>`: the folder that holds the schema file. */
  owner: string;
  /** Repository path of the schema file, and the export that holds the table. */
  schemaFile: string;
  exportName: string;
  columns: string[];
};

/** The owner of a repository path: its module or core folder; null for app, platform and lib files. */
export function ownerOf(file: string): string | null {
  const m = /^src\/(modules|core)\/([^/]+)\//.exec(file);
  return m ? `src/${m[1]}/${m[2]}` : null;
}

/** Every `*.schema.ts` under `src/` (repository paths), tests excluded. */
function schemaFiles(): string[] {
  return readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .map((f) => `src/${f.split(path.sep).join('/')}`)
    .filter((f) => f.endsWith('.schema.ts') && !/(^|\/)test\//.test(f))
    .sort();
}

let discovered: Promise<Table[]> | undefined;

/** Every table of every `*.schema.ts` under `src/`, found by importing them: a new module's tables are included without a list. */
export function discoverTables(): Promise<Table[]> {
  discovered ??= (async () => {
    const tables: Table[] = [];
    for (const file of schemaFiles()) {
      const owner = ownerOf(file);
      const exports = (await import(pathToFileURL(path.join(root, file)).href)) as Record<string, unknown>;
      for (const [exportName, value] of Object.entries(exports)) {
        if (!is(value, PgTable)) continue;
        if (!owner) throw new Error(`${file} holds a table but is in no module or core folder`);
        const config = getTableConfig(value);
        tables.push({
          name: config.name,
          owner,
          schemaFile: file,
          exportName,
          columns: config.columns.map((c) => c.name),
        });
      }
    }
    return tables;
  })();
  return discovered;
}

/** Row count and a digest of the contents of every table, so an update shows as well as an insert. */
export type TableSnapshot = Record<string, { rows: number; digest: string }>;

export async function snapshotTables(database: Database): Promise<TableSnapshot> {
  const snapshot: TableSnapshot = {};
  for (const { name } of await discoverTables()) {
    const t = sql.identifier(name);
    const [row] = await queryRows<{ n: number; d: string }>(
      database.db,
      sql`select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as d from ${t} t`,
    );
    snapshot[name] = { rows: row!.n, digest: row!.d };
  }
  return snapshot;
}

/**
 * Tables that may change while nothing is stored, by design, with the reason. Pass more to
 * `expectNothingStored` when a case needs them; every other table must be exactly as it was.
 */
const CHANGES_EXPECTED: Readonly<Record<string, string>> = {};

/** Asserts that no table but `allowed` differs between two snapshots, naming the tables that do. */
export function expectSameTables(
  before: TableSnapshot,
  after: TableSnapshot,
  allowed: Readonly<Record<string, string>> = CHANGES_EXPECTED,
): void {
  const changed = Object.keys(after).filter((name) => {
    const was = before[name];
    const now = after[name]!;
    return !(name in allowed) && (!was || was.rows !== now.rows || was.digest !== now.digest);
  });
  expect(changed, 'tables changed although nothing should have been stored').toEqual([]);
}

/**
 * Runs `fn` and asserts that it stored nothing: every table discovered from the schemas has the
 * same rows afterwards (tables named in `allowed` excepted, each with its reason). Returns what `fn` returned.
 */
export async function expectNothingStored<T>(
  database: Database,
  fn: () => Promise<T>,
  allowed: Readonly<Record<string, string>> = CHANGES_EXPECTED,
): Promise<T> {
  const before = await snapshotTables(database);
  const result = await fn();
  expectSameTables(before, await snapshotTables(database), allowed);
  return result;
}
