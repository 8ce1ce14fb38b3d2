import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createPlace, createUser, type TestApp } from '../../../../test/helpers.js';
import type { Role } from '../../../platform/context.js';
import { auditEvents, projects } from '../../../../test/schema.js';

let t: TestApp;
let a: Awaited<ReturnType<typeof createPlace>>;
let b: Awaited<ReturnType<typeof createPlace>>;
const tokens: Record<string, string> = {};

async function token(placeId: string, role: Role) {
  const { secret } = await t.services.apiTokens.create(
    { placeId, actor: { type: 'system' }, ip: null, requestId: null },
    { name: `${role} token`, role, createdBy: null },
  );
  return secret;
}
function call(method: 'GET' | 'POST', url: string, opts: { host?: string; token?: string; body?: unknown } = {}) {
  return t.app.inject({
    method,
    url,
    headers: {
      host: opts.host ?? a.host,
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
  });
}
const count = async () => (await t.services.db.select().from(projects)).length;

beforeAll(async () => {
  t = await buildTestApp();
  a = await createPlace(t.services, 'api-projects-a.test');
  b = await createPlace(t.services, 'api-projects-b.test');
  tokens.resident = await token(a.place.id, 'resident');
  tokens.officer = await token(a.place.id, 'officer');
  tokens.officerB = await token(b.place.id, 'officer');
});
afterAll(() => t.close());

const body = (over: Record<string, unknown> = {}) => ({
  title: 'Council food growing',
  summary: 'Raised beds at the civic centre.',
  category: 'growing',
  ward: a.wards[0]!.code,
  leadType: 'council',
  threshold: 5,
  needs: { people: true, kit: 'Spades' },
  ...over,
});

describe('/api/v1/projects', () => {
  it('publishes a council-led project at once with an officer token, audited', async () => {
    const res = await call('POST', '/api/v1/projects', { token: tokens.officer, body: body() });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({
      title: 'Council food growing',
      leadType: 'council',
      stage: 'idea',
      ward: a.wards[0]!.code,
      members: 0,
      threshold: 5,
      thresholdMet: false,
    });
    expect(res.headers.location).toBe(`/api/v1/projects/${p.id}`);
    const rows = await t.services.db.select().from(auditEvents).where(eq(auditEvents.subjectId, p.id));
    expect(rows.map((r) => r.action).sort()).toEqual(['project.created', 'project.published']);
    expect((await call('GET', `/api/v1/projects/${p.id}`, { token: tokens.resident })).json().title).toBe(
      'Council food growing',
    );
  });

  it('lists published projects only, filtered, a page at a time', async () => {
    await call('POST', '/api/v1/projects', {
      token: tokens.officer,
      body: body({ title: 'Repair', category: 'repair' }),
    });
    await call('POST', '/api/v1/projects', {
      token: tokens.officer,
      body: body({ title: 'South play', category: 'play', ward: a.wards[1]!.code, stage: 'running' }),
    });
    const resident = await createUser(t.services, a.place.id, 'resident');
    const pending = await t.services.projects.propose(
      { placeId: a.place.id, actor: { type: 'user', id: resident.user.id }, ip: null, requestId: null },
      resident.user,
      {
        title: 'Pending one',
        summary: 's',
        why: '',
        category: 'repair',
        areaId: a.wards[0]!.id,
        needs: {},
        leadType: 'resident',
        threshold: null,
      },
      'pre',
    );
    const all = (await call('GET', '/api/v1/projects?limit=200', { token: tokens.resident })).json().items;
    expect(all.map((x: { title: string }) => x.title)).toEqual(['South play', 'Repair', 'Council food growing']);
    expect((await call('GET', `/api/v1/projects/${pending.id}`, { token: tokens.resident })).statusCode).toBe(404);

    const first = (await call('GET', '/api/v1/projects?limit=2', { token: tokens.resident })).json();
    expect(first.items).toEqual(all.slice(0, 2));
    const second = (
      await call('GET', `/api/v1/projects?limit=2&cursor=${first.nextCursor}`, { token: tokens.resident })
    ).json();
    expect(second.items).toEqual(all.slice(2));
    expect(second.nextCursor).toBeNull();

    const titles = async (q: string) =>
      (await call('GET', `/api/v1/projects?${q}`, { token: tokens.resident }))
        .json()
        .items.map((x: { title: string }) => x.title);
    expect(await titles(`ward=${a.wards[1]!.code}`)).toEqual(['South play']);
    expect(await titles('category=repair')).toEqual(['Repair']);
    expect(await titles('stage=running')).toEqual(['South play']);
    expect(await titles('ward=NOPE')).toEqual([]);
    expect((await call('GET', '/api/v1/projects?stage=flying', { token: tokens.resident })).statusCode).toBe(422);
    expect((await call('GET', '/api/v1/projects?cursor=garbage', { token: tokens.resident })).statusCode).toBe(422);
    expect((await call('GET', '/api/v1/projects?colour=red', { token: tokens.resident })).statusCode).toBe(422);
  });

  it('refuses bad bodies with a 422 problem and stores nothing', async () => {
    const before = await count();
    for (const bad of [
      {},
      body({ title: '' }),
      body({ title: '<script>alert(1)</script>' }),
      body({ title: 'x'.repeat(121) }),
      body({ summary: 42 }),
      body({ category: 'arson' }),
      body({ threshold: 1 }),
      body({ threshold: 501 }),
      body({ threshold: 2.5 }),
      body({ threshold: '5' }),
      body({ leadType: 'mayor' }),
      body({ ward: 'NOPE' }),
      body({ ward: b.wards[0]!.code }),
      body({ needs: { people: 'yes' } }),
      body({ needs: { money: 'lots' } }),
      body({ status: 'published' }),
    ]) {
      const res = await call('POST', '/api/v1/projects', { token: tokens.officer, body: bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await count()).toBe(before);
  });

  it('refuses residents (403) and no token (401); keeps places apart', async () => {
    const before = await count();
    expect((await call('POST', '/api/v1/projects', { token: tokens.resident, body: body() })).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/projects', { body: body() })).statusCode).toBe(401);
    expect(await count()).toBe(before);
    const [p] = await t.services.projects.listPublished(a.place.id, {}, 1);
    expect((await call('GET', `/api/v1/projects/${p!.id}`, { token: tokens.officerB, host: b.host })).statusCode).toBe(
      404,
    );
    expect((await call('GET', '/api/v1/projects', { token: tokens.officerB, host: b.host })).json().items).toEqual([]);
    expect((await call('GET', '/api/v1/projects', { token: tokens.officerB })).statusCode).toBe(401);
  });

  it('is documented in the OpenAPI file under Projects and Spaces', async () => {
    const doc = (await call('GET', '/api/openapi.json')).json();
    expect(doc.paths['/api/v1/projects'].post.tags).toEqual(['Projects']);
    expect(doc.paths['/api/v1/projects/{id}'].get.tags).toEqual(['Projects']);
    expect(doc.paths['/api/v1/spaces'].get.tags).toEqual(['Spaces']);
  });
});
