import { sessionCookieName, type AccountsService } from '../../core/accounts/index.js';
import type { AreasService } from '../../core/areas/index.js';
import type { Config } from '../../config.js';
import { defineModule } from '../../platform/modules.js';
import { accountsWeb } from './accounts.web.js';

/** Sign up, sign in and out, email verification, password reset and the "your account" pages. */
export const accountsModule = defineModule<{ accounts: AccountsService; areas: AreasService; config: Config }>()({
  name: 'accounts',
  nav: [
    { text: 'Your account', href: '/account', order: 100, role: 'resident' },
    { text: 'Sign in', href: '/sign-in', order: 100, signedOut: true, exact: true },
    { text: 'Create an account', href: '/sign-up', order: 110, signedOut: true, exact: true },
  ],
  async register(app, { accounts, areas, config }) {
    await app.register(accountsWeb, {
      accounts,
      areas,
      sessionCookie: sessionCookieName(config.cookieSecure),
      cookieSecure: config.cookieSecure,
    });
  },
});
