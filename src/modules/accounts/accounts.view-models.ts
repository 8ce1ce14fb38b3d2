import type { Area } from '../../core/areas/index.js';
import { sessionPaths } from '../sessions/index.js';
import { accountsPaths } from './accounts.paths.js';

type Ward = Pick<Area, 'id' | 'name'>;

/** The longest token a confirmation page carries into its form: longer than any we issue. */
const TOKEN_MAX = 200;

/** The optional home ward list of the sign-up and details forms. */
export function wardItems(wards: Ward[], selected: unknown) {
  return [
    { value: '', text: 'Choose your ward (optional)' },
    ...wards.map((w) => ({ value: w.id, text: w.name, selected: w.id === selected })),
  ];
}

/**
 * The page an emailed link opens: one button that posts the token, so that mail scanners that
 * follow links do not use it up.
 */
export function confirmLinkView(token: string | undefined, purpose: 'verify' | 'change') {
  return {
    token: (token ?? '').slice(0, TOKEN_MAX),
    ...(purpose === 'verify'
      ? {
          action: accountsPaths.verifyEmail,
          heading: 'Confirm your email address',
          button: 'Confirm my email address',
        }
      : {
          action: accountsPaths.confirmEmail,
          heading: 'Confirm your new email address',
          button: 'Confirm my new email address',
        }),
  };
}

/** The page after a confirmed address: onward to the account when signed in, otherwise to sign in. */
export function confirmedView(purpose: 'verify' | 'change', signedIn: boolean) {
  return {
    ...(purpose === 'verify'
      ? { heading: 'Email address confirmed', body: 'Thank you. Your email address is confirmed.' }
      : {
          heading: 'Email address changed',
          body: 'Your new email address is confirmed. Use it from now on to sign in.',
        }),
    next: signedIn
      ? { href: accountsPaths.account, text: 'Go to your account' }
      : { href: accountsPaths.signIn, text: 'Sign in' },
  };
}

/** The account page: the person, their ward, and links to what they take part in. */
export function accountView<P>(person: P, ward: Ward | undefined) {
  return { person, ward, calendarHref: sessionPaths.accountCalendar };
}
