import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiClient, tokenFor, useWorld } from '../../../../test/kit/index.js';
import { auditEvents, projects } from '../../../../test/schema.js';

const w = useWorld('api-projects');

type ProjectJson = { id: string; title: string };
type ProjectPage = { items: ProjectJson[]; nextCursor: string | null };
type OpenApiDoc = { paths: Record<string, Record<string, { tags: string[] }>> };

const count = async () => (await w.services.db.select().from(projects)).length;

const body = (over: Record<string, unknown> = {}) => ({
  title: 'Council food growing',
  summary: 'Raised beds at the civic centre.',
  category: 'growing',
  ward: w.a.wards[0]!.code,
  leadType: 'council',
  threshold: 5,
  needs: { people: true, kit: 'Spades' },
  ...over,
});

describe('/api/v1/projects', () => {
  it('publishes a council-led project at once with an officer token, audited', async () => {
    const [officer, resident] = [await w.api('officer'), await w.api('resident')];
    const res = await officer.post('/api/v1/projects', body());
    expect(res.statusCode).toBe(201);
    const p = res.json<ProjectJson>();
    expect(p).toMatchObject({
      title: 'Council food growing',
      leadType: 'council',
      stage: 'idea',
      ward: w.a.wards[0]!.code,
      members: 0,
      threshold: 5,
      thresholdMet: false,
    });
    expect(res.headers.location).toBe(`/api/v1/projects/${p.id}`);
    const rows = await w.services.db.select().from(auditEvents).where(eq(auditEvents.subjectId, p.id));
    expect(rows.map((r) => r.action).sort()).toEqual(['project.created', 'project.published']);
    expect((await resident.get(`/api/v1/projects/${p.id}`)).json<ProjectJson>().title).toBe('Council food growing');
  });

  it('lists published projects only, filtered, a page at a time', async () => {
    const [officer, resident] = [await w.api('officer'), await w.api('resident')];
    await officer.post('/api/v1/projects', body({ title: 'Repair', category: 'repair' }));
    await officer.post(
      '/api/v1/projects',
      body({ title: 'South play', category: 'play', ward: w.a.wards[1]!.code, stage: 'running' }),
    );
    const proposer = await w.person('resident');
    const pending = await w.services.projects.propose(
      { placeId: w.a.place.id, actor: { type: 'user', id: proposer.user.id }, ip: null, requestId: null },
      proposer.user,
      {
        title: 'Pending one',
        summary: 's',
        why: '',
        category: 'repair',
        areaId: w.a.wards[0]!.id,
        needs: {},
        leadType: 'resident',
        threshold: null,
      },
      'pre',
    );
    const all = (await resident.get('/api/v1/projects?limit=200')).json<ProjectPage>().items;
    expect(all.map((x) => x.title)).toEqual(['South play', 'Repair', 'Council food growing']);
    expect((await resident.get(`/api/v1/projects/${pending.id}`)).statusCode).toBe(404);

    const first = (await resident.get('/api/v1/projects?limit=2')).json<ProjectPage>();
    expect(first.items).toEqual(all.slice(0, 2));
    const second = (await resident.get(`/api/v1/projects?limit=2&cursor=${first.nextCursor!}`)).json<ProjectPage>();
    expect(second.items).toEqual(all.slice(2));
    expect(second.nextCursor).toBeNull();

    const titles = async (q: string) =>
      (await resident.get(`/api/v1/projects?${q}`)).json<ProjectPage>().items.map((x) => x.title);
    expect(await titles(`ward=${w.a.wards[1]!.code}`)).toEqual(['South play']);
    expect(await titles('category=repair')).toEqual(['Repair']);
    expect(await titles('stage=running')).toEqual(['South play']);
    expect(await titles('ward=NOPE')).toEqual([]);
    expect((await resident.get('/api/v1/projects?stage=flying')).statusCode).toBe(422);
    expect((await resident.get('/api/v1/projects?cursor=garbage')).statusCode).toBe(422);
    expect((await resident.get('/api/v1/projects?colour=red')).statusCode).toBe(422);
  });

  it('refuses bad bodies with a 422 problem and stores nothing', async () => {
    const before = await count();
    const officer = await w.api('officer');
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
      body({ ward: w.b.wards[0]!.code }),
      body({ needs: { people: 'yes' } }),
      body({ needs: { money: 'lots' } }),
      body({ status: 'published' }),
    ]) {
      const res = await officer.post('/api/v1/projects', bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await count()).toBe(before);
  });

  it('refuses residents (403) and no token (401); keeps places apart', async () => {
    const before = await count();
    expect((await (await w.api('resident')).post('/api/v1/projects', body())).statusCode).toBe(403);
    expect((await (await w.api(null)).post('/api/v1/projects', body())).statusCode).toBe(401);
    expect(await count()).toBe(before);
    const [p] = await w.services.projects.listPublished(w.a.place.id, {}, 1);
    const officerB = await w.api('officer', w.b);
    expect((await officerB.get(`/api/v1/projects/${p!.id}`)).statusCode).toBe(404);
    expect((await officerB.get('/api/v1/projects')).json<ProjectPage>().items).toEqual([]);
    const secretB = await tokenFor(w.services, w.b.place.id, 'officer');
    expect((await apiClient(w.t.app, secretB, w.a.host).get('/api/v1/projects')).statusCode).toBe(401);
  });

  it('is documented in the OpenAPI file under Projects and Spaces', async () => {
    const doc = (await (await w.api(null)).get('/api/openapi.json')).json<OpenApiDoc>();
    expect(doc.paths['/api/v1/projects']!.post!.tags).toEqual(['Projects']);
    expect(doc.paths['/api/v1/projects/{id}']!.get!.tags).toEqual(['Projects']);
    expect(doc.paths['/api/v1/spaces']!.get!.tags).toEqual(['Spaces']);
  });
});
