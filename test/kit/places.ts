import type { ActionContext, Role } from '../../src/platform/context.js';
import type { Services } from '../../src/services.js';
import { createPlace, createUser } from '../helpers.js';

/** Acts as the system in a place, as seeds and commands do. */
export function systemCtx(placeId: string): ActionContext {
  return { placeId, actor: { type: 'system' }, ip: null, requestId: null };
}

const ROLES = ['resident', 'organiser', 'officer', 'admin'] as const satisfies readonly Role[];

export type TestUser = Awaited<ReturnType<typeof createUser>>;

/**
 * An API token of `role` in the place, created by a new person of that role (a token acts for
 * its creator in project-scoped actions). Returns the secret to send as the bearer token.
 */
export async function tokenFor(services: Services, placeId: string, role: Role): Promise<string> {
  const { user } = await createUser(services, placeId, role);
  const { secret } = await services.apiTokens.create(systemCtx(placeId), {
    name: `Test ${role} token`,
    role,
    createdBy: user.id,
  });
  return secret;
}

export type TestPlace = Awaited<ReturnType<typeof createPlace>> & { staff: Record<Role, TestUser> };

/** A place with its wards and one person in every role. */
async function placeWithStaff(
  services: Services,
  host: string,
  opts: { isDefault?: boolean; name?: string } = {},
): Promise<TestPlace> {
  const place = await createPlace(services, host, opts);
  const staff = {} as Record<Role, TestUser>;
  for (const role of ROLES) staff[role] = await createUser(services, place.place.id, role, `${role}@${host}`);
  return { ...place, staff };
}

/** Two places on their own hosts, with staff in every role: for proving one cannot reach the other. */
export async function twoPlaces(services: Services, hosts: [string, string] = ['a.test', 'b.test']) {
  const a = await placeWithStaff(services, hosts[0], { name: 'Place A' });
  const b = await placeWithStaff(services, hosts[1], { name: 'Place B' });
  return { a, b };
}
