import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  discoverTables,
  foreignTableReads,
  root,
  sourceFiles,
  tablesWithoutPlace,
  unscopedRepositoryMethods,
  type SourceFile,
  type Table,
  type Violation,
} from './ownership.js';

/**
 * Every table has one owner and every tenant row its place (ARCHITECTURE.md). The tables come
 * from the schema files themselves, so a new module's tables are checked without touching this file.
 */

/** Tables with no place: each is named with the reason. */
const GLOBAL_TABLES = new Map([['places', 'The tenant itself: every tenant table points at it.']]);

/** Tables another owner may read, each named by an ADR (the file must name the table). */
const READ_MODELS = new Map([
  ['sessions_daily', 'docs/adr/0005-counting-participation.md'],
  ['session_totals', 'docs/adr/0005-counting-participation.md'],
]);

/** Repository methods that work across places by design, as `file#method`, with the reason. */
const ACROSS_PLACES = new Map([
  [
    'src/core/places/places.repository.ts#findByHostname',
    'Resolves the place from the request host name, before any place is known.',
  ],
  [
    'src/core/api-tokens/api-tokens.repository.ts#findActiveByHash',
    "Looked up by the secret's hash; the service then refuses a token of another place.",
  ],
  [
    'src/core/accounts/accounts.repository.ts#touchSession',
    'Keyed by the hash of a secret session id, after findSession found it in its place.',
  ],
  [
    'src/core/accounts/accounts.repository.ts#deleteSession',
    'Keyed by the hash of a secret session id (signing out), after findSession found it in its place.',
  ],
  ['src/core/accounts/accounts.repository.ts#deleteExpiredSessions', 'A clean-up job over all places.'],
  ['src/core/accounts/accounts.repository.ts#pruneFailures', 'A clean-up job over all places.'],
]);

/** Today's violations: `file -> table` read from another owner, `file#method` without the place. */
// Empty since issue 10: a violation is fixed, not listed.
const KNOWN_VIOLATIONS: string[] = [];

const key = (v: Violation) => (v.method ? `${v.file}#${v.method}` : `${v.file} -> ${v.table}`);

let tables: Table[];
let files: SourceFile[];
beforeAll(async () => {
  tables = await discoverTables();
  files = sourceFiles();
});

describe('the tables, from the schema files', () => {
  it('are found in every schema file, each owned by its module or core folder, each name once', () => {
    const schemaFiles = files.filter((f) => f.path.endsWith('.schema.ts')).map((f) => f.path);
    expect(schemaFiles.length).toBeGreaterThan(5);
    expect(new Set(tables.map((t) => t.schemaFile))).toEqual(new Set(schemaFiles));
    for (const t of tables) expect(t.schemaFile.startsWith(`${t.owner}/`), t.name).toBe(true);
    expect(new Set(tables.map((t) => t.name)).size).toBe(tables.length);
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['places', 'users', 'attendances']));
  });

  it('every global table exists and has no place_id; every read model is named by its ADR', () => {
    for (const name of GLOBAL_TABLES.keys()) {
      const t = tables.find((x) => x.name === name);
      expect(t, name).toBeDefined();
      expect(t!.columns).not.toContain('place_id');
    }
    for (const [name, adr] of READ_MODELS) {
      expect(
        tables.some((t) => t.name === name),
        name,
      ).toBe(true);
      expect(existsSync(path.join(root, adr)), adr).toBe(true);
      expect(readFileSync(path.join(root, adr), 'utf8'), adr).toContain(name);
    }
  });

  it('every method listed as working across places exists and would otherwise be reported', () => {
    const reported = new Set(unscopedRepositoryMethods(files, tables, new Map()).map(key));
    for (const [method, reason] of ACROSS_PLACES) {
      expect(reported.has(method), `${method} is scoped now: remove it from ACROSS_PLACES`).toBe(true);
      expect(reason.length).toBeGreaterThan(20);
    }
  });
});

