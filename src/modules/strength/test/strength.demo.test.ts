import { describe, expect, it, vi } from 'vitest';
import { systemCtx, useWorld } from '../../../../test/kit/index.js';
import { DEMO, seedDemo } from '../../../demo.js';
import { addDays, londonToday } from '../../../lib/london-time.js';
import { placeInQuadrants, quadrants } from '../../../lib/strength/index.js';
import { decileOfRank, DOMAINS, RELEASES, type DomainKey } from '../deprivation/deprivation.files.js';
import { demoDeprivation } from '../strength.demo.js';

// Seeding the whole demo borough takes longer than the usual minute on a busy machine.
vi.setConfig({ hookTimeout: 120_000 });

describe("the demo borough's deprivation", () => {
  let placeId = '';
  const w = useWorld('strength-demo', {
    async setUp(w) {
      await seedDemo(w.services);
      placeId = (await w.services.places.findBySlug(DEMO.slug))!.id;
    },
  });

  it('gives every LSOA in every ward the 2025 Indices, each decile the tenth of England its rank falls in', async () => {
    const wards = await w.services.areas.listWards(placeId);
    const lsoas = await w.services.areas.list(placeId, { kind: 'lsoa' });
    expect(new Set(lsoas.map((l) => l.parentId))).toEqual(new Set(wards.map((x) => x.id)));
    expect(await w.services.deprivation.releases(placeId)).toEqual([2025]);
    const most = RELEASES[2025].lsoas;
    const imdRanks = new Set<number>();
    for (const lsoa of lsoas) {
      const row = await w.services.deprivation.forLsoa(placeId, lsoa.id, 2025);
      expect(row, lsoa.code).toBeDefined();
      const { imdRank, imdDecile, domains, population, populationYear } = row!;
      expect(imdRank! >= 1 && imdRank! <= most).toBe(true);
      expect(imdDecile).toBe(Math.ceil((imdRank! * 10) / most));
      imdRanks.add(imdRank!);
      for (const d of DOMAINS) expect(domains![d.key].decile, d.key).toBe(decileOfRank(domains![d.key].rank, 2025));
      // The denominators are a year on from the census figures the areas hold.
      expect(populationYear).toBe(2022);
      expect(population! / lsoa.population!).toBeGreaterThan(1);
      expect(population! / lsoa.population!).toBeLessThan(1.02);
    }
    // No two small areas share a rank, as in the published files.
    expect(imdRanks.size).toBe(lsoas.length);
  });

  it('derives figures for every ward: a riverside cluster among the most deprived, an affluent south', async () => {
    const table = (await w.services.deprivation.wards(placeId))!;
    expect(table.release).toBe(2025);
    expect(table.populationYear).toBe(2022);
    expect(table.wards).toHaveLength(18);
    for (const { ward, figures, rank } of table.wards) {
      expect(figures?.weighted, ward.name).toBe(true);
      expect(figures!.lsoasWithData).toBe(figures!.lsoas);
      expect(rank).not.toBeNull();
    }
    const share20 = table.wards.map((x) => x.figures!.imd!.shareMost20);
    expect(share20.some((s) => s > 0.3)).toBe(true);
    expect(share20.some((s) => s === 0)).toBe(true);
    const byName = new Map(table.wards.map((x) => [x.ward.name, x.figures!.imd!]));
    // Marsh Gate, on the river, is the most deprived; Barnfield among the least.
    expect(table.wards.find((x) => x.rank === 1)?.ward.name).toBe('Marsh Gate');
    expect(byName.get('Marsh Gate')!.meanRank).toBeLessThan(RELEASES[2025].lsoas * 0.1);
    expect(byName.get('Barnfield')!.shareMost20).toBe(0);
    // Within a ward, small areas differ: Lamplighters is half old estate, half new flats.
    const lamplighters = table.wards.find((x) => x.ward.name === 'Lamplighters')!.ward;
    const deciles = await Promise.all(
      (await w.services.areas.listChildren(placeId, lamplighters.id)).map(
        async (l) => (await w.services.deprivation.forLsoa(placeId, l.id, 2025))!.imdDecile,
      ),
    );
    expect(Math.min(...(deciles as number[]))).toBe(1);
    expect(Math.max(...(deciles as number[]))).toBeGreaterThanOrEqual(5);
  });

  it("puts wards in all four quarters of need against the demo's participation", async () => {
    const to = londonToday();
    const stats = await w.services.participationStats.participation(placeId, { from: addDays(to, -364), to });
    const reach = new Map(stats.wards.map((x) => [x.code, x.reachPer1000]));
    const table = (await w.services.deprivation.wards(placeId))!;
    const placed = placeInQuadrants(
      table.wards.map(({ ward, figures }) => ({
        id: ward.code,
        label: ward.name,
        need: figures?.imd?.meanRank ?? null,
        strength: reach.get(ward.code) ?? null,
      })),
      'lower-is-more-need',
    );
    const quarterOf = new Map(placed.wards.map((x) => [x.label, x.quadrant]));
    for (const q of quadrants)
      expect(placed.wards.filter((x) => x.quadrant === q.key).length, q.key).toBeGreaterThan(0);
    // The story the demo tells, ward by ward.
    expect(quarterOf.get('Quarry Wood')).toBe('invest-first');
    expect(quarterOf.get('North End')).toBe('build-on');
    expect(quarterOf.get('Abbey Green')).toBe('move-first');
    expect(quarterOf.get('Barnfield')).toBe('watch');
  });

  it("stores generated figures only for the place's own LSOAs, with ranks in range, all or nothing", async () => {
    const [first, second] = await w.services.areas.list(placeId, { kind: 'lsoa' });
    const row = (areaId: string, rank: number) => ({
      areaId,
      imdRank: rank,
      domainRanks: Object.fromEntries(DOMAINS.map((d) => [d.key, rank])) as Record<DomainKey, number>,
      population: 1500,
      populationYear: 2022,
    });
    // Another place cannot be given the demo's LSOAs.
    const other = w.a.place.id;
    await expect(w.services.deprivation.seedRows(systemCtx(other), 2025, [row(first!.id, 5)])).rejects.toThrow(
      "Row 1 is not for one of this place's LSOAs.",
    );
    expect(await w.services.deprivation.releases(other)).toEqual([]);
    // One bad rank, and the good row beside it is not stored either.
    const before = await w.services.deprivation.forLsoa(placeId, first!.id, 2025);
    await expect(
      w.services.deprivation.seedRows(systemCtx(placeId), 2025, [row(first!.id, 5), row(second!.id, 33_756)]),
    ).rejects.toThrow('Row 2 has a rank that is not a whole number from 1 to 33,755.');
    expect(await w.services.deprivation.forLsoa(placeId, first!.id, 2025)).toEqual(before);
  });

  it('counts a decile as the tenth of England its rank falls in', () => {
    // 33,755 LSOAs: a tenth is 3,375.5 of them.
    expect([1, 3375, 3376, 6751, 6752, 30379, 30380, 33755].map((r) => decileOfRank(r, 2025))).toEqual([
      1, 1, 2, 2, 3, 9, 10, 10,
    ]);
    // 32,844 LSOAs in 2019: a tenth is 3,284.4 of them.
    expect([3284, 3285].map((r) => decileOfRank(r, 2019))).toEqual([1, 2]);
  });

  it('makes the same figures every time, with domains that follow the IMD without copying it', () => {
    const lsoas = Array.from({ length: 40 }, (_, i) => ({ id: `l${i}`, ward: i % 18, population: 1800 }));
    const rows = demoDeprivation(lsoas);
    expect(demoDeprivation(lsoas)).toEqual(rows);
    for (const d of DOMAINS) {
      const pairs = rows.map((r) => [r.imdRank, r.domainRanks[d.key]] as const);
      expect(
        pairs.some(([a, b]) => a !== b),
        d.key,
      ).toBe(true);
      expect(correlation(pairs), d.key).toBeGreaterThan(0.6);
    }
  });
});

/** Pearson's correlation of pairs. */
function correlation(pairs: readonly (readonly [number, number])[]): number {
  const n = pairs.length;
  const mean = (i: 0 | 1) => pairs.reduce((s, p) => s + p[i], 0) / n;
  const [mx, my] = [mean(0), mean(1)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
