import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { boundariesConfig, KNOWN_VIOLATIONS, TEST_EXCEPTIONS } from '../../eslint/boundaries.config.js';

/**
 * The module boundary rule (eslint/module-boundaries.js) on planted files, through ESLint's own
 * API and the project's rule block, so a change to the rule or its exceptions that lets an
 * illegal import through fails here. Type-aware rules stay out: planted files are not on disk.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const RULE = 'boundaries/module-boundaries';

async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [boundariesConfig()] });
  const [result] = await eslint.lintText(code, { filePath });
  expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('the boundary rule reports', () => {
  it.each([
    ['another module’s repository', 'src/modules/spaces/x.ts', "import { r } from '../areas/areas.repository.js';"],
    [
      'another module’s repository from a sub-folder',
      'src/modules/spaces/sub/x.ts',
      "import { r } from '../../areas/areas.repository.js';",
    ],
    [
      'a sub-feature of another module',
      'src/modules/spaces/x.ts',
      "import { r } from '../conversations/report/report.repository.js';",
    ],
    [
      'a module from the platform',
      'src/platform/x.ts',
      "import { createAreasService } from '../modules/areas/index.js';",
    ],
    ['the core from the platform', 'src/platform/x.ts', "import { p } from '../core/places/index.js';"],
    ['a module from lib', 'src/lib/x.ts', "import type { Area } from '../modules/areas/index.js';"],
    ['the platform from lib', 'src/lib/deep/x.ts', "import { db } from '../../platform/db.js';"],
    ['an I/O package from lib', 'src/lib/x.ts', "import { sql } from 'drizzle-orm';"],
    ['node:fs from lib', 'src/lib/x.ts', "import { readFileSync } from 'node:fs';"],
    ['a module from the core', 'src/core/places/x.ts', "import { p } from '../../modules/projects/index.js';"],
    [
      'src/services.ts from a module',
      'src/modules/spaces/spaces.web.ts',
      "import type { S } from '../../services.js';",
    ],
    [
      'src/services.ts from a module sub-folder',
      'src/modules/conversations/report/report.web.ts',
      "import type { S } from '../../../services.js';",
    ],
    [
      'another module’s schema from a repository',
      'src/modules/spaces/x.repository.ts',
      "import { t } from '../areas/areas.schema.js';",
    ],
    ['a re-export of internals', 'src/modules/spaces/index.ts', "export * from '../areas/areas.service.js';"],
    ['a dynamic import of internals', 'src/modules/spaces/x.ts', "await import('../areas/areas.service.js');"],
    ['module internals from src/*.ts', 'src/app.ts', "import { s } from './modules/areas/areas.service.js';"],
    ['module internals from src/cli/', 'src/cli/x.ts', "import { s } from '../modules/areas/areas.service.js';"],
    ['a manifest outside the registry', 'src/app.ts', "import { areasModule } from './modules/areas/index.js';"],
    ['module internals from test/', 'test/x.test.ts', "import { s } from '../src/modules/areas/areas.service.js';"],
    [
      'another module’s internals from a module’s test',
      'src/modules/spaces/test/x.test.ts',
      "import { s } from '../../areas/areas.service.js';",
    ],
    [
      'a core part’s internals from a module',
      'src/modules/spaces/x.repository.ts',
      "import { r } from '../../core/areas/areas.repository.js';",
    ],
    [
      'another core part’s internals from the core',
      'src/core/accounts/x.ts',
      "import { r } from '../places/places.repository.js';",
    ],
    [
      'a core part’s schema from a repository',
      'src/modules/spaces/x.repository.ts',
      "import { users } from '../../core/accounts/accounts.schema.js';",
    ],
    ['module internals from bench/', 'bench/x.ts', "import { r } from '../src/modules/areas/areas.repository.js';"],
  ])('%s', async (_name, file, code) => {
    expect(await boundaryMessages(file, code)).toHaveLength(1);
  });
});

describe('the boundary rule allows', () => {
  it.each([
    ['another module’s index.ts', 'src/modules/spaces/sub/x.ts', "import { a } from '../../areas/index.js';"],
    [
      'its own internals from a sub-folder',
      'src/modules/spaces/sub/x.ts',
      "import { r } from '../spaces.repository.js';",
    ],
    [
      'a schema importing a schema (foreign keys)',
      'src/modules/spaces/spaces.schema.ts',
      "import { areas } from '../areas/areas.schema.js';",
    ],
    [
      'a module importing the platform and lib',
      'src/modules/spaces/x.ts',
      "import { p } from '../../platform/db.js';\nimport { l } from '../../lib/charts.js';",
    ],
    ['a module importing the core', 'src/modules/spaces/x.ts', "import { p } from '../../core/places/index.js';"],
    [
      'a module schema importing a core schema (foreign keys)',
      'src/modules/spaces/spaces.schema.ts',
      "import { places } from '../../core/places/places.schema.js';",
    ],
    [
      'the core’s own files importing its parts through index.ts',
      'src/core/services.ts',
      "import { s } from './places/index.js';",
    ],
    ['the registry importing manifests', 'src/modules/registry.ts', "import { areasModule } from './areas/index.js';"],
    [
      'a module’s test importing its own internals',
      'src/modules/spaces/test/x.test.ts',
      "import { r } from '../spaces.repository.js';",
    ],
    [
      'a test reading a table (listed exception)',
      'test/x.test.ts',
      "import { users } from '../src/modules/accounts/accounts.schema.js';",
    ],
    ['a lib test reading fixtures from disk', 'src/lib/x.test.ts', "import { readFileSync } from 'node:fs';"],
    ['lib importing lib', 'src/lib/polis/x.ts', "import { r } from '../charts.js';\nimport { z } from 'zod';"],
  ])('%s', async (_name, file, code) => {
    expect(await boundaryMessages(file, code)).toEqual([]);
  });
});

describe('the project config', () => {
  it.each(['src/modules/spaces/sub/x.ts', 'src/app.ts', 'src/platform/x.ts', 'test/x.test.ts', 'bench/x.ts'])(
    'applies the rule to %s',
    async (file) => {
      const config = (await new ESLint({ cwd: root }).calculateConfigForFile(file)) as {
        rules: Record<string, unknown[]>;
      };
      expect(config.rules[RULE]?.[0]).toBe(2);
    },
  );
});

describe('the exception lists', () => {
  it('give every test-only exception a reason', () => {
    for (const e of TEST_EXCEPTIONS) expect(e.reason.length, e.files.join()).toBeGreaterThan(20);
  });

  it('list exactly the boundary violations that occur today, so the known list only shrinks', async () => {
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      allowInlineConfig: false,
      overrideConfig: [{ ignores: ['node_modules/', 'data/', 'db/'] }, boundariesConfig({ known: [] })],
    });
    const results = await eslint.lintFiles(['src', 'test', 'bench']);
    const found = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === RULE)
        .map((m) => `${r.filePath.slice(root.length)} -> ${/\[([^\]]+)\]$/.exec(m.message)![1]}`),
    );
    const known = KNOWN_VIOLATIONS.map((v) => `${v.file} -> ${v.imports}`);
    expect(
      found.filter((f) => !known.includes(f)),
      'new violations: go through index.ts',
    ).toEqual([]);
    expect(
      known.filter((k) => !found.includes(k)),
      'fixed: remove from KNOWN_VIOLATIONS',
    ).toEqual([]);
  }, 120_000);
});
