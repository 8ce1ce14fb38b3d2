import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { CurrentToken, CurrentUser } from '../platform/context.js';
import { NotFound, Unauthorized } from '../platform/errors.js';
import { toCurrentUser, type AccountsService } from './accounts/index.js';
import type { ApiTokensService } from './api-tokens/index.js';
import type { Place, PlacesService } from './places/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The place (council or locality) this request is for, from its host name. */
    place: Place;
    /** The signed-in person, or null: from the session cookie, within the request's place. */
    user: CurrentUser | null;
    /** The bearer token of an API request, or null. */
    apiToken: CurrentToken | null;
  }
}

export type RequestContextOptions = {
  places: PlacesService;
  accounts: AccountsService;
  apiTokens: ApiTokensService;
  sessionCookie: string;
};

/** Paths that answer whatever the host: the load balancer's checks and static files. */
const placeless = (url: string) => url === '/health' || url === '/ready' || url.startsWith('/assets/');

/**
 * Who and where, for every request, in one place: the place from the host name (unknown hosts
 * get a 404), the signed-in person from the session cookie, and on /api/v1 the bearer token.
 * Each is looked up within the place, so nothing from one place is ever seen in another.
 */
export const requestContext = fp<RequestContextOptions>(
  (app: FastifyInstance, { places, accounts, apiTokens, sessionCookie }, done) => {
    app.decorateRequest('place', null as unknown as Place);
    app.decorateRequest('user', null);
    app.decorateRequest('apiToken', null);
    app.addHook('onRequest', async (request) => {
      request.user = null;
      request.apiToken = null;
      if (placeless(request.url)) return;
      const place = await places.resolve(request.host);
      if (!place) throw new NotFound('There is no Commonground place at this address.');
      request.place = place;
      request.locals.place = place;

      const session = request.cookies[sessionCookie];
      if (session && session.length <= 100) {
        const user = await accounts.userForSession(place.id, session);
        if (user) {
          request.user = toCurrentUser(user);
          request.locals.user = request.user;
        }
      }

      if (!request.url.startsWith('/api/v1/')) return;
      const header = request.headers.authorization;
      if (!header) return;
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const token = match ? await apiTokens.authenticate(place.id, match[1]!) : undefined;
      if (!token) throw new Unauthorized('The API token is not valid, has been revoked, or belongs to another place.');
      request.apiToken = {
        id: token.id,
        placeId: token.placeId,
        role: token.role,
        name: token.name,
        createdBy: token.createdBy,
      };
    });
    done();
  },
  { name: 'request-context', dependencies: ['views'] },
);
