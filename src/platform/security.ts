import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { errorCodes, type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { TooManyRequests } from './errors.js';

export type SecurityOptions = {
  sessionSecret: string;
  cookieSecure: boolean;
  /** Requests a client may make a minute, across the whole service. */
  requestsPerMinute: number;
};

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Security headers with a per-response CSP nonce, cookies, CSRF on every form post, and a global rate limit. */
export const securityPlugin = fp<SecurityOptions>(
  async (app: FastifyInstance, opts) => {
    await app.register(fastifyHelmet, {
      enableCSPNonces: true,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(opts.cookieSecure ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: opts.cookieSecure ? { maxAge: 31536000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
    });
    app.addHook('onSend', async (_request, reply) => {
      reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    });

    await app.register(fastifyCookie, { secret: opts.sessionSecret });
    await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
    await app.register(fastifyCsrf, {
      cookieKey: opts.cookieSecure ? '__Host-cg_csrf' : 'cg_csrf',
      cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: opts.cookieSecure },
      getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf,
    });
    // Every browser form post must carry the token. The JSON API uses bearer tokens, which
    // a cross-site page cannot attach, so it is exempt.
    app.addHook('preHandler', (request, reply, done) => {
      if (UNSAFE_METHODS.has(request.method) && !request.url.startsWith('/api/')) {
        app.csrfProtection(request, reply, done);
      } else {
        done();
      }
    });

    // The API takes JSON only (as its OpenAPI document says). Refused before the body is read, so a
    // form post or other type never reaches an API handler as if it were a JSON document.
    app.addHook('onRequest', (request, _reply, done) => {
      const type = request.headers['content-type'];
      if (
        UNSAFE_METHODS.has(request.method) &&
        request.url.startsWith('/api/') &&
        type !== undefined &&
        !/^application\/json\s*(;|$)/i.test(type)
      ) {
        done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(type.slice(0, 100)));
        return;
      }
      done();
    });

    await app.register(fastifyRateLimit, {
      global: true,
      max: opts.requestsPerMinute,
      timeWindow: '1 minute',
      errorResponseBuilder: (_req, ctx) => {
        const seconds = Math.ceil(ctx.ttl / 1000);
        return new TooManyRequests(`You have made too many requests. Wait ${seconds} seconds and try again.`, seconds);
      },
    });
  },
  { name: 'security' },
);
