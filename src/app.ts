import Fastify, { type FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { sessionCookieName } from './core/accounts/index.js';
import { requestContext } from './core/request.js';
import { modules } from './modules/registry.js';
import { assetsPlugin } from './platform/assets.js';
import { errorHandlerPlugin } from './platform/error-handler.js';
import { healthPlugin } from './platform/health.js';
import { securityPlugin } from './platform/security.js';
import { viewsPlugin } from './platform/views.js';
import type { ModuleManifest } from './platform/modules.js';
import type { Services } from './services.js';

/** The registry, seen from the core: every manifest takes the full services once they are built. */
const allModules = modules as readonly ModuleManifest<Services, object, Services>[];

export type AppOptions = {
  services: Services;
  logger: Logger | false;
  /** Requests a client may make a minute; tests raise it. */
  requestsPerMinute?: number;
};

/** The whole service as a function of its services. Tests build it too; server.ts only listens. */
export async function buildApp({ services, logger, requestsPerMinute = 600 }: AppOptions): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    loggerInstance: logger || undefined,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Infrastructure, in order: each declares what it depends on, so a wrong order fails at boot.
  await app.register(securityPlugin, {
    sessionSecret: config.sessionSecret,
    cookieSecure: config.cookieSecure,
    requestsPerMinute,
  });
  await app.register(viewsPlugin, {
    navigation: allModules.flatMap((m) => m.nav ?? []),
    paths: Object.fromEntries(allModules.flatMap((m) => (m.paths ? [[m.name, m.paths]] : []))),
  });
  await app.register(errorHandlerPlugin);
  await app.register(assetsPlugin);
  await app.register(healthPlugin, { database: services.database });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Commonground API',
        version: '1',
        description:
          'The JSON API of a Commonground place. Authenticate with `Authorization: Bearer <token>`; administrators create tokens in the service or with `commonground tokens create`. Errors are RFC 9457 problem documents (`application/problem+json`).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token created by an administrator' },
        },
      },
    },
    transform: jsonSchemaTransform,
    // Puts the schemas named with .meta({ id }) into components, so the $refs resolve.
    transformObject: jsonSchemaTransformObject,
    hideUntagged: true,
  });

  // Which place, who is signed in, which token: the core's, before any module sees a request.
  await app.register(requestContext, {
    places: services.places,
    accounts: services.accounts,
    apiTokens: services.apiTokens,
    sessionCookie: sessionCookieName(config.cookieSecure),
  });

  app.decorate('personalData', async (placeId: string, userId: string) => {
    const out: Record<string, Record<string, unknown>> = {};
    for (const mod of allModules)
      if (mod.personalData) out[mod.name] = await mod.personalData(services, placeId, userId);
    return out;
  });
  for (const mod of allModules) await mod.register?.(app, services);
  return app;
}
