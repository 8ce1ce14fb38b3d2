import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { formatDate, formatDateTime } from '../lib/london-time.js';
import { roleLabels } from './context.js';
import { navigationFor, type ModulePaths, type NavEntry } from './modules.js';

const require = createRequire(import.meta.url);
const govukDist = path.dirname(require.resolve('govuk-frontend/package.json')) + '/dist';
const srcDir = fileURLToPath(new URL('..', import.meta.url));

const wholeNumber = new Intl.NumberFormat('en-GB');

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Nunjucks over src/views, every module's folder (templates named `<module>/views/<file>`) and govuk-frontend. */
export function createViewEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([path.join(srcDir, 'views'), path.join(srcDir, 'modules'), govukDist], {
      noCache: process.env.NODE_ENV === 'development',
    }),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  env.addFilter('dateTime', (d: Date | string | null | undefined) => (d ? formatDateTime(new Date(d)) : ''));
  env.addFilter('date', (d: Date | string | null | undefined) => (d ? formatDate(new Date(d)) : ''));
  env.addFilter('isoDateTime', (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : ''));
  env.addFilter('number', (n: number | null | undefined) =>
    n === null || n === undefined ? '' : wholeNumber.format(n),
  );
  env.addGlobal('roleLabels', roleLabels);
  // `code` spans in API descriptions, escaped first so nothing else can become markup.
  env.addFilter(
    'codeSpans',
    (text: string | undefined) =>
      new nunjucks.runtime.SafeString(escapeHtml(text ?? '').replace(/`([^`]+)`/g, '<code class="cg-code">$1</code>')),
  );
  env.addFilter('json', (v: unknown) => JSON.stringify(v, null, 2));
  return env;
}

/** What every page gets, whoever renders it. Filled in by the plugins that know it. */
export type PageLocals = Record<string, unknown>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Values every template can read (place, user, navigation); plugins add to it. */
    locals: PageLocals;
  }
  interface FastifyReply {
    /** Renders a Nunjucks template as the response, with the request's locals merged in. */
    render(template: string, context?: Record<string, unknown>, status?: number): FastifyReply;
  }
}

export type ViewsOptions = {
  /** Every module's navigation entries (see ModuleManifest.nav). */
  navigation?: readonly NavEntry[];
  /** Every module's paths by module name, for templates as `paths.<module>.<path>` (see ModuleManifest.paths). */
  paths?: Readonly<Record<string, ModulePaths>>;
};

export const viewsPlugin = fp<ViewsOptions>(
  (app: FastifyInstance, { navigation = [], paths = {} }, done) => {
    const env = createViewEnvironment();
    env.addGlobal('paths', paths);
    app.decorate('views', env);
    app.decorateRequest('locals', null as unknown as PageLocals);
    app.addHook('onRequest', (request, _reply, next) => {
      request.locals = {};
      next();
    });
    app.decorateReply(
      'render',
      function render(this: FastifyReply, template: string, context: Record<string, unknown> = {}, status?: number) {
        const request: FastifyRequest = this.request;
        const nonce = (this as unknown as { cspNonce?: { script: string } }).cspNonce?.script;
        // One token per page: on a first visit each new token would set a new secret cookie,
        // leaving only the last form on the page able to post.
        let token: string | undefined;
        const csrfToken = () => (token ??= this.generateCsrf());
        const currentPath = request.url.split('?')[0]!;
        const html = env.render(template, {
          ...request.locals,
          cspNonce: nonce,
          currentPath,
          navItems: navigationFor(navigation, request.user ?? null, currentPath),
          query: request.query ?? {},
          csrfToken,
          ...context,
        });
        // Pages can hold personal data: never let a shared cache keep them.
        if (status !== undefined) this.code(status);
        return this.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
      },
    );
    done();
  },
  { name: 'views', dependencies: ['security'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    views: nunjucks.Environment;
  }
}
