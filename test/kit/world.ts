import { afterAll, beforeAll } from 'vitest';
import type { Role } from '../../src/platform/context.js';
import type { Services } from '../../src/services.js';
import { Browser, buildTestApp, createUser, type TestApp } from '../helpers.js';
import { apiClient } from './api.js';
import { tokenFor, twoPlaces, type TestPlace, type TestUser } from './places.js';

export type ApiClient = ReturnType<typeof apiClient>;

/**
 * What a route or service test works in: the real app on its own database, and two places (A and
 * B) with a person in every role, so every test can prove that B cannot reach A's data.
 */
export type World = {
  t: TestApp;
  services: Services;
  a: TestPlace;
  b: TestPlace;
  /** A browser on the place's host (A unless told), signed in as `who`, or anonymous for null. */
  as(who: { email: string } | null, place?: TestPlace): Promise<Browser>;
  /** The API as a bearer token of `role` in the place (A unless told); null for no token. Tokens are kept. */
  api(role: Role | null, place?: TestPlace): Promise<ApiClient>;
  /** Another person with `role` in the place (A unless told), for tests that need more than the staff. */
  person(role: Role, place?: TestPlace): Promise<TestUser>;
};

/**
 * Sets up a World before the file's tests and tears it down after them. Its fields are there from
 * `beforeAll` on, so read them inside tests and hooks, never at the top of the file.
 *
 *   const w = useWorld('spaces');
 *   it('…', async () => { const br = await w.as(w.a.staff.officer); … });
 *
 * `setUp` runs once the places exist (seed shared rows there); `env` overrides configuration.
 */
export function useWorld(
  name: string,
  opts: { env?: Record<string, string>; setUp?: (w: World) => Promise<void> } = {},
): World {
  const tokens = new Map<string, string>();
  const w = {} as World;
  beforeAll(async () => {
    const t = await buildTestApp(opts.env);
    const { a, b } = await twoPlaces(t.services, [`${name}-a.test`, `${name}-b.test`]);
    Object.assign(w, {
      t,
      services: t.services,
      a,
      b,
      async as(who: { email: string } | null, place: TestPlace = a) {
        const br = new Browser(t.app, place.host);
        if (who) await br.signIn(who.email);
        return br;
      },
      async api(role: Role | null, place: TestPlace = a) {
        if (!role) return apiClient(t.app, null, place.host);
        const key = `${place.place.id}:${role}`;
        let secret = tokens.get(key);
        if (!secret) {
          secret = await tokenFor(t.services, place.place.id, role);
          tokens.set(key, secret);
        }
        return apiClient(t.app, secret, place.host);
      },
      person: (role: Role, place: TestPlace = a) => createUser(t.services, place.place.id, role),
    } satisfies World);
    await opts.setUp?.(w);
  });
  afterAll(async () => {
    // Unset when beforeAll failed: the failure is reported there, not hidden behind this one.
    await (w.t as TestApp | undefined)?.close();
  });
  return w;
}
