// The module boundary rule (ARCHITECTURE.md, "Modules talk"). Each import is resolved to a real
// path inside the repository, so it holds however deep the importing file sits (a regex over the
// import text cannot tell `../../areas/x.js` from `../x.js`).
import path from 'node:path';

/** Packages that do I/O or are a framework: `src/lib/` is pure and imports none of them. */
export const IO_PACKAGES = ['fastify', 'drizzle-orm', 'pg', '@electric-sql/pglite', 'node:fs', 'node:net', 'node:http'];

/** `**` any depth, `*` within one path segment. */
function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const matches = (globs, file) => globs.some((g) => globToRegExp(g).test(file));

/** Where a repository path sits in the layout. */
export function classify(file) {
  const parts = file.split('/');
  if (parts[0] === 'src') {
    if (parts[1] === 'modules' && parts.length === 3) return { kind: 'modules-root', name: parts[2] };
    if (parts[1] === 'modules') return { kind: 'module', name: parts[2] };
    if (parts[1] === 'core') return { kind: 'core', name: parts[2] };
    if (parts[1] === 'platform') return { kind: 'platform' };
    if (parts[1] === 'lib') return { kind: 'lib' };
    return { kind: 'app' };
  }
  if (parts[0] === 'test') return { kind: 'test' };
  if (parts[0] === 'bench') return { kind: 'bench' };
  return { kind: 'other' };
}

/** A relative specifier as the repository path it names (NodeNext: `./x.js` is `./x.ts`). */
function resolveRelative(root, fromFile, specifier) {
  const abs = path.resolve(path.dirname(path.join(root, fromFile)), specifier);
  const rel = path.relative(root, abs).split(path.sep).join('/');
  return rel.replace(/\.js$/, '.ts');
}

const isSchema = (file) => file.endsWith('.schema.ts');

/**
 * Why `file` may not import `target` (a repository path), or null when it may.
 * `packageName` is set instead of `target` for bare specifiers.
 */
export function boundaryProblem(file, target, packageName) {
  const from = classify(file);
  if (packageName !== undefined) {
    // A test of lib/ may read its fixtures from disk; the code under test may not.
    if (
      from.kind === 'lib' &&
      !file.endsWith('.test.ts') &&
      IO_PACKAGES.some((p) => packageName === p || packageName.startsWith(`${p}/`))
    )
      return `src/lib/ is pure: no I/O and no framework (${packageName}).`;
    return null;
  }
  const to = classify(target);
  if (to.kind === 'module' || to.kind === 'modules-root') {
    if (from.kind === 'platform' || from.kind === 'lib')
      return 'src/platform/ and src/lib/ never import a module: modules register with the core, not the other way round.';
    if (from.kind === 'core')
      return 'src/core/ never imports a module: the core knows modules only through the registry.';
  }
  if (to.kind === 'core' && (from.kind === 'platform' || from.kind === 'lib'))
    return 'src/platform/ and src/lib/ never import src/core/.';
  if (to.kind === 'platform' && from.kind === 'lib') return 'src/lib/ imports nothing from the app (src/platform/).';
  if (target === 'src/services.ts' && from.kind === 'module')
    return 'A module never imports src/services.ts: it names the services it needs in its manifest.';
  // A module, or a part of the core (src/core/<part>/), owns its internals; others use its index.ts.
  const owned = to.kind === 'module' || (to.kind === 'core' && !to.name.endsWith('.ts'));
  if (owned && !(from.kind === to.kind && from.name === to.name)) {
    const base = `src/${to.kind === 'module' ? 'modules' : 'core'}/${to.name}`;
    const what = to.kind === 'module' ? `module "${to.name}"` : `core part "${to.name}"`;
    if (target === `${base}/index.ts`) return null;
    // Foreign keys, between modules and core parts alike.
    if (isSchema(target) && isSchema(file) && (from.kind === 'module' || from.kind === 'core')) return null;
    if (isSchema(target))
      return `Only a *.schema.ts file may import another owner's schema (for foreign keys); reach ${what} through ${base}/index.ts.`;
    return `Import ${what} only through ${base}/index.ts (modules and core parts talk through each other's public API).`;
  }
  return null;
}

/** Manifest names, which only the registry imports (it is the one list of enabled modules). */
const MANIFEST = /^[a-z][A-Za-z]*Module$/;

/** @type {import('eslint').Rule.RuleModule} */
const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Modules talk through index.ts; platform, lib and core import no module.' },
    schema: [
      {
        type: 'object',
        properties: {
          exceptions: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                files: { type: 'array', items: { type: 'string' } },
                imports: { type: 'array', items: { type: 'string' } },
                reason: { type: 'string', minLength: 10 },
              },
              required: ['files', 'imports', 'reason'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
    messages: { boundary: '{{problem}} [{{target}}]' },
  },
  create(context) {
    const root = context.cwd;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    if (file.startsWith('..')) return {};
    const exceptions = (context.options[0]?.exceptions ?? []).filter((e) => matches(e.files, file));

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      let problem;
      let target;
      if (specifier.startsWith('.')) {
        target = resolveRelative(root, file, specifier);
        problem = boundaryProblem(file, target, undefined);
      } else {
        const parts = specifier.split('/');
        problem = boundaryProblem(file, undefined, specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
        if (problem === null && specifier.startsWith('node:')) problem = boundaryProblem(file, undefined, specifier);
      }
      if (problem && !(target && exceptions.some((e) => matches(e.imports, target))))
        context.report({ node, messageId: 'boundary', data: { problem, target: target ?? specifier } });
      if (target && file !== 'src/modules/registry.ts' && classify(target).kind === 'module') {
        const to = classify(target);
        const from = classify(file);
        if (from.kind === 'module' && from.name === to.name) return;
        for (const s of node.specifiers ?? []) {
          const imported =
            s.type === 'ImportSpecifier' ? s.imported.name : s.type === 'ExportSpecifier' ? s.local.name : '';
          if (MANIFEST.test(imported))
            context.report({
              node: s,
              messageId: 'boundary',
              data: { problem: `Only src/modules/registry.ts imports a module's manifest (${imported}).`, target },
            });
        }
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export const boundariesPlugin = {
  meta: { name: 'commonground-boundaries' },
  rules: { 'module-boundaries': moduleBoundaries },
};
