import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, makeSession, makeSpace } from '../factories/index.js';
import { buildTestApp, type TestApp } from '../helpers.js';
import { apiClient, discoverTables, expectNothingStored, problemOf, tokenFor, twoPlaces } from './index.js';

/** The kit itself: each helper fails when it should, so tests built on it can. */
let t: TestApp;
let places: Awaited<ReturnType<typeof twoPlaces>>;
beforeAll(async () => {
  t = await buildTestApp();
  places = await twoPlaces(t.services, ['kit-a.test', 'kit-b.test']);
});
afterAll(() => t.close());

describe('expectNothingStored', () => {
  it('passes when nothing is stored, and returns what the function returned', async () => {
    expect(await expectNothingStored(t.database, () => Promise.resolve(42))).toBe(42);
  });

  it('fails on an insert and names every table that changed', async () => {
    const err = await expectNothingStored(t.database, () => makeSpace(t.services, places.a.place.id)).catch(
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('tables changed');
    expect((err as Error).message).toContain("'spaces'");
    expect((err as Error).message).toContain("'audit_events'");
  });

  it('fails on an update that keeps the row count', async () => {
    const err = await expectNothingStored(t.database, () =>
      t.services.db.execute(sql`update places set name = name || '!' where id = ${places.b.place.id}`),
    ).catch((e: unknown) => e as Error);
    expect((err as Error).message).toContain("'places'");
  });

  it('ignores the tables it is told may change', async () => {
    await expectNothingStored(
      t.database,
      () => t.services.db.execute(sql`update places set name = name || '?' where id = ${places.b.place.id}`),
      { places: 'renamed on purpose in this test' },
    );
  });

  it('covers every table the schemas declare', async () => {
    const names = (await discoverTables()).map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['users', 'sessions', 'attendances', 'conversation_votes']));
  });
});

describe('places, tokens and the API client', () => {
  it('twoPlaces gives each place staff in every role, each of their own place', () => {
    for (const p of [places.a, places.b])
      for (const [role, who] of Object.entries(p.staff)) {
        expect(who.user.role).toBe(role);
        expect(who.user.placeId).toBe(p.place.id);
      }
    expect(places.a.place.id).not.toBe(places.b.place.id);
  });

  it("tokenFor's token works on its own place's host and is refused on the other's", async () => {
    const token = await tokenFor(t.services, places.a.place.id, 'officer');
    const own = await apiClient(t.app, token, places.a.host).get('/api/v1/place');
    expect(own.statusCode).toBe(200);
    expect(own.json<{ id: string }>().id).toBe(places.a.place.id);
    problemOf(await apiClient(t.app, token, places.b.host).get('/api/v1/place'), 401);
    problemOf(await apiClient(t.app, null, places.a.host).get('/api/v1/place'), 401);
  });
});

describe('factories', () => {
  it('make a published project, a space and a session through the services', async () => {
    const organiser = places.a.staff.organiser;
    const project = await makeProject(t.services, organiser);
    expect(project).toMatchObject({ placeId: places.a.place.id, status: 'published' });
    const space = await makeSpace(t.services, places.a.place.id, { name: 'Kit hall' });
    expect(space.name).toBe('Kit hall');
    const session = await makeSession(t.services, organiser, project.id, { spaceId: space.id });
    expect(session).toMatchObject({
      projectId: project.id,
      spaceId: space.id,
      title: expect.stringMatching(/^Session/),
    });
  });
});
