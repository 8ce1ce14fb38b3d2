import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaGeometry } from '../src/core/areas/index.js';
import { DEMO, demoSmallAreas, demoWardGeometries, seedDemo } from '../src/demo.js';
import { Browser, buildTestApp, type TestApp } from './helpers.js';
import { queryRows } from '../src/platform/db.js';

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
    expect(people).toBe(4 + 48 + 420);

    const again = await seedDemo(t.services);
    expect(again.created).toBe(false);
    expect(await t.services.accounts.countPeople(place!.id, {})).toBe(people);
  });

  it('brings the place to life: projects in every ward and stage, a year of sessions, attendance with seasons', async () => {
    const place = (await t.services.places.resolve('localhost'))!;
    const q = (text: string) => queryRows(t.services.db, sql.raw(text.replaceAll('$place', `'${place.id}'`)));
    const [counts] = await q(`select
        (select count(*)::int from projects where place_id = $place) as projects,
        (select count(distinct stage)::int from projects where place_id = $place) as stages,
        (select count(distinct area_id)::int from projects where place_id = $place) as wards,
        (select count(*)::int from projects where place_id = $place and status = 'pending') as pending,
        (select count(*)::int from spaces where place_id = $place) as spaces,
        (select count(*)::int from sessions where place_id = $place and starts_at > now()) as upcoming,
        (select min(starts_at) < now() - interval '300 days' from sessions where place_id = $place) as year_of_history`);
    expect(counts).toEqual({
      projects: 36,
      stages: 7,
      wards: 18,
      pending: 3,
      spaces: 8,
      upcoming: expect.any(Number),
      year_of_history: true,
    });
    expect(counts!.upcoming).toBeGreaterThan(50);
    // Summer sessions draw more people than winter ones.
    const [season] = await q(`select
        avg(n) filter (where m in (6, 7, 8)) as summer, avg(n) filter (where m in (12, 1, 2)) as winter
        from (select s.id, extract(month from s.starts_at)::int as m, count(a.id) as n
              from sessions s join attendances a on a.session_id = s.id where s.place_id = $place group by s.id, m) x`);
    expect(Number(season!.summer)).toBeGreaterThan(Number(season!.winter));
    const [check] = await q(`select count(*)::int as attendances from attendances where place_id = $place`);
    expect(check!.attendances).toBeGreaterThan(3000);
  });

  it('cuts every ward into 4 to 7 small areas (LSOAs), placed in it, with LSOA-shaped codes, names and populations', async () => {
    const place = (await t.services.places.resolve('localhost'))!;
    const wards = await t.services.areas.listWards(place.id);
    const lsoas = await t.services.areas.list(place.id, { kind: 'lsoa' });
    expect(lsoas.length).toBeGreaterThanOrEqual(18 * 4);
    for (const ward of wards) {
      const children = await t.services.areas.listChildren(place.id, ward.id);
      expect(children.length, ward.name).toBeGreaterThanOrEqual(4);
      expect(children.length, ward.name).toBeLessThanOrEqual(7);
      expect(children.every((c) => c.kind === 'lsoa' && c.parentBasis === 'lookup')).toBe(true);
      // Census 2021 counts, a little below the ward's mid-2024 estimate (the borough has grown since).
      const census = children.reduce((sum, c) => sum + c.population!, 0);
      expect(census).toBeLessThan(ward.population!);
      expect(census).toBeGreaterThan(ward.population! * 0.95);
    }
    expect(lsoas.every((l) => l.populationYear === 2021 && l.population! >= 1200 && l.population! <= 2400)).toBe(true);
    // Never a real code (those start with a country's letter, E01…), and named the ONS way.
    expect(lsoas.every((l) => /^X01\d{6}$/.test(l.code) && /^Riverside \d{3}[A-G]$/.test(l.name))).toBe(true);
    expect(new Set(lsoas.map((l) => l.name)).size).toBe(lsoas.length);
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

  it("cuts the wards into small areas the same way every time, covering each ward's land exactly", () => {
    const wards = demoWardGeometries().map((boundary, i) => ({ boundary, population: 11_000 + 300 * i }));
    const small = demoSmallAreas(wards);
    expect(demoSmallAreas(wards)).toEqual(small);
    const ring = (g: AreaGeometry) => (g as { coordinates: number[][][] }).coordinates[0]!;
    for (const [i, ward] of wards.entries()) {
      const pieces = small.filter((s) => s.ward === i).map((s) => ring(s.boundary));
      // Anticlockwise, closed, and together the ward's area (to the rounding of coordinates to 6 places).
      expect(pieces.every((r) => r[0]!.join() === r.at(-1)!.join() && shoelace(r) > 0)).toBe(true);
      const total = pieces.reduce((sum, r) => sum + shoelace(r), 0);
      expect(Math.abs(total / shoelace(ring(ward.boundary)) - 1)).toBeLessThan(1e-4);
      // Each corner of a piece is inside the ward or on its edge, so none spills into a neighbour.
      for (const r of pieces) for (const p of r) expect(inside(ring(ward.boundary), p)).toBe(true);
    }
  });
});

/** The signed area of a ring (positive when anticlockwise), in square degrees. */
function shoelace(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return sum / 2;
}

/** Whether a point lies inside an anticlockwise convex ring or within a rounding of its edge. */
function inside(ring: number[][], [x, y]: number[]): boolean {
  for (let i = 0; i < ring.length - 1; i++) {
    const [ax, ay] = ring[i]!;
    const [bx, by] = ring[i + 1]!;
    const cross = (bx! - ax!) * (y! - ay!) - (by! - ay!) * (x! - ax!);
    if (cross < -5e-8) return false;
  }
  return true;
}
