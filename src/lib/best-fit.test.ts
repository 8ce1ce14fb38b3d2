import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bestFitParents, type Shape } from './best-fit.js';
import type { Polygonal } from './geojson.js';

/** A rectangle from (west, south) to (east, north), in degrees. */
function box(code: string, west: number, south: number, east: number, north: number): Shape {
  return {
    code,
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [west, south],
          [east, south],
          [east, north],
          [west, north],
          [west, south],
        ],
      ],
    },
  };
}

describe('bestFitParents', () => {
  // Two wards side by side near the equator, each 1° × 1°.
  const west = box('W', 0, 0, 1, 1);
  const east = box('E', 1, 0, 2, 1);

  it('puts an area wholly inside one parent in it, with all of its land', () => {
    expect(bestFitParents([box('a', 0.2, 0.2, 0.4, 0.4)], [west, east])).toEqual([
      { code: 'a', parentCode: 'W', share: 1 },
    ]);
  });

  it('puts an area across a boundary in the parent holding most of it', () => {
    // From 0.7° to 1.1° east: three quarters in the west ward, a quarter in the east. On the
    // sphere the strips are the same height, so the shares are those of their widths.
    const [fit] = bestFitParents([box('a', 0.7, 0.4, 1.1, 0.5)], [west, east]);
    expect(fit?.parentCode).toBe('W');
    expect(fit?.share).toBeCloseTo(0.75, 3);
  });

  it('gives no parent to an area outside every parent', () => {
    expect(bestFitParents([box('far', 5, 5, 6, 6)], [west, east])).toEqual([
      { code: 'far', parentCode: null, share: null },
    ]);
  });

  it('does not count a shared edge as an overlap', () => {
    // Touching the east ward only along the 1° meridian.
    expect(bestFitParents([box('a', 0.5, 0.5, 1, 0.6)], [east, west])[0]).toEqual({
      code: 'a',
      parentCode: 'W',
      share: 1,
    });
  });

  const geoDir = path.resolve('..', 'shared/data/geo');
  const haveData = existsSync(path.join(geoDir, 'martinjc_lsoa_by_lad_E09000004.geojson'));
  if (!haveData) console.warn(`SKIPPED: the Bexley best-fit test needs ${geoDir}, which is not there.`);

  it.skipIf(!haveData)('places every one of Bexley’s 146 LSOAs in one of its 21 wards (2011 LSOAs, 2013 wards)', () => {
    const read = (file: string, codeProperty: string): Shape[] =>
      (
        JSON.parse(readFileSync(path.join(geoDir, file), 'utf8')) as {
          features: { properties: Record<string, string>; geometry: Polygonal }[];
        }
      ).features.map((f) => ({ code: f.properties[codeProperty] ?? '', geometry: f.geometry }));
    const lsoas = read('martinjc_lsoa_by_lad_E09000004.geojson', 'LSOA11CD');
    const wards = read('martinjc_wards_by_lad_E09000004.geojson', 'WD13CD');
    const fits = bestFitParents(lsoas, wards);
    expect(fits).toHaveLength(146);
    expect(fits.every((f) => f.parentCode !== null)).toBe(true);
    // LSOAs were built from the 2011 wards and Bexley's wards did not change until 2018, so each
    // lies almost wholly in one ward: the published boundaries are generalised, which leaves
    // slivers along the edges, never a real split.
    expect(Math.min(...fits.map((f) => f.share ?? 0))).toBeGreaterThan(0.9);
    // Every ward gets LSOAs (Bexley's wards hold 4 to 10 each).
    const perWard = new Map<string, number>();
    for (const f of fits) perWard.set(f.parentCode!, (perWard.get(f.parentCode!) ?? 0) + 1);
    expect(perWard.size).toBe(21);
  });
});
