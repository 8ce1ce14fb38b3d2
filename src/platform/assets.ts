import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import * as sass from 'sass';

const require = createRequire(import.meta.url);
const govukDist = path.dirname(require.resolve('govuk-frontend/package.json')) + '/dist/govuk';
const publicDir = fileURLToPath(new URL('../public', import.meta.url));
const scssPath = path.join(publicDir, 'app.scss');
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

let compiled: Promise<string> | undefined;

/** Compiles the stylesheet once per process, on first request, so tests that never fetch it pay nothing. */
function stylesheet(): Promise<string> {
  compiled ??= sass
    .compileAsync(scssPath, {
      loadPaths: [path.join(projectRoot, 'node_modules')],
      style: 'compressed',
      quietDeps: true,
    })
    .then((r) => r.css);
  return compiled;
}

export const assetsPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(fastifyStatic, {
      root: path.join(govukDist, 'assets'),
      prefix: '/assets/',
      maxAge: '7d',
    });
    app.get('/assets/govuk-frontend.min.js', { schema: { hide: true } }, (_req, reply) =>
      reply.header('cache-control', 'public, max-age=604800').sendFile('govuk-frontend.min.js', govukDist),
    );
    app.get('/assets/init.js', { schema: { hide: true } }, (_req, reply) =>
      reply.header('cache-control', 'public, max-age=3600').sendFile('init.js', publicDir),
    );
    app.get('/assets/app.css', { schema: { hide: true } }, async (_req, reply) => {
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600');
      return stylesheet();
    });
  },
  { name: 'assets' },
);
