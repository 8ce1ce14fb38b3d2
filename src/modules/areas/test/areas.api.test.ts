import { describe, expect, it } from 'vitest';
import { apiClient, problemOf, tokenFor, useWorld, type ApiClient } from '../../../../test/kit/index.js';

const w = useWorld('areas');

type AreaJson = { code: string; boundary?: unknown };
type AreaPage = { items: AreaJson[]; nextCursor: string | null };
type OpenApiDoc = {
  paths: Record<string, Record<string, { tags: string[]; security?: unknown }>>;
  components: { schemas: Record<string, unknown> };
};

const resident = () => w.api('resident');
const officer = () => w.api('officer');
const adminB = () => w.api('admin', w.b);
const anon = () => w.api(null);
let officerOnB: ApiClient | undefined;
/** Place A's officer token sent to place B's host, where it is not a token at all. */
async function officerOnBHost() {
  officerOnB ??= apiClient(w.t.app, await tokenFor(w.services, w.a.place.id, 'officer'), w.b.host);
  return officerOnB;
}

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

const codesIn = async (placeId: string) => (await w.services.areas.list(placeId)).map((x) => x.code);
const auditOf = async (placeId: string, action: string) => w.services.audit.list(placeId, { action });

describe('reading areas', () => {
  it('refuses a request without a token with a 401 problem', async () => {
    const res = await (await anon()).get('/api/v1/areas');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('lists the areas of the place in code order, a page at a time', async () => {
    const first = await (await resident()).get('/api/v1/areas?limit=2');
    expect(first.statusCode).toBe(200);
    const p1 = first.json<AreaPage>();
    expect(p1.items.map((x) => x.code)).toEqual(
      w.a.wards
        .map((x) => x.code)
        .sort()
        .slice(0, 2),
    );
    expect(p1.items[0]).toMatchObject({ kind: 'ward', population: 10000, populationYear: 2021, hasBoundary: false });
    expect(p1.items[0]!.boundary).toBeUndefined();
    expect(p1.nextCursor).toBe(p1.items[1]!.code);

    const second = (await (await resident()).get(`/api/v1/areas?limit=2&cursor=${p1.nextCursor!}`)).json<AreaPage>();
    expect(second.items.map((x) => x.code)).toEqual([w.a.wards.map((x) => x.code).sort()[2]]);
    expect(second.nextCursor).toBeNull();
  });

  it('filters by kind and rejects a limit out of range', async () => {
    const none = (await (await resident()).get('/api/v1/areas?kind=lsoa')).json();
    expect(none).toEqual({ items: [], nextCursor: null });
    for (const limit of ['0', '201', 'ten']) {
      const res = await (await resident()).get(`/api/v1/areas?limit=${limit}`);
      expect(res.statusCode).toBe(422);
      expect(problemOf(res, 422).errors![0]!.pointer).toBe('querystring:limit');
    }
  });

  it('gets one area, with its boundary only when asked', async () => {
    const code = w.a.wards[0]!.code;
    const res = await (await resident()).get(`/api/v1/areas/${code}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code, name: 'North Ward', population: 10000 });
    const missing = await (await resident()).get('/api/v1/areas/E99999999');
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
    const res = await (await officer()).post('/api/v1/areas', body);
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe('/api/v1/areas/E05000064');
    expect(res.json()).toMatchObject({
      code: 'E05000064',
      name: 'Barnehurst',
      kind: 'ward',
      population: 11000,
      hasBoundary: true,
    });

    const got = (await (await resident()).get('/api/v1/areas/E05000064?geometry=true')).json<AreaJson>();
    expect(got.boundary).toEqual(body.boundary);
    const stored = await w.services.areas.findByCode(w.a.place.id, 'E05000064');
    expect(stored!.boundary).toEqual(body.boundary);

    const [event] = await auditOf(w.a.place.id, 'area.created');
    expect(event).toMatchObject({ actorType: 'token', subjectType: 'area', subjectId: stored!.id });
    expect(event!.changes).toMatchObject({ code: 'E05000064', name: 'Barnehurst', boundary: 'Polygon' });
  });

  it('answers 409 for a code already in the place and changes nothing', async () => {
    const res = await (await officer()).post('/api/v1/areas', { code: 'E05000064', name: 'Another' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problemOf(res, 409).detail).toContain('E05000064');
    expect((await w.services.areas.findByCode(w.a.place.id, 'E05000064'))!.name).toBe('Barnehurst');
  });

  it('refuses a resident token (403) and stores nothing', async () => {
    const before = await codesIn(w.a.place.id);
    const res = await (await resident()).post('/api/v1/areas', { code: 'X1', name: 'Nope' });
    expect(res.statusCode).toBe(403);
    const patch = await (await resident()).patch(`/api/v1/areas/${w.a.wards[0]!.code}`, { name: 'Nope' });
    expect(patch.statusCode).toBe(403);
    expect(await codesIn(w.a.place.id)).toEqual(before);
    expect((await w.services.areas.findByCode(w.a.place.id, w.a.wards[0]!.code))!.name).toBe('North Ward');
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
      const before = await codesIn(w.a.place.id);
      const audits = (await auditOf(w.a.place.id, 'area.created')).length;
      const res = await (await officer()).post('/api/v1/areas', body);
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = problemOf(res, 422);
      expect(problem.status).toBe(422);
      expect(problem.errors!.length).toBeGreaterThan(0);
      expect(problem.errors!.map((e) => e.pointer.split('/').slice(0, 2).join('/'))).toContain(pointer);
      expect(await codesIn(w.a.place.id)).toEqual(before);
      expect((await auditOf(w.a.place.id, 'area.created')).length).toBe(audits);
    },
  );

  it('names the unknown field', async () => {
    const res = await (await officer()).post('/api/v1/areas', { code: 'BAD', name: 'Bad', colour: 'red' });
    expect(problemOf(res, 422).errors![0]!.detail).toContain('colour');
  });

  it('creates an area inside a ward named by its code, which can then be read', async () => {
    const ward = w.a.wards[0]!;
    const body = {
      code: 'E01000101',
      name: 'Bexley 001A',
      kind: 'lsoa',
      population: 1_650,
      populationYear: 2021,
      parentCode: ward.code,
    };
    const res = await (await officer()).post('/api/v1/areas', body);
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe('/api/v1/areas/E01000101');
    const got = await (await resident()).get('/api/v1/areas/E01000101');
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      code: 'E01000101',
      name: 'Bexley 001A',
      kind: 'lsoa',
      population: 1650,
      parent: { code: ward.code, basis: 'lookup', share: null },
    });
    // Wards lie in nothing.
    expect((await (await resident()).get(`/api/v1/areas/${ward.code}`)).json()).toMatchObject({ parent: null });
    const stored = await w.services.areas.findByCode(w.a.place.id, 'E01000101');
    expect(stored).toMatchObject({ parentId: ward.id, parentBasis: 'lookup', parentShare: null });
    expect((await w.services.areas.listChildren(w.a.place.id, ward.id)).map((a) => a.code)).toEqual(['E01000101']);
    const events = await auditOf(w.a.place.id, 'area.created');
    expect(events.find((e) => e.subjectId === stored!.id)!.changes).toMatchObject({ parentCode: ward.code });
  });

  const badParents: [string, () => Record<string, unknown>, string][] = [
    ['a parentCode the place does not have', () => ({ kind: 'lsoa', parentCode: 'E05999999' }), 'no area'],
    ['a parent of the same kind', () => ({ kind: 'ward', parentCode: w.a.wards[1]!.code }), 'also a ward'],
  ];
  it.each(badParents)(
    'refuses %s with a 422 problem naming parentCode, storing nothing',
    async (_label, extra, words) => {
      const before = await codesIn(w.a.place.id);
      const audits = (await auditOf(w.a.place.id, 'area.created')).length;
      const res = await (await officer()).post('/api/v1/areas', { code: 'E01000199', name: 'Nowhere', ...extra() });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const [error, ...others] = problemOf(res, 422).errors!;
      expect(others).toEqual([]);
      expect(error!.pointer).toBe('#/parentCode');
      expect(error!.detail).toContain(words);
      expect(await codesIn(w.a.place.id)).toEqual(before);
      expect((await auditOf(w.a.place.id, 'area.created')).length).toBe(audits);
    },
  );

  it('changes an area, records from and to in the audit log, and can clear population', async () => {
    const code = w.a.wards[1]!.code;
    const res = await (
      await officer()
    ).patch(`/api/v1/areas/${code}`, { name: 'South Ward (new)', population: 12345, boundary: square(0.1, 51.4) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code, name: 'South Ward (new)', population: 12345, hasBoundary: true });
    const stored = await w.services.areas.findByCode(w.a.place.id, code);
    expect(stored).toMatchObject({ name: 'South Ward (new)', population: 12345, populationYear: 2021 });
    const [event] = await auditOf(w.a.place.id, 'area.updated');
    expect(event!.changes).toEqual({
      code,
      name: { from: 'South Ward', to: 'South Ward (new)' },
      population: { from: 11000, to: 12345 },
      boundary: { from: null, to: 'Polygon' },
    });

    const cleared = await (await officer()).patch(`/api/v1/areas/${code}`, { population: null, populationYear: null });
    expect(cleared.statusCode).toBe(200);
    expect(await w.services.areas.findByCode(w.a.place.id, code)).toMatchObject({
      population: null,
      populationYear: null,
    });
  });

  it('refuses bad changes with 422 and changes nothing', async () => {
    const code = w.a.wards[2]!.code;
    const before = await w.services.areas.findByCode(w.a.place.id, code);
    for (const body of [
      {},
      { code: 'NEW' },
      { name: '' },
      { population: 'many' },
      { boundary: { type: 'Polygon', coordinates: [] } },
    ]) {
      const res = await (await officer()).patch(`/api/v1/areas/${code}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(problemOf(res, 422).errors!.length).toBeGreaterThan(0);
    }
    expect(await w.services.areas.findByCode(w.a.place.id, code)).toEqual(before);
    const missing = await (await officer()).patch('/api/v1/areas/NOPE', { name: 'X' });
    expect(missing.statusCode).toBe(404);
  });
});

describe('places are kept apart', () => {
  it("a token of one place cannot read or change another place's areas", async () => {
    const bCode = w.b.wards[0]!.code;
    // Place A's token sent to place B's host is not a token there.
    for (const res of [
      await (await officerOnBHost()).get('/api/v1/areas'),
      await (await officerOnBHost()).get(`/api/v1/areas/${bCode}`),
      await (await officerOnBHost()).post('/api/v1/areas', { code: 'INTRUDER', name: 'Intruder' }),
      await (await officerOnBHost()).patch(`/api/v1/areas/${bCode}`, { name: 'Taken' }),
    ]) {
      expect(res.statusCode).toBe(401);
    }
    // Through its own host, place A sees only its own areas.
    const list = (await (await officer()).get('/api/v1/areas?limit=200')).json<AreaPage>();
    expect(list.items.map((x) => x.code)).not.toContain(bCode);
    expect((await (await officer()).get(`/api/v1/areas/${bCode}`)).statusCode).toBe(404);
    expect((await (await officer()).patch(`/api/v1/areas/${bCode}`, { name: 'Taken' })).statusCode).toBe(404);

    expect(await w.services.areas.findByCode(w.b.place.id, 'INTRUDER')).toBeUndefined();
    expect((await w.services.areas.findByCode(w.b.place.id, bCode))!.name).toBe('North Ward');
    expect(await auditOf(w.b.place.id, 'area.updated')).toEqual([]);

    // The same code may exist in both places.
    const own = await (await adminB()).post('/api/v1/areas', { code: 'E05000064', name: 'Barnehurst in B' });
    expect(own.statusCode).toBe(201);
    expect((await w.services.areas.findByCode(w.a.place.id, 'E05000064'))!.name).toBe('Barnehurst');
  });
});

describe('OpenAPI', () => {
  it('documents the area routes under the Areas tag', async () => {
    const res = await (await anon()).get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const spec = res.json<OpenApiDoc>();
    expect(spec.paths['/api/v1/areas']!.get!.tags).toEqual(['Areas']);
    expect(spec.paths['/api/v1/areas']!.post!.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(spec.paths['/api/v1/areas/{code}']!)).toEqual(expect.arrayContaining(['get', 'patch']));
    // Every $ref points at a component that is there, so generated clients can use the document.
    const refs = [...JSON.stringify(spec).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs).toEqual(expect.arrayContaining(['Area', 'AreaList', 'NewAreaInput', 'AreaChangesInput', 'Problem']));
    for (const ref of new Set(refs)) expect(spec.components.schemas[ref], ref).toBeDefined();
  });
});
