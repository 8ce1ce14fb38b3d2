import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { CurrentUser } from '../../platform/context.js';
import type { User } from './accounts.repository.js';
import type { AccountsService } from './accounts.service.js';
import { accountsWeb } from './accounts.web.js';
import type { ModuleManifest } from '../../platform/modules.js';
import type { AreasService } from '../areas/index.js';

export { createAccountsService, type AccountsService, type LinkContext } from './accounts.service.js';
export type { User } from './accounts.repository.js';
export { createPeopleDirectory, type PeopleDirectory, type Person } from './accounts.people.js';
export { consentMethods } from './accounts.validation.js';
export * as accountsValidation from './accounts.validation.js';
export { seedScalePeople } from './accounts.scale-seed.js';

export function sessionCookieName(secure: boolean): string {
  // The __Host- prefix pins the cookie to this host, over HTTPS, for the whole site.
  return secure ? '__Host-cg_session' : 'cg_session';
}

export function toCurrentUser(u: User): CurrentUser {
  return {
    id: u.id,
    placeId: u.placeId,
    role: u.role,
    displayName: u.displayName,
    email: u.email,
    emailVerifiedAt: u.emailVerifiedAt,
  };
}

/** Reads the session cookie on every request and sets `request.user` (scoped to the request's place). */
export const sessionLoader = fp<{ accounts: AccountsService; sessionCookie: string }>(
  async (app: FastifyInstance, { accounts, sessionCookie }) => {
    app.decorateRequest('user', null);
    app.addHook('onRequest', async (request) => {
      request.user = null;
      if (!request.place) return;
      const token = request.cookies[sessionCookie];
      if (!token || token.length > 100) return;
      const user = await accounts.userForSession(request.place.id, token);
      if (user) {
        request.user = toCurrentUser(user);
        request.locals.user = request.user;
      }
    });
  },
  { name: 'session-loader', dependencies: ['place-resolver'] },
);

/** Sign up, sign in and out, email verification, password reset and the "your account" pages. */
export const accountsModule: ModuleManifest<{
  accounts: AccountsService;
  areas: AreasService;
  config: { cookieSecure: boolean };
}> = {
  name: 'accounts',
  async register(app, { accounts, areas, config }) {
    await app.register(accountsWeb, {
      accounts,
      areas,
      sessionCookie: sessionCookieName(config.cookieSecure),
      cookieSecure: config.cookieSecure,
    });
  },
};
