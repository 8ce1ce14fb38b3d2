import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** A route as `METHOD /path/:`, parameter names left out (two routes may name the same place differently). */
export const canonicalRoute = (route: string) => route.replace(/\/:[^/]+/g, '/:');

/** Every route of the app that takes a body (POST, PUT, PATCH), read from Fastify's route tree. */
export function bodyRoutes(app: FastifyInstance): string[] {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(path);
    for (const method of (m[3] ?? '').split(', ')) if (BODY_METHODS.has(method)) out.add(`${method} ${path}`);
  }
  return [...out].map(canonicalRoute).sort();
}

/**
 * Records the route of every request made through `app.inject` from now on, as `canonicalRoute`
 * gives it. Hooks cannot be added once the app is built, so the recorder wraps `inject`.
 */
export function recordRoutes(app: FastifyInstance): Set<string> {
  const seen = new Set<string>();
  const inject = app.inject.bind(app) as (opts: InjectOptions) => Promise<LightMyRequestResponse>;
  const recording = (opts: InjectOptions) => {
    const method = (opts.method ?? 'GET').toUpperCase();
    const url = typeof opts.url === 'string' ? opts.url : '';
    const path = url.split('?')[0]!;
    // Null for a URL no route matches, whatever the declared type says.
    const found = app.findRoute({ method, url: path }) as { params: unknown } | null;
    if (found) {
      const values = new Set(Object.values(found.params as Record<string, string>));
      const route = path
        .split('/')
        .map((segment) => (values.has(decodeURIComponent(segment)) ? ':' : segment))
        .join('/');
      seen.add(`${method} ${route}`);
    }
    return inject(opts);
  };
  (app as unknown as { inject: typeof recording }).inject = recording;
  return seen;
}

/**
 * Routes whose bad input a module's own tests cover, as those tests declare it with a line
 * `// Bad input covered here: POST /path/:id`, so a new module lists its routes in its own folder.
 * Returns each canonical route with the test file (repository path) that declares it.
 */
export function declaredBadInputCoverage(root: string): Map<string, string> {
  const found = new Map<string, string>();
  const files = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .map((f) => `src/${f.split(path.sep).join('/')}`)
    .filter((f) => /\/test\/.+\.test\.ts$/.test(f))
    .sort();
  for (const file of files)
    for (const m of readFileSync(path.join(root, file), 'utf8').matchAll(
      /^\s*\/\/ Bad input covered here: ((?:POST|PUT|PATCH) \S+)\s*$/gm,
    ))
      found.set(canonicalRoute(m[1]!), file);
  return found;
}