describe('ownership and tenancy of the code as it stands', () => {
  it('has no violation but the known ones, and every known one still occurs (the list only shrinks)', () => {
    const found = [
      ...tablesWithoutPlace(tables, GLOBAL_TABLES),
      ...foreignTableReads(files, tables, READ_MODELS),
      ...unscopedRepositoryMethods(files, tables, ACROSS_PLACES),
    ].map(key);
    expect(
      found.filter((f) => !KNOWN_VIOLATIONS.includes(f)),
      'new violations: reach another owner through its index.ts, scope by place',
    ).toEqual([]);
    expect(
      KNOWN_VIOLATIONS.filter((k) => !found.includes(k)),
      'fixed: remove from KNOWN_VIOLATIONS',
    ).toEqual([]);
    expect(new Set(KNOWN_VIOLATIONS).size).toBe(KNOWN_VIOLATIONS.length);
  });
});

// ---------------------------------------------------------------------------------------------
// Each check on planted violations, so the checks themselves are known to fail when they should.

const planted: Table[] = [
  {
    name: 'widgets',
    owner: 'src/modules/widgets',
    schemaFile: 'src/modules/widgets/widgets.schema.ts',
    exportName: 'widgets',
    columns: ['id', 'place_id', 'name'],
  },
  {
    name: 'gadgets',
    owner: 'src/modules/gadgets',
    schemaFile: 'src/modules/gadgets/sub/gadgets.schema.ts',
    exportName: 'gadgets',
    columns: ['id', 'place_id', 'widget_id'],
  },
  {
    name: 'gadget_totals',
    owner: 'src/modules/gadgets',
    schemaFile: 'src/modules/gadgets/sub/gadgets.schema.ts',
    exportName: 'gadgetTotals',
    columns: ['day', 'place_id', 'n'],
  },
  {
    name: 'worlds',
    owner: 'src/core/worlds',
    schemaFile: 'src/core/worlds/worlds.schema.ts',
    exportName: 'worlds',
    columns: ['id', 'name'],
  },
];

const file = (p: string, text: string): SourceFile => ({ path: p, text });

describe('the place_id check', () => {
  it('reports a tenant table without place_id, and not a global one', () => {
    expect(tablesWithoutPlace(planted, new Map()).map(key)).toEqual(['src/core/worlds/worlds.schema.ts -> worlds']);
    expect(tablesWithoutPlace(planted, new Map([['worlds', 'global']]))).toEqual([]);
  });
});

describe("the check of another owner's tables", () => {
  const reads = (f: SourceFile, readModels = new Map<string, string>()) =>
    foreignTableReads([f], planted, readModels).map(key);

  it('reports a repository that imports another module’s table object', () => {
    const f = file(
      'src/modules/widgets/widgets.repository.ts',
      "import { gadgets } from '../gadgets/sub/gadgets.schema.js';\nexport const q = (db) => db.select().from(gadgets);",
    );
    expect(reads(f)).toEqual(['src/modules/widgets/widgets.repository.ts -> gadgets']);
  });

  it('reports a table imported through an aggregate of every schema', () => {
    const f = file('src/modules/widgets/x.service.ts', "import { gadgets } from '../../platform/schema.js';");
    expect(reads(f)).toEqual(['src/modules/widgets/x.service.ts -> gadgets']);
  });

  it.each([
    ['a from', 'sql`select count(*) from gadgets where place_id = ${p}`'],
    ['a join', 'sql`select 1 from widgets w join "gadgets" g on g.widget_id = w.id`'],
    ['an insert', "db.execute('insert into gadgets (id) values (1)')"],
    ['an update', 'sql`update gadgets set n = 1`'],
  ])('reports raw SQL naming another module’s table: %s', (_n, code) => {
    const f = file('src/modules/widgets/sub/widgets.repository.ts', `export const q = (db, p) => ${code};`);
    expect(reads(f)).toEqual(['src/modules/widgets/sub/widgets.repository.ts -> gadgets']);
  });

  it('reports a file outside every module that reads a module’s table', () => {
    expect(reads(file('src/demo.ts', 'sql`insert into widgets (id) values (1)`'))).toEqual(['src/demo.ts -> widgets']);
  });

  it('allows its own tables, a foreign key from a schema file, type-only imports, tests and named read models', () => {
    expect(
      reads(file('src/modules/gadgets/x.ts', 'sql`select * from gadgets join gadget_totals using (day)`')),
    ).toEqual([]);
    expect(
      reads(
        file('src/modules/gadgets/sub/gadgets.schema.ts', "import { widgets } from '../../widgets/widgets.schema.js';"),
      ),
    ).toEqual([]);
    expect(
      reads(file('src/modules/widgets/x.ts', "import type { gadgets } from '../gadgets/sub/gadgets.schema.js';")),
    ).toEqual([]);
    expect(reads(file('src/modules/widgets/test/x.test.ts', 'sql`select * from gadgets`'))).toEqual([]);
    const viaReadModel = file('src/modules/widgets/x.ts', 'sql`select sum(n) from gadget_totals`');
    expect(reads(viaReadModel)).toEqual(['src/modules/widgets/x.ts -> gadget_totals']);
    expect(reads(viaReadModel, new Map([['gadget_totals', 'docs/adr/x.md']]))).toEqual([]);
  });
});

