import type { CurrentUser } from '../../platform/context.js';
import type { User } from './accounts.repository.js';

export { createAccountsService, SESSION_LIFETIME_MS, type AccountsService } from './accounts.service.js';
export type { User } from './accounts.repository.js';
export { createPeopleDirectory, type PeopleDirectory, type Person } from './accounts.people.js';
export { seedScalePeople } from './accounts.scale-seed.js';
export * as accountsValidation from './accounts.validation.js';

/** The session cookie's name: the __Host- prefix pins it to this host, over HTTPS, for the whole site. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-cg_session' : 'cg_session';
}

/** A person as every request sees them. */
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
export * from './accounts.validation.js';
export { insertDemoParticipants } from './accounts.demo.js';
