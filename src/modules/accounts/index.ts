import type { AccountsService } from '../../core/accounts/index.js';
import type { AreasService } from '../../core/areas/index.js';
import type { Config } from '../../config.js';
import { defineModule } from '../../platform/modules.js';
import { sessionCookie } from './accounts.cookie.js';
import { accountsPaths } from './accounts.paths.js';
import { signInWeb } from './accounts.sign-in.web.js';
import { accountWeb } from './accounts.web.js';

export { accountsPaths } from './accounts.paths.js';

/** Sign up, sign in and out, email verification, password reset and the "your account" pages. */
export const accountsModule = defineModule<{ accounts: AccountsService; areas: AreasService; config: Config }>()({
  name: 'accounts',
  paths: accountsPaths,
  nav: [
    { text: 'Your account', href: accountsPaths.account, order: 100, role: 'resident' },
    { text: 'Sign in', href: accountsPaths.signIn, order: 100, signedOut: true, exact: true },
    { text: 'Create an account', href: accountsPaths.signUp, order: 110, signedOut: true, exact: true },
  ],
  async register(app, { accounts, areas, config }) {
    const cookie = sessionCookie(config.cookieSecure);
    await app.register(signInWeb, { accounts, areas, cookie });
    await app.register(accountWeb, { accounts, areas, cookie });
  },
});