describe('the check of repository methods without a place', () => {
  const repository = (body: string) =>
    file(
      'src/modules/widgets/widgets.repository.ts',
      `import { and, eq, sql } from 'drizzle-orm';
import { widgets } from './widgets.schema.js';
import { worlds } from '../../core/worlds/worlds.schema.js';
const byName = (db, name) => db.select().from(widgets).where(eq(widgets.name, name));
export function createWidgetsRepository(db) {
  return {
${body}
  };
}`,
    );
  const unscoped = (body: string, allowed = new Map<string, string>()) =>
    unscopedRepositoryMethods([repository(body)], planted, allowed).map((v) => v.method);

  it('reports a method that reads a tenant table by id alone', () => {
    expect(unscoped('async find(id) { return db.select().from(widgets).where(eq(widgets.id, id)); },')).toEqual([
      'find',
    ]);
  });

  it('reports a method that only joins on the table’s own place column', () => {
    expect(
      unscoped('async find(id) { return db.select().from(widgets).where(eq(widgets.placeId, widgets.id)); },'),
    ).toEqual(['find']);
  });

  it('reports raw SQL without the place, and a method that goes through a helper', () => {
    expect(unscoped('count: (db) => db.execute(sql`select count(*) from widgets`),')).toEqual(['count']);
    expect(unscoped('async named(name) { return byName(db, name); },')).toEqual(['named']);
  });

  it('reports an update by id alone, like moderating a statement', () => {
    expect(unscoped('moderate: (id, status) => db.update(widgets).set({ status }).where(eq(widgets.id, id)),')).toEqual(
      ['moderate'],
    );
  });

  it('allows methods scoped by place, inserts (their rows carry place_id), global tables and listed methods', () => {
    expect(
      unscoped(`async find(placeId, id) { return db.select().from(widgets).where(and(eq(widgets.placeId, placeId), eq(widgets.id, id))); },
    count: (ctx) => db.execute(sql\`select count(*) from widgets where place_id = \${ctx.placeId}\`),
    async insert(values) { return db.insert(widgets).values(values).returning(); },
    async world(id) { return db.select().from(worlds).where(eq(worlds.id, id)); },
    label: (n) => String(n),`),
    ).toEqual([]);
    const byHash = 'async byHash(hash) { return db.select().from(widgets).where(eq(widgets.hash, hash)); },';
    expect(unscoped(byHash)).toEqual(['byHash']);
    expect(
      unscoped(byHash, new Map([['src/modules/widgets/widgets.repository.ts#byHash', 'looked up by hash']])),
    ).toEqual([]);
  });
});
