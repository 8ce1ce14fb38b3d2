import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeProject, makeSession, makeSpace } from '../factories/index.js';
import { apiClient, discoverTables, expectNothingStored, problemOf, tokenFor, useWorld } from './index.js';

/** The kit itself: each helper fails when it should, so tests built on it can. */
const w = useWorld('kit');

describe('expectNothingStored', () => {
  it('passes when nothing is stored, and returns what the function returned', async () => {
    expect(await expectNothingStored(w.t.database, () => Promise.resolve(42))).toBe(42);
  });

  it('fails on an insert and names every table that changed', async () => {
    const err = await expectNothingStored(w.t.database, () => makeSpace(w.services, w.a.place.id)).catch(
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('tables changed');
    expect((err as Error).message).toContain("'spaces'");
    expect((err as Error).message).toContain("'audit_events'");
  });

  it('fails on an update that keeps the row count', async () => {
    const err = await expectNothingStored(w.t.database, () =>
      w.services.db.execute(sql`update places set name = name || '!' where id = ${w.b.place.id}`),
    ).catch((e: unknown) => e as Error);
    expect((err as Error).message).toContain("'places'");
  });

  it('ignores the tables it is told may change', async () => {
    await expectNothingStored(
      w.t.database,
      () => w.services.db.execute(sql`update places set name = name || '?' where id = ${w.b.place.id}`),
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
    for (const p of [w.a, w.b])
      for (const [role, who] of Object.entries(p.staff)) {
        expect(who.user.role).toBe(role);
        expect(who.user.placeId).toBe(p.place.id);
      }
    expect(w.a.place.id).not.toBe(w.b.place.id);
  });

  it("tokenFor's token works on its own place's host and is refused on the other's", async () => {
    const token = await tokenFor(w.services, w.a.place.id, 'officer');
    const own = await apiClient(w.t.app, token, w.a.host).get('/api/v1/place');
    expect(own.statusCode).toBe(200);
    expect(own.json<{ id: string }>().id).toBe(w.a.place.id);
    problemOf(await apiClient(w.t.app, token, w.b.host).get('/api/v1/place'), 401);
    problemOf(await apiClient(w.t.app, null, w.a.host).get('/api/v1/place'), 401);
  });
});

describe('useWorld', () => {
  it('signs a browser in on the place it is told, and leaves it anonymous for null', async () => {
    const officer = await w.as(w.a.staff.officer);
    expect((await officer.get('/account')).statusCode).toBe(200);
    const anonymous = await w.as(null, w.b);
    expect(anonymous.host).toBe(w.b.host);
    expect((await anonymous.get('/account')).statusCode).toBe(303);
  });

  it("keeps one token a role and place, each working only on its own place's host", async () => {
    const own = await (await w.api('officer')).get('/api/v1/place');
    expect(own.json<{ id: string }>().id).toBe(w.a.place.id);
    const inB = await (await w.api('officer', w.b)).get('/api/v1/place');
    expect(inB.json<{ id: string }>().id).toBe(w.b.place.id);
    const tokensBefore = await w.services.apiTokens.list(w.a.place.id);
    await w.api('officer');
    expect(await w.services.apiTokens.list(w.a.place.id)).toHaveLength(tokensBefore.length);
    problemOf(await (await w.api(null)).get('/api/v1/place'), 401);
  });

  it('makes new people of a role in the place it is told', async () => {
    const p = await w.person('organiser', w.b);
    expect(p.user).toMatchObject({ role: 'organiser', placeId: w.b.place.id });
  });
});

describe('factories', () => {
  it('make a published project, a space and a session through the services', async () => {
    const organiser = w.a.staff.organiser;
    const project = await makeProject(w.services, organiser);
    expect(project).toMatchObject({ placeId: w.a.place.id, status: 'published' });
    const space = await makeSpace(w.services, w.a.place.id, { name: 'Kit hall' });
    expect(space.name).toBe('Kit hall');
    const session = await makeSession(w.services, organiser, project.id, { spaceId: space.id });
    expect(session).toMatchObject({
      projectId: project.id,
      spaceId: space.id,
      title: expect.stringMatching(/^Session/),
    });
  });
});
