import { count, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { sessionSeries, sessions } from '../../../../test/schema.js';
import { apiClient, problemOf, systemCtx, tokenFor, useWorld, type ApiClient } from '../../../../test/kit/index.js';
import { insertProject, insertSpace } from './fixtures.js';

let project: Awaited<ReturnType<typeof insertProject>>;
let pending: Awaited<ReturnType<typeof insertProject>>;
let hall: Awaited<ReturnType<typeof insertSpace>>;
/** Organiser tokens act for the person who created them: the project's organiser, or nobody. */
let organiser: ApiClient;
let nobody: ApiClient;

/** One session or a page of them, as the API answers. */
type Listed = { id: string };
type Page = { items: Listed[]; nextCursor: string | null };
type Scheduled = { seriesId: string; sessionIds: string[] };

const w = useWorld('sessions-api', {
  setUp: async ({ services, t, a }) => {
    project = await insertProject(services, a.place.id, {
      title: 'Stitch',
      areaId: a.wards[0]!.id,
      organiserId: a.staff.organiser.user.id,
    });
    pending = await insertProject(services, a.place.id, { title: 'Draft', status: 'pending' });
    hall = await insertSpace(services, a.place.id, { areaId: a.wards[1]!.id });
    const organiserToken = async (createdBy: string | null) =>
      apiClient(
        t.app,
        (
          await services.apiTokens.create(systemCtx(a.place.id), {
            name: 'organiser token',
            role: 'organiser',
            createdBy,
          })
        ).secret,
        a.host,
      );
    organiser = await organiserToken(a.staff.organiser.user.id);
    nobody = await organiserToken(null);
  },
});

async function seriesCount() {
  const [row] = await w.services.db.select({ n: count() }).from(sessionSeries);
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

const resident = () => w.api('resident');
const officer = () => w.api('officer');
const byOrganiser = () => Promise.resolve(organiser);

describe('organiser tokens act for the person who created them', () => {
  it('refuses a project its creator does not organise, and a token with nobody behind it; stores nothing', async () => {
    const before = await w.services.db.select().from(sessions).where(eq(sessions.projectId, project.id));
    // The kit's organiser token was made by an organiser of no project.
    const other = await (await w.api('organiser')).post('/api/v1/sessions', body());
    expect(other.statusCode).toBe(403);
    const orphan = await nobody.post('/api/v1/sessions', body());
    expect(problemOf(orphan, 403).detail).toMatch(/^An organiser token acts for the person who created it/);
    expect(await w.services.db.select().from(sessions).where(eq(sessions.projectId, project.id))).toHaveLength(
      before.length,
    );
  });
});

describe('scheduling through the API', () => {
  let ids: string[];

  it('creates the occurrences of a rule in London time and answers 201 with their ids', async () => {
    const res = await organiser.post('/api/v1/sessions', body());
    expect(res.statusCode).toBe(201);
    const made = res.json<Scheduled>();
    ids = made.sessionIds;
    expect(ids).toHaveLength(3);
    expect(res.headers.location).toBe(`/api/v1/sessions/${ids[0]}`);
    const rows = await w.services.db.select().from(sessions).where(eq(sessions.seriesId, made.seriesId));
    // 16 March GMT, (23 March skipped), 30 March and 6 April BST: 14:00 London each time.
    expect(rows.map((r) => r.startsAt.toISOString()).sort()).toEqual([
      '2027-03-16T14:00:00.000Z',
      '2027-03-30T13:00:00.000Z',
      '2027-04-06T13:00:00.000Z',
    ]);
    expect(rows.every((r) => r.areaId === w.a.wards[1]!.id && r.capacity === 8 && r.durationMinutes === 120)).toBe(
      true,
    );
  });

  it('reads one session and lists them by date, ward and project, a page at a time', async () => {
    const api = await resident();
    const one = await api.get(`/api/v1/sessions/${ids[0]}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      id: ids[0],
      title: 'Sewing circle',
      projectTitle: 'Stitch',
      ward: w.a.wards[1]!.code,
      startsAt: '2027-03-16T14:00:00.000Z',
      endsAt: '2027-03-16T16:00:00.000Z',
      capacity: 8,
      dropIn: false,
      cancelled: false,
    });
    const list = async (query: string) => (await api.get(`/api/v1/sessions?${query}`)).json<Page>();
    const p1 = await list('from=2027-03-01&limit=2');
    expect(p1.items.map((x) => x.id)).toEqual(ids.slice(0, 2));
    const p2 = await list(`from=2027-03-01&limit=2&cursor=${p1.nextCursor ?? ''}`);
    expect(p2.items.map((x) => x.id)).toEqual([ids[2]]);
    expect(p2.nextCursor).toBeNull();
    expect((await list('from=2027-03-01&to=2027-03-31')).items).toHaveLength(2);
    expect((await list(`from=2027-03-01&ward=${w.a.wards[0]!.code}`)).items).toHaveLength(0);
    expect((await list(`from=2027-03-01&projectId=${project.id}`)).items).toHaveLength(3);
  });

  it('hides sessions of unpublished projects from resident tokens', async () => {
    const res = await (
      await officer()
    ).post('/api/v1/sessions', body({ projectId: pending.id, spaceId: null, rrule: null, exdates: [] }));
    expect(res.statusCode).toBe(201);
    const [id] = res.json<Scheduled>().sessionIds;
    expect((await (await resident()).get(`/api/v1/sessions/${id}`)).statusCode).toBe(404);
    expect((await (await officer()).get(`/api/v1/sessions/${id}`)).statusCode).toBe(200);
  });

  const refusals: [string, () => Promise<ApiClient>, () => Record<string, unknown>, number, string?][] = [
    ['no token', () => w.api(null), () => body(), 401],
    ['a resident token', resident, () => body(), 403],
    ['an unparsable rule', byOrganiser, () => body({ rrule: 'FREQ=SOMETIMES' }), 422, '#/rrule'],
    ['a rule with unknown parts', byOrganiser, () => body({ rrule: 'FREQ=WEEKLY;COLOUR=RED' }), 422, '#/rrule'],
    ['too many occurrences', byOrganiser, () => body({ rrule: 'FREQ=DAILY;COUNT=365' }), 422, '#/rrule'],
    [
      'a start in the past',
      byOrganiser,
      () => body({ startsAt: '2020-01-01T10:00:00Z', exdates: [] }),
      422,
      '#/startsAt',
    ],
    ['an end past midnight', byOrganiser, () => body({ startsAt: '2027-03-16T23:30:00Z' }), 422, '#/durationMinutes'],
    [
      'an overlap in the space',
      byOrganiser,
      () => body({ startsAt: '2027-03-30T14:00:00Z', rrule: null, exdates: [] }),
      422,
      '#/spaceId',
    ],
    ['an unknown field', byOrganiser, () => body({ colour: 'red' }), 422, '#/'],
    ['a bad exdate', byOrganiser, () => body({ exdates: ['2027-02-31'] }), 422, '#/exdates/0'],
    ['a short duration', byOrganiser, () => body({ durationMinutes: 5 }), 422, '#/durationMinutes'],
    ['a string capacity', byOrganiser, () => body({ capacity: '8' }), 422, '#/capacity'],
    ['a project of another place', () => w.api('admin', w.b), () => body({ spaceId: null }), 404],
  ];
  for (const [name, who, payload, status, pointer] of refusals) {
    it(`refuses ${name} (${status}) and stores nothing`, async () => {
      const before = await seriesCount();
      const problem = problemOf(await (await who()).post('/api/v1/sessions', payload()), status);
      expect(problem.errors?.[0]?.pointer).toBe(pointer);
      expect(await seriesCount()).toBe(before);
    });
  }

  it('lets only one of two overlapping schedules sent at once through', async () => {
    const payload = body({ startsAt: '2027-08-03T10:00:00+01:00', rrule: null, exdates: [] });
    const byOfficer = await officer();
    const results = await Promise.all([
      organiser.post('/api/v1/sessions', payload),
      byOfficer.post('/api/v1/sessions', payload),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 422]);
  });

  it('names the clashing dates', async () => {
    const res = await organiser.post(
      '/api/v1/sessions',
      body({ startsAt: '2027-03-30T15:00:00+01:00', rrule: 'FREQ=WEEKLY;COUNT=2', exdates: [] }),
    );
    expect(problemOf(res, 422).errors?.[0]?.detail).toBe(
      'Community hall is already in use at that time on 30 March 2027, 6 April 2027. Choose another time or space.',
    );
  });

  it('keeps place A’s sessions from place B’s tokens', async () => {
    const adminB = await tokenFor(w.services, w.b.place.id, 'admin');
    const inB = apiClient(w.t.app, adminB, w.b.host);
    expect((await inB.get(`/api/v1/sessions/${ids[0]}`)).statusCode).toBe(404);
    expect((await apiClient(w.t.app, adminB, w.a.host).get(`/api/v1/sessions/${ids[0]}`)).statusCode).toBe(401);
    expect((await inB.get('/api/v1/sessions?from=2027-01-01')).json<Page>().items).toEqual([]);
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
    const first = (await organiser.post('/api/v1/sessions', late)).json<Scheduled>();
    const second = (await organiser.post('/api/v1/sessions', next)).json<Scheduled>();
    const api = await resident();
    // 00:30 on 16 June 2027 in London (BST) is 23:30 on the 15th in UTC.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2027-06-15T23:30:00Z') });
    try {
      const listed = (await api.get('/api/v1/sessions?limit=200')).json<Page>();
      const ids = listed.items.map((x) => x.id);
      expect(ids).toContain(second.sessionIds[0]);
      expect(ids).not.toContain(first.sessionIds[0]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('accepts and answers the ids the service issues, RFC 4122 or not (as the demo’s are)', async () => {
    const demoProject = await insertProject(w.services, w.a.place.id, {
      id: 'b1d4a7c2-53e9-0f28-9c61-2a7e4d3b8f10',
      title: 'Demo-style ids',
      organiserId: w.a.staff.organiser.user.id,
    });
    const demoSpace = await insertSpace(w.services, w.a.place.id, { id: '6f1e2d3c-4b5a-0978-1625-34a5b6c7d8e9' });
    const res = await organiser.post(
      '/api/v1/sessions',
      body({
        projectId: demoProject.id,
        spaceId: demoSpace.id,
        rrule: null,
        exdates: [],
        startsAt: '2027-08-03T09:00:00Z',
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<Scheduled>().sessionIds[0];
    const api = await resident();
    const one = await api.get(`/api/v1/sessions/${id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ projectId: demoProject.id, spaceId: demoSpace.id });
    const list = await api.get(`/api/v1/sessions?from=2027-08-01&projectId=${demoProject.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.json<Page>().items.map((x) => x.id)).toEqual([id]);
  });

  it('refuses bad queries', async () => {
    const api = await resident();
    for (const q of ['from=2027-02-31', 'limit=0', 'projectId=nope', 'cursor=bm9wZQ', 'colour=red']) {
      const res = await api.get(`/api/v1/sessions?${q}`);
      expect(res.statusCode, q).toBe(422);
    }
    expect((await api.get('/api/v1/sessions?ward=NOPE')).statusCode).toBe(404);
    expect((await api.get('/api/v1/sessions/not-a-uuid')).statusCode).toBe(404);
  });

  it('documents the routes in OpenAPI under Sessions', async () => {
    const spec = (await (await w.api(null)).get('/api/openapi.json')).json<{
      paths: Record<string, Record<string, { tags: string[] } | undefined> | undefined>;
    }>();
    expect(spec.paths['/api/v1/sessions']?.post?.tags).toEqual(['Sessions']);
    expect(spec.paths['/api/v1/sessions/{id}']?.get?.tags).toEqual(['Sessions']);
  });
});
