import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionSeries, sessions } from '../../../../test/schema.js';
import type { Role } from '../../../platform/context.js';
import { buildTestApp, createPlace, createUser, type TestApp } from '../../../../test/helpers.js';
import { insertProject, insertSpace } from './fixtures.js';

let t: TestApp;
let a: Awaited<ReturnType<typeof createPlace>>;
let b: Awaited<ReturnType<typeof createPlace>>;
let project: Awaited<ReturnType<typeof insertProject>>;
let pending: Awaited<ReturnType<typeof insertProject>>;
let hall: Awaited<ReturnType<typeof insertSpace>>;
let organiserId: string;
const tokens: Record<string, string> = {};

async function token(placeId: string, role: Role, createdBy: string | null = null) {
  const { secret } = await t.services.apiTokens.create(
    { placeId, actor: { type: 'system' }, ip: null, requestId: null },
    { name: `${role} token`, role, createdBy },
  );
  return secret;
}

function call(method: 'GET' | 'POST', url: string, opts: { host?: string; token?: string; body?: unknown } = {}) {
  return t.app.inject({
    method,
    url,
    headers: {
      host: opts.host ?? a.host,
      ...(opts.token !== undefined ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
  });
}

async function seriesCount() {
  const [row] = await t.services.db.select({ n: count() }).from(sessionSeries);
  return row!.n;
}

const body = (over: Record<string, unknown> = {}) => ({
  projectId: project.id,
  spaceId: hall.id,
  title: 'Sewing circle',
  startsAt: '2027-03-16T14:00:00Z',
  durationMinutes: 120,
  rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4',
  exdates: ['2027-03-23'],
  capacity: 8,
  ...over,
});

beforeAll(async () => {
  t = await buildTestApp();
  a = await createPlace(t.services, 'a.test');
  b = await createPlace(t.services, 'b.test');
  const organiser = await createUser(t.services, a.place.id, 'organiser');
  organiserId = organiser.user.id;
  const other = await createUser(t.services, a.place.id, 'organiser');
  project = await insertProject(t.services, a.place.id, {
    title: 'Stitch',
    areaId: a.wards[0]!.id,
    organiserId: organiser.user.id,
  });
  pending = await insertProject(t.services, a.place.id, { title: 'Draft', status: 'pending' });
  hall = await insertSpace(t.services, a.place.id, { areaId: a.wards[1]!.id });
  tokens.resident = await token(a.place.id, 'resident');
  // An organiser token acts for the person who created it: here the project's organiser.
  tokens.organiser = await token(a.place.id, 'organiser', organiser.user.id);
  tokens.otherOrganiser = await token(a.place.id, 'organiser', other.user.id);
  tokens.nobody = await token(a.place.id, 'organiser');
  tokens.officer = await token(a.place.id, 'officer');
  tokens.adminB = await token(b.place.id, 'admin');
});
afterAll(() => t.close());

describe('organiser tokens act for the person who created them', () => {
  it('refuses a project its creator does not organise, and a token with nobody behind it; stores nothing', async () => {
    const before = await t.services.db.select().from(sessions).where(eq(sessions.projectId, project.id));
    const other = await call('POST', '/api/v1/sessions', { token: tokens.otherOrganiser, body: body() });
    expect(other.statusCode).toBe(403);
    const nobody = await call('POST', '/api/v1/sessions', { token: tokens.nobody, body: body() });
    expect(nobody.statusCode).toBe(403);
    expect(nobody.json().detail).toMatch(/^An organiser token acts for the person who created it/);
    expect(await t.services.db.select().from(sessions).where(eq(sessions.projectId, project.id))).toHaveLength(
      before.length,
    );
  });
});

describe('scheduling through the API', () => {
  let ids: string[];

  it('creates the occurrences of a rule in London time and answers 201 with their ids', async () => {
    const res = await call('POST', '/api/v1/sessions', { token: tokens.organiser, body: body() });
    expect(res.statusCode).toBe(201);
    ids = res.json().sessionIds;
    expect(ids).toHaveLength(3);
    expect(res.headers.location).toBe(`/api/v1/sessions/${ids[0]}`);
    const rows = await t.services.db.select().from(sessions).where(eq(sessions.seriesId, res.json().seriesId));
    // 16 March GMT, (23 March skipped), 30 March and 6 April BST: 14:00 London each time.
    expect(rows.map((r) => r.startsAt.toISOString()).sort()).toEqual([
      '2027-03-16T14:00:00.000Z',
      '2027-03-30T13:00:00.000Z',
      '2027-04-06T13:00:00.000Z',
    ]);
    expect(rows.every((r) => r.areaId === a.wards[1]!.id && r.capacity === 8 && r.durationMinutes === 120)).toBe(true);
  });

  it('reads one session and lists them by date, ward and project, a page at a time', async () => {
    const one = await call('GET', `/api/v1/sessions/${ids[0]}`, { token: tokens.resident });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      id: ids[0],
      title: 'Sewing circle',
      projectTitle: 'Stitch',
      ward: a.wards[1]!.code,
      startsAt: '2027-03-16T14:00:00.000Z',
      endsAt: '2027-03-16T16:00:00.000Z',
      capacity: 8,
      dropIn: false,
      cancelled: false,
    });
    const p1 = (await call('GET', '/api/v1/sessions?from=2027-03-01&limit=2', { token: tokens.resident })).json();
    expect(p1.items.map((x: { id: string }) => x.id)).toEqual(ids.slice(0, 2));
    const p2 = (
      await call('GET', `/api/v1/sessions?from=2027-03-01&limit=2&cursor=${p1.nextCursor}`, { token: tokens.resident })
    ).json();
    expect(p2.items.map((x: { id: string }) => x.id)).toEqual([ids[2]]);
    expect(p2.nextCursor).toBeNull();
    const march = (
      await call('GET', '/api/v1/sessions?from=2027-03-01&to=2027-03-31', { token: tokens.resident })
    ).json();
    expect(march.items).toHaveLength(2);
    const ward0 = (
      await call('GET', `/api/v1/sessions?from=2027-03-01&ward=${a.wards[0]!.code}`, { token: tokens.resident })
    ).json();
    expect(ward0.items).toHaveLength(0);
    const byProject = (
      await call('GET', `/api/v1/sessions?from=2027-03-01&projectId=${project.id}`, { token: tokens.resident })
    ).json();
    expect(byProject.items).toHaveLength(3);
  });

  it('hides sessions of unpublished projects from resident tokens', async () => {
    const res = await call('POST', '/api/v1/sessions', {
      token: tokens.officer,
      body: body({ projectId: pending.id, spaceId: null, rrule: null, exdates: [] }),
    });
    expect(res.statusCode).toBe(201);
    const [id] = res.json().sessionIds;
    expect((await call('GET', `/api/v1/sessions/${id}`, { token: tokens.resident })).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/sessions/${id}`, { token: tokens.officer })).statusCode).toBe(200);
  });

  const refusals: [string, string | undefined, () => Record<string, unknown>, number, string?][] = [
    ['no token', undefined, () => body(), 401],
    ['a resident token', 'resident', () => body(), 403],
    ['an unparsable rule', 'organiser', () => body({ rrule: 'FREQ=SOMETIMES' }), 422, '#/rrule'],
    ['a rule with unknown parts', 'organiser', () => body({ rrule: 'FREQ=WEEKLY;COLOUR=RED' }), 422, '#/rrule'],
    ['too many occurrences', 'organiser', () => body({ rrule: 'FREQ=DAILY;COUNT=365' }), 422, '#/rrule'],
    [
      'a start in the past',
      'organiser',
      () => body({ startsAt: '2020-01-01T10:00:00Z', exdates: [] }),
      422,
      '#/startsAt',
    ],
    ['an end past midnight', 'organiser', () => body({ startsAt: '2027-03-16T23:30:00Z' }), 422, '#/durationMinutes'],
    [
      'an overlap in the space',
      'organiser',
      () => body({ startsAt: '2027-03-30T14:00:00Z', rrule: null, exdates: [] }),
      422,
      '#/spaceId',
    ],
    ['an unknown field', 'organiser', () => body({ colour: 'red' }), 422],
    ['a bad exdate', 'organiser', () => body({ exdates: ['2027-02-31'] }), 422],
    ['a short duration', 'organiser', () => body({ durationMinutes: 5 }), 422],
    ['a string capacity', 'organiser', () => body({ capacity: '8' }), 422],
    ['a project of another place', 'adminB', () => body({ spaceId: null }), 404],
  ];
  for (const [name, who, payload, status, pointer] of refusals) {
    it(`refuses ${name} (${status}) and stores nothing`, async () => {
      const before = await seriesCount();
      const res = await call('POST', '/api/v1/sessions', {
        token: who ? tokens[who] : undefined,
        body: payload(),
        host: who === 'adminB' ? b.host : a.host,
      });
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (pointer) expect(res.json().errors[0].pointer).toBe(pointer);
      expect(await seriesCount()).toBe(before);
    });
  }

  it('lets only one of two overlapping schedules sent at once through', async () => {
    const payload = body({ startsAt: '2027-08-03T10:00:00+01:00', rrule: null, exdates: [] });
    const results = await Promise.all([
      call('POST', '/api/v1/sessions', { token: tokens.organiser, body: payload }),
      call('POST', '/api/v1/sessions', { token: tokens.officer, body: payload }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 422]);
  });

  it('names the clashing dates', async () => {
    const res = await call('POST', '/api/v1/sessions', {
      token: tokens.organiser,
      body: body({ startsAt: '2027-03-30T15:00:00+01:00', rrule: 'FREQ=WEEKLY;COUNT=2', exdates: [] }),
    });
    expect(res.json().errors[0].detail).toBe(
      'Community hall is already in use at that time on 30 March 2027, 6 April 2027. Choose another time or space.',
    );
  });

  it('keeps place A’s sessions from place B’s tokens', async () => {
    expect((await call('GET', `/api/v1/sessions/${ids[0]}`, { token: tokens.adminB, host: b.host })).statusCode).toBe(
      404,
    );
    expect((await call('GET', `/api/v1/sessions/${ids[0]}`, { token: tokens.adminB })).statusCode).toBe(401);
    const list = (await call('GET', '/api/v1/sessions?from=2027-01-01', { token: tokens.adminB, host: b.host })).json();
    expect(list.items).toEqual([]);
  });

  it('starts the default list on today in London, also between midnight and 1am in summer', async () => {
    const late = body({
      rrule: null,
      exdates: [],
      spaceId: null,
      startsAt: '2027-06-15T19:00:00Z',
      title: 'Late on the 15th',
    });
    const next = body({
      rrule: null,
      exdates: [],
      spaceId: null,
      startsAt: '2027-06-16T09:00:00Z',
      title: 'Morning of the 16th',
    });
    const first = (await call('POST', '/api/v1/sessions', { token: tokens.organiser, body: late })).json();
    const second = (await call('POST', '/api/v1/sessions', { token: tokens.organiser, body: next })).json();
    // 00:30 on 16 June 2027 in London (BST) is 23:30 on the 15th in UTC.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2027-06-15T23:30:00Z') });
    try {
      const listed = (await call('GET', '/api/v1/sessions?limit=200', { token: tokens.resident })).json();
      const ids = listed.items.map((x: { id: string }) => x.id);
      expect(ids).toContain(second.sessionIds[0]);
      expect(ids).not.toContain(first.sessionIds[0]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('accepts and answers the ids the service issues, RFC 4122 or not (as the demo’s are)', async () => {
    const demoProject = await insertProject(t.services, a.place.id, {
      id: 'b1d4a7c2-53e9-0f28-9c61-2a7e4d3b8f10',
      title: 'Demo-style ids',
      organiserId: organiserId,
    });
    const demoSpace = await insertSpace(t.services, a.place.id, { id: '6f1e2d3c-4b5a-0978-1625-34a5b6c7d8e9' });
    const res = await call('POST', '/api/v1/sessions', {
      token: tokens.organiser,
      body: body({
        projectId: demoProject.id,
        spaceId: demoSpace.id,
        rrule: null,
        exdates: [],
        startsAt: '2027-08-03T09:00:00Z',
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().sessionIds[0];
    const one = await call('GET', `/api/v1/sessions/${id}`, { token: tokens.resident });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ projectId: demoProject.id, spaceId: demoSpace.id });
    const list = await call('GET', `/api/v1/sessions?from=2027-08-01&projectId=${demoProject.id}`, {
      token: tokens.resident,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([id]);
  });

  it('refuses bad queries', async () => {
    for (const q of ['from=2027-02-31', 'limit=0', 'projectId=nope', 'cursor=bm9wZQ', 'colour=red']) {
      const res = await call('GET', `/api/v1/sessions?${q}`, { token: tokens.resident });
      expect(res.statusCode, q).toBe(422);
    }
    expect((await call('GET', '/api/v1/sessions?ward=NOPE', { token: tokens.resident })).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/sessions/not-a-uuid', { token: tokens.resident })).statusCode).toBe(404);
  });

  it('documents the routes in OpenAPI under Sessions', async () => {
    const spec = (await call('GET', '/api/openapi.json')).json();
    expect(spec.paths['/api/v1/sessions'].post.tags).toEqual(['Sessions']);
    expect(spec.paths['/api/v1/sessions/{id}'].get.tags).toEqual(['Sessions']);
  });
});
