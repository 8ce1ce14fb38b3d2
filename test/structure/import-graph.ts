import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every `.ts` file under `dir`, tests left out (they may import what they test from anywhere). */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'test') out.push(...sourceFiles(full));
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"](\.[^'"]+)['"]|^\s*import\s+['"](\.[^'"]+)['"]/gm;

/** The relative imports of one source text, resolved to files, with whether each is type-only. */
export function importsOf(file: string, text: string): { target: string; typeOnly: boolean }[] {
  const out: { target: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[3] ?? m[4]!;
    const target = path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts'));
    out.push({ target, typeOnly: Boolean(m[2]) });
  }
  return out;
}

/** The cycles of a graph (each as the files on it, first repeated at the end), found by depth-first search. */
export function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

/** The import graph of `dir`'s source files; `runtimeOnly` leaves out `import type`. */
export function importGraph(dir: string, { runtimeOnly }: { runtimeOnly: boolean }): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(dir)) {
    const edges = importsOf(file, readFileSync(file, 'utf8'))
      .filter((i) => !(runtimeOnly && i.typeOnly))
      .map((i) => i.target);
    graph.set(file, edges);
  }
  return graph;
}
