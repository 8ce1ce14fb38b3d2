import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { $, errorSummary } from '../../../../test/helpers.js';
import { apiClient, tokenFor, useWorld } from '../../../../test/kit/index.js';
import { auditEvents, spaces } from '../../../../test/schema.js';

const w = useWorld('spaces');

type SpaceJson = { id: string; name: string; address: string | null };
type SpacePage = { items: SpaceJson[]; nextCursor: string | null };

const form = (over: Record<string, string> = {}) => ({
  name: 'Broad Street hub',
  kind: 'hub',
  address: '12 Broad Street\nDagenham RM10 9HP',
  areaId: w.a.wards[0]!.id,
  capacity: '40',
  openingTimes: 'Mon to Fri, 9am to 5pm',
  accessibility: 'Step-free entrance; accessible toilet',
  equipment: 'Sewing machines\n\n  Drill  \nPasta maker',
  ...over,
});
const count = async (placeId = w.a.place.id) =>
  (await w.services.db.select().from(spaces).where(eq(spaces.placeId, placeId))).length;
const audit = (action: string, id: string) =>
  w.services.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, id)));
const createdId = (location: string | undefined) => /\/spaces\/([0-9a-f-]{36})/.exec(location!)![1]!;

describe('spaces pages', () => {
  it('lets an organiser add a space, shown to everyone, audited', async () => {
    const br = await w.as(w.a.staff.organiser);
    const res = await br.post('/spaces/new', form());
    expect(res.statusCode).toBe(303);
    const id = createdId(res.headers.location);
    const [row] = await w.services.db.select().from(spaces).where(eq(spaces.id, id));
    expect(row).toMatchObject({ name: 'Broad Street hub', capacity: 40, createdBy: w.a.staff.organiser.user.id });
    expect(row!.equipment).toEqual(['Sewing machines', 'Drill', 'Pasta maker']);
    expect(await audit('space.created', id)).toHaveLength(1);
    const page = await (await w.as(null)).get(`/spaces/${id}`);
    expect(page.statusCode).toBe(200);
    const q = $(page.body);
    expect(q('h1').text()).toBe('Broad Street hub');
    expect(
      q('#equipment li')
        .map((_i, el) => q(el).text())
        .get(),
    ).toEqual(['Sewing machines', 'Drill', 'Pasta maker']);
    expect(q('.govuk-summary-list').text()).toContain('40 people');
    expect(q('.govuk-summary-list').text()).toContain('North Ward');
    const list = await (await w.as(null)).get('/spaces');
    expect($(list.body)('#spaces').text()).toContain('Broad Street hub');
  });

  it('shows "Online" and stores no address for an online space', async () => {
    const br = await w.as(w.a.staff.officer);
    const res = await br.post(
      '/spaces/new',
      form({ name: 'Video room', kind: 'online', address: 'ignored', areaId: '' }),
    );
    expect(res.statusCode).toBe(303);
    const id = createdId(res.headers.location);
    expect((await w.services.db.select().from(spaces).where(eq(spaces.id, id)))[0]!.address).toBeNull();
    const page = await (await w.as(null)).get(`/spaces/${id}`);
    expect($(page.body)('.govuk-summary-list__row').first().text()).toContain('Online');
  });

  it('refuses residents (403) and sends anonymous people to sign in', async () => {
    const before = await count();
    expect((await (await w.as(w.a.staff.resident)).get('/spaces/new')).statusCode).toBe(403);
    expect((await (await w.as(w.a.staff.resident)).post('/spaces/new', form(), '/spaces')).statusCode).toBe(403);
    expect((await (await w.as(null)).get('/spaces/new')).statusCode).toBe(303);
    expect(await count()).toBe(before);
  });

  it('lets the organiser who added it and officers change it, but not another organiser', async () => {
    const br = await w.as(w.a.staff.organiser);
    const res = await br.post('/spaces/new', form({ name: 'Allotment shed', kind: 'park' }));
    const id = createdId(res.headers.location);
    const edit = await br.post(`/spaces/${id}/edit`, form({ name: 'Allotment shed', kind: 'park', capacity: '12' }));
    expect(edit.statusCode).toBe(303);
    expect((await audit('space.updated', id))[0]!.changes).toEqual({ capacity: { from: 40, to: 12 } });
    const another = await w.person('organiser');
    const br2 = await w.as(another);
    expect((await br2.get(`/spaces/${id}/edit`)).statusCode).toBe(403);
    expect((await br2.post(`/spaces/${id}/edit`, form({ name: 'Taken' }), '/spaces')).statusCode).toBe(403);
    expect((await (await w.as(w.a.staff.officer)).get(`/spaces/${id}/edit`)).statusCode).toBe(200);
    expect((await w.services.db.select().from(spaces).where(eq(spaces.id, id)))[0]!.name).toBe('Allotment shed');
  });

  const cases: [string, Record<string, string>, string][] = [
    ['an empty name', { name: '' }, 'Enter the name of the space'],
    ['markup in the name', { name: '<script>x</script>' }, 'The name of the space must not contain < or >'],
    ['a name too long', { name: 'x'.repeat(121) }, 'The name of the space must be 120 characters or fewer'],
    ['an unknown kind', { kind: 'castle' }, 'Choose what kind of space it is'],
    ['no address for a hall', { kind: 'hall', address: ' ' }, 'Enter the address of the space'],
    ['a capacity of 0', { capacity: '0' }, 'Capacity must be a whole number from 1 to 10000'],
    ['a capacity that is not a number', { capacity: 'lots' }, 'Capacity must be a whole number from 1 to 10000'],
    ['markup in equipment', { equipment: 'Drill\n<img src=x>' }, 'Each item of equipment must not contain < or >'],
    ['a ward of another place', { areaId: '' }, 'Select a ward from the list'],
    [
      'an unknown field',
      { createdBy: 'me' },
      'The form sent fields it does not accept: createdBy. Reload the page and try again.',
    ],
  ];
  for (const [name, over, message] of cases) {
    it(`refuses ${name} with a clear message and stores nothing`, async () => {
      if (name === 'a ward of another place') over.areaId = w.b.wards[0]!.id;
      const before = await count();
      const res = await (await w.as(w.a.staff.officer)).post('/spaces/new', form(over));
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toContain(message);
      expect(await count()).toBe(before);
    });
  }

  it('stores markup in accessibility text as typed and shows it escaped', async () => {
    const res = await (
      await w.as(w.a.staff.officer)
    ).post('/spaces/new', form({ accessibility: '<script>alert(1)</script>' }));
    const id = createdId(res.headers.location);
    const page = await (await w.as(null)).get(`/spaces/${id}`);
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it("never shows place A's space on place B's host", async () => {
    const [s] = await w.services.spaces.list(w.a.place.id);
    const br = await w.as(w.b.staff.admin, w.b);
    expect((await br.get(`/spaces/${s!.id}`)).statusCode).toBe(404);
    expect((await br.get(`/spaces/${s!.id}/edit`)).statusCode).toBe(404);
    expect((await br.post(`/spaces/${s!.id}/edit`, form({ name: 'Hijacked' }), '/spaces')).statusCode).toBe(404);
    expect((await br.get('/spaces')).body).not.toContain(s!.name);
    expect((await w.services.spaces.findInPlace(w.a.place.id, s!.id))!.name).toBe(s!.name);
  });
});

describe('/api/v1/spaces', () => {
  const body = {
    name: 'Library hall',
    kind: 'hall',
    address: '1 High Road',
    ward: '',
    capacity: 80,
    equipment: ['Projector'],
  };
  it('adds a space with an officer token and reads it back', async () => {
    const res = await (await w.api('officer')).post('/api/v1/spaces', { ...body, ward: w.a.wards[1]!.code });
    expect(res.statusCode).toBe(201);
    const created = res.json<SpaceJson>();
    expect(created).toMatchObject({
      name: 'Library hall',
      ward: w.a.wards[1]!.code,
      capacity: 80,
      equipment: ['Projector'],
    });
    expect(await audit('space.created', created.id)).toHaveLength(1);
    const resident = await w.api('resident');
    const one = await resident.get(`/api/v1/spaces/${created.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json<SpaceJson>().address).toBe('1 High Road');
    const list = await resident.get('/api/v1/spaces?limit=200');
    expect(list.json<SpacePage>().items.map((x) => x.id)).toContain(created.id);
  });

  it('pages through spaces by name', async () => {
    const resident = await w.api('resident');
    const all = (await resident.get('/api/v1/spaces?limit=200')).json<SpacePage>().items;
    const first = (await resident.get('/api/v1/spaces?limit=2')).json<SpacePage>();
    expect(first.items).toEqual(all.slice(0, 2));
    const second = (await resident.get(`/api/v1/spaces?limit=2&cursor=${first.nextCursor!}`)).json<SpacePage>();
    expect(second.items).toEqual(all.slice(2, 4));
  });

  it('refuses bad bodies with 422 and stores nothing', async () => {
    const before = await count();
    const officer = await w.api('officer');
    for (const bad of [
      {},
      { ...body, ward: undefined, name: '<b>x</b>' },
      { ...body, ward: undefined, capacity: 'ten' },
      { ...body, ward: undefined, capacity: 0 },
      { ...body, ward: undefined, kind: 'castle' },
      { ...body, ward: undefined, extra: true },
      { ...body, ward: undefined, address: '' },
      { ...body, ward: 'NOPE' },
    ]) {
      const res = await officer.post('/api/v1/spaces', bad);
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await count()).toBe(before);
  });

  it('refuses a resident token (403) and keeps places apart', async () => {
    const before = await count();
    const res = await (await w.api('resident')).post('/api/v1/spaces', { ...body, ward: undefined });
    expect(res.statusCode).toBe(403);
    expect(await count()).toBe(before);
    const [s] = await w.services.spaces.list(w.a.place.id);
    expect((await (await w.api('officer', w.b)).get(`/api/v1/spaces/${s!.id}`)).statusCode).toBe(404);
    const officerB = await tokenFor(w.services, w.b.place.id, 'officer');
    expect((await apiClient(w.t.app, officerB, w.a.host).get(`/api/v1/spaces/${s!.id}`)).statusCode).toBe(401);
  });
});
