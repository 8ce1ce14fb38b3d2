import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, demoWardGeometries, seedDemo } from '../src/demo.js';
import { Browser, buildTestApp, type TestApp } from './helpers.js';

describe('the demo borough', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('creates a place on localhost with 18 wards, staff in every role, and residents; a second run changes nothing', async () => {
    const first = await seedDemo(t.services);
    expect(first.created).toBe(true);
    const place = await t.services.places.resolve('localhost');
    expect(place?.name).toBe(DEMO.name);
    const wards = await t.services.areas.listWards(place!.id);
    expect(wards).toHaveLength(18);
    expect(wards.every((w) => w.boundary?.type === 'Polygon' && w.population! > 10000)).toBe(true);
    for (const role of ['admin', 'officer', 'organiser', 'resident'] as const) {
      expect(await t.services.accounts.countPeople(place!.id, { role })).toBeGreaterThan(0);
    }
    const people = await t.services.accounts.countPeople(place!.id, {});
    expect(people).toBe(4 + 48);

    const again = await seedDemo(t.services);
    expect(again.created).toBe(false);
    expect(await t.services.accounts.countPeople(place!.id, {})).toBe(people);
  });

  it('lets the printed demo admin sign in with the printed password', async () => {
    const b = new Browser(t.app, 'localhost');
    await b.signIn('admin@riverside.example', DEMO.password);
    const admin = await b.get('/admin/people');
    expect(admin.statusCode).toBe(200);
  });

  it('generates the same boundaries every time, tiling without gaps', () => {
    const a = demoWardGeometries();
    expect(demoWardGeometries()).toEqual(a);
    // Neighbours in the 6 × 3 grid share an edge exactly: cell 0's east edge is cell 1's west edge.
    const ring = (i: number) => (a[i] as { coordinates: number[][][] }).coordinates[0]!;
    expect(ring(0)[1]).toEqual(ring(1)[0]);
    expect(ring(0)[2]).toEqual(ring(1)[3]);
    // Every ring is closed.
    for (let i = 0; i < a.length; i++) expect(ring(i)[0]).toEqual(ring(i).at(-1));
  });
});
