import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createPlace, type TestApp } from '../../../../test/helpers.js';
import type { Role } from '../../../platform/context.js';

let t: TestApp;
let a: Awaited<ReturnType<typeof createPlace>>;
let b: Awaited<ReturnType<typeof createPlace>>;
const tokens: Record<string, string> = {};

const square = (x: number, y: number, d = 0.01) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ],
  ],
});

async function token(placeId: string, role: Role) {
  const { secret } = await t.services.apiTokens.create(
    { placeId, actor: { type: 'system' }, ip: null, requestId: null },
    { name: `${role} token`, role, createdBy: null },
  );
  return secret;
}

function call(
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  opts: { host?: string; token?: string; body?: unknown } = {},
) {
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

const codesIn = async (placeId: string) => (await t.services.areas.list(placeId)).map((x) => x.code);
const auditOf = async (placeId: string, action: string) => t.services.audit.list(placeId, { action });

beforeAll(async () => {
  t = await buildTestApp();
  a = await createPlace(t.services, 'a.test');
  b = await createPlace(t.services, 'b.test');
  tokens.resident = await token(a.place.id, 'resident');
  tokens.officer = await token(a.place.id, 'officer');
  tokens.adminB = await token(b.place.id, 'admin');
});
afterAll(() => t.close());

describe('reading areas', () => {
  it('refuses a request without a token with a 401 problem', async () => {
    const res = await call('GET', '/api/v1/areas');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('lists the areas of the place in code order, a page at a time', async () => {
    const first = await call('GET', '/api/v1/areas?limit=2', { token: tokens.resident });
    expect(first.statusCode).toBe(200);
    const p1 = first.json();
    expect(p1.items.map((x: { code: string }) => x.code)).toEqual(
      a.wards
        .map((w) => w.code)
        .sort()
        .slice(0, 2),
    );
    expect(p1.items[0]).toMatchObject({ kind: 'ward', population: 10000, populationYear: 2021, hasBoundary: false });
    expect(p1.items[0].boundary).toBeUndefined();
    expect(p1.nextCursor).toBe(p1.items[1].code);

    const second = (
      await call('GET', `/api/v1/areas?limit=2&cursor=${p1.nextCursor}`, { token: tokens.resident })
    ).json();
    expect(second.items.map((x: { code: string }) => x.code)).toEqual([a.wards.map((w) => w.code).sort()[2]]);
    expect(second.nextCursor).toBeNull();
  });

  it('filters by kind and rejects a limit out of range', async () => {
    const none = (await call('GET', '/api/v1/areas?kind=lsoa', { token: tokens.resident })).json();
    expect(none).toEqual({ items: [], nextCursor: null });
    for (const limit of ['0', '201', 'ten']) {
      const res = await call('GET', `/api/v1/areas?limit=${limit}`, { token: tokens.resident });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0].pointer).toBe('querystring:limit');
    }
  });

  it('gets one area, with its boundary only when asked', async () => {
    const code = a.wards[0]!.code;
    const res = await call('GET', `/api/v1/areas/${code}`, { token: tokens.resident });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code, name: 'North Ward', population: 10000 });
    const missing = await call('GET', '/api/v1/areas/E99999999', { token: tokens.resident });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('adding and changing areas', () => {
  it('creates an area (201, Location, audited) that can then be read with its geometry', async () => {
    const body = {
      code: 'E05000064',
      name: 'Barnehurst',
      population: 11_000,
      populationYear: 2021,
      boundary: square(0.15, 51.46),
    };
    const res = await call('POST', '/api/v1/areas', { token: tokens.officer, body });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe('/api/v1/areas/E05000064');
    expect(res.json()).toMatchObject({
      code: 'E05000064',
      name: 'Barnehurst',
      kind: 'ward',
      population: 11000,
      hasBoundary: true,
    });

    const got = (await call('GET', '/api/v1/areas/E05000064?geometry=true', { token: tokens.resident })).json();
    expect(got.boundary).toEqual(body.boundary);
    const stored = await t.services.areas.findByCode(a.place.id, 'E05000064');
    expect(stored!.boundary).toEqual(body.boundary);

    const [event] = await auditOf(a.place.id, 'area.created');
    expect(event).toMatchObject({ actorType: 'token', subjectType: 'area', subjectId: stored!.id });
    expect(event!.changes).toMatchObject({ code: 'E05000064', name: 'Barnehurst', boundary: 'Polygon' });
  });

  it('answers 409 for a code already in the place and changes nothing', async () => {
    const res = await call('POST', '/api/v1/areas', {
      token: tokens.officer,
      body: { code: 'E05000064', name: 'Another' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toContain('E05000064');
    expect((await t.services.areas.findByCode(a.place.id, 'E05000064'))!.name).toBe('Barnehurst');
  });

  it('refuses a resident token (403) and stores nothing', async () => {
    const before = await codesIn(a.place.id);
    const res = await call('POST', '/api/v1/areas', { token: tokens.resident, body: { code: 'X1', name: 'Nope' } });
    expect(res.statusCode).toBe(403);
    const patch = await call('PATCH', `/api/v1/areas/${a.wards[0]!.code}`, {
      token: tokens.resident,
      body: { name: 'Nope' },
    });
    expect(patch.statusCode).toBe(403);
    expect(await codesIn(a.place.id)).toEqual(before);
    expect((await t.services.areas.findByCode(a.place.id, a.wards[0]!.code))!.name).toBe('North Ward');
  });

  const badBodies: [string, unknown, string][] = [
    ['an unknown field', { code: 'BAD1', name: 'Bad', colour: 'red' }, '#/'],
    ['a numeric name', { code: 'BAD2', name: 42 }, '#/name'],
    ['a fractional population', { code: 'BAD3', name: 'Bad', population: 1.5 }, '#/population'],
    ['a negative population', { code: 'BAD4', name: 'Bad', population: -1 }, '#/population'],
    ['a string population', { code: 'BAD5', name: 'Bad', population: '100' }, '#/population'],
    ['markup in the name', { code: 'BAD6', name: '<script>alert(1)</script>' }, '#/name'],
    ['a code with spaces', { code: 'BAD 7', name: 'Bad' }, '#/code'],
    ['no code', { name: 'Bad' }, '#/code'],
    [
      'a Point boundary',
      { code: 'BAD8', name: 'Bad', boundary: { type: 'Point', coordinates: [0, 51] } },
      '#/boundary',
    ],
    [
      'an unclosed ring',
      {
        code: 'BAD9',
        name: 'Bad',
        boundary: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 51],
              [1, 51],
              [1, 52],
              [0, 52],
            ],
          ],
        },
      },
      '#/boundary',
    ],
    ['a latitude out of range', { code: 'BAD10', name: 'Bad', boundary: square(0, 95) }, '#/boundary'],
  ];
  it.each(badBodies)(
    'refuses %s with a 422 problem pointing at the field, storing nothing',
    async (_label, body, pointer) => {
      const before = await codesIn(a.place.id);
      const audits = (await auditOf(a.place.id, 'area.created')).length;
      const res = await call('POST', '/api/v1/areas', { token: tokens.officer, body });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json();
      expect(problem.status).toBe(422);
      expect(problem.errors.length).toBeGreaterThan(0);
      expect(problem.errors.map((e: { pointer: string }) => e.pointer.split('/').slice(0, 2).join('/'))).toContain(
        pointer,
      );
      expect(await codesIn(a.place.id)).toEqual(before);
      expect((await auditOf(a.place.id, 'area.created')).length).toBe(audits);
    },
  );

  it('names the unknown field', async () => {
    const res = await call('POST', '/api/v1/areas', {
      token: tokens.officer,
      body: { code: 'BAD', name: 'Bad', colour: 'red' },
    });
    expect(res.json().errors[0].detail).toContain('colour');
  });

  it('changes an area, records from and to in the audit log, and can clear population', async () => {
    const code = a.wards[1]!.code;
    const res = await call('PATCH', `/api/v1/areas/${code}`, {
      token: tokens.officer,
      body: { name: 'South Ward (new)', population: 12345, boundary: square(0.1, 51.4) },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code, name: 'South Ward (new)', population: 12345, hasBoundary: true });
    const stored = await t.services.areas.findByCode(a.place.id, code);
    expect(stored).toMatchObject({ name: 'South Ward (new)', population: 12345, populationYear: 2021 });
    const [event] = await auditOf(a.place.id, 'area.updated');
    expect(event!.changes).toEqual({
      code,
      name: { from: 'South Ward', to: 'South Ward (new)' },
      population: { from: 11000, to: 12345 },
      boundary: { from: null, to: 'Polygon' },
    });

    const cleared = await call('PATCH', `/api/v1/areas/${code}`, {
      token: tokens.officer,
      body: { population: null, populationYear: null },
    });
    expect(cleared.statusCode).toBe(200);
    expect(await t.services.areas.findByCode(a.place.id, code)).toMatchObject({
      population: null,
      populationYear: null,
    });
  });

  it('refuses bad changes with 422 and changes nothing', async () => {
    const code = a.wards[2]!.code;
    const before = await t.services.areas.findByCode(a.place.id, code);
    for (const body of [
      {},
      { code: 'NEW' },
      { name: '' },
      { population: 'many' },
      { boundary: { type: 'Polygon', coordinates: [] } },
    ]) {
      const res = await call('PATCH', `/api/v1/areas/${code}`, { token: tokens.officer, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().errors.length).toBeGreaterThan(0);
    }
    expect(await t.services.areas.findByCode(a.place.id, code)).toEqual(before);
    const missing = await call('PATCH', '/api/v1/areas/NOPE', { token: tokens.officer, body: { name: 'X' } });
    expect(missing.statusCode).toBe(404);
  });
});

describe('places are kept apart', () => {
  it("a token of one place cannot read or change another place's areas", async () => {
    const bCode = b.wards[0]!.code;
    // Place A's token sent to place B's host is not a token there.
    for (const res of [
      await call('GET', '/api/v1/areas', { host: b.host, token: tokens.officer }),
      await call('GET', `/api/v1/areas/${bCode}`, { host: b.host, token: tokens.officer }),
      await call('POST', '/api/v1/areas', {
        host: b.host,
        token: tokens.officer,
        body: { code: 'INTRUDER', name: 'Intruder' },
      }),
      await call('PATCH', `/api/v1/areas/${bCode}`, { host: b.host, token: tokens.officer, body: { name: 'Taken' } }),
    ]) {
      expect(res.statusCode).toBe(401);
    }
    // Through its own host, place A sees only its own areas.
    const list = (await call('GET', '/api/v1/areas?limit=200', { token: tokens.officer })).json();
    expect(list.items.map((x: { code: string }) => x.code)).not.toContain(bCode);
    expect((await call('GET', `/api/v1/areas/${bCode}`, { token: tokens.officer })).statusCode).toBe(404);
    expect(
      (await call('PATCH', `/api/v1/areas/${bCode}`, { token: tokens.officer, body: { name: 'Taken' } })).statusCode,
    ).toBe(404);

    expect(await t.services.areas.findByCode(b.place.id, 'INTRUDER')).toBeUndefined();
    expect((await t.services.areas.findByCode(b.place.id, bCode))!.name).toBe('North Ward');
    expect(await auditOf(b.place.id, 'area.updated')).toEqual([]);

    // The same code may exist in both places.
    const own = await call('POST', '/api/v1/areas', {
      host: b.host,
      token: tokens.adminB,
      body: { code: 'E05000064', name: 'Barnehurst in B' },
    });
    expect(own.statusCode).toBe(201);
    expect((await t.services.areas.findByCode(a.place.id, 'E05000064'))!.name).toBe('Barnehurst');
  });
});

describe('OpenAPI', () => {
  it('documents the area routes under the Areas tag', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { host: a.host } });
    expect(res.statusCode).toBe(200);
    const spec = res.json();
    expect(spec.paths['/api/v1/areas'].get.tags).toEqual(['Areas']);
    expect(spec.paths['/api/v1/areas'].post.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(spec.paths['/api/v1/areas/{code}'])).toEqual(expect.arrayContaining(['get', 'patch']));
    // Every $ref points at a component that is there, so generated clients can use the document.
    const refs = [...JSON.stringify(spec).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs).toEqual(expect.arrayContaining(['Area', 'AreaList', 'NewAreaInput', 'AreaChangesInput', 'Problem']));
    for (const ref of new Set(refs)) expect(spec.components.schemas[ref], ref).toBeDefined();
  });
});
