import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, importsOf } from './import-graph.js';

const src = fileURLToPath(new URL('../../src', import.meta.url));
const rel = (cycle: string[]) => cycle.map((f) => path.relative(src, f)).join(' → ');

describe('the import graph', () => {
  it('finds a planted circle, and no circle where there is none', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
    expect(importsOf('/x/a.ts', "import type { T } from './b.js';\nimport { f } from '../c.js';")).toEqual([
      { target: '/x/b.ts', typeOnly: true },
      { target: '/c.ts', typeOnly: false },
    ]);
  });

  it('has no circles in src/, type imports included', () => {
    expect(cycles(importGraph(src, { runtimeOnly: false })).map(rel)).toEqual([]);
  });
});
