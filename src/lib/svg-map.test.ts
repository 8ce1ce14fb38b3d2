import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { drawMap, type Geometry } from './svg-map.js';

/** Every x, y pair in a path's data. */
function pointsOf(d: string): [number, number][] {
  return [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** Whether (x, y) is inside the path's rings, by the even-odd rule. */
function insidePath(d: string, x: number, y: number): boolean {
  let result = false;
  for (const ring of d.split('M').filter(Boolean).map(pointsOf)) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) result = !result;
    }
  }
  return result;
}

/** A square from (x, y) north-east by `s` degrees: counter-clockwise as GeoJSON wants, or clockwise. */
function square(x: number, y: number, s: number, clockwise = false) {
  const ring = [
    [x, y],
    [x + s, y],
    [x + s, y + s],
    [x, y + s],
    [x, y],
  ];
  return { type: 'Polygon' as const, coordinates: [clockwise ? ring.reverse() : ring] };
}

describe('drawMap', () => {
  it('fits the shapes to the width with north up', () => {
    // Two squares side by side on the equator, where Mercator keeps a degree square: 2 units wide, 1 high.
    const map = drawMap(
      [
        { id: 'west', geometry: square(0, 0, 1) },
        { id: 'east', geometry: square(1, 0, 1) },
      ],
      204,
      2,
    )!;
    expect(map.width).toBe(204);
    expect(map.height).toBe(104); // 1 unit × 100 px a unit + padding 2 × 2
    // The west square's corners: south-west (0, 0) is bottom left, x = padding, y = height - padding.
    const west = pointsOf(map.shapes[0]!.d);
    expect(west).toHaveLength(4);
    expect(west).toContainEqual([2, 102]);
    expect(west).toContainEqual([102, 2]);
    expect(map.shapes[0]!.d).toMatch(/^M.*Z$/);
    expect(map.shapes[1]!.labelX).toBeGreaterThan(map.shapes[0]!.labelX);
    expect(map.shapes[0]).toMatchObject({ id: 'west', labelX: 52, labelY: 52 });
  });

  it('rounds path coordinates to one decimal place', () => {
    const map = drawMap([{ id: 'a', geometry: square(0.123456, 51.123456, 0.01) }], 333, 3)!;
    for (const [x, y] of pointsOf(map.shapes[0]!.d)) {
      expect(Math.round(x * 10) / 10).toBe(x);
      expect(Math.round(y * 10) / 10).toBe(y);
    }
  });

  it('stretches latitude as on a map of London, keeping shapes true', () => {
    const map = drawMap([{ id: 'a', geometry: square(0, 51, 1) }], 100, 0)!;
    // Near 51.5°N a degree of latitude is drawn 1 / cos(51.5°) ≈ 1.606 times a degree of longitude.
    expect(map.height).toBe(Math.round(100 / Math.cos((51.5 * Math.PI) / 180))); // 161
  });

  it('draws a square the same whichever way its ring runs, never as the whole world outside it', () => {
    const anticlockwise = drawMap([{ id: 'a', geometry: square(0.1, 51.4, 0.02) }], 100, 0)!;
    const clockwise = drawMap([{ id: 'a', geometry: square(0.1, 51.4, 0.02, true) }], 100, 0)!;
    for (const map of [anticlockwise, clockwise]) {
      expect(map.height).toBeGreaterThan(150);
      expect(map.height).toBeLessThan(170);
      const points = pointsOf(map.shapes[0]!.d);
      expect(points).toHaveLength(4);
      for (const [x, y] of points) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(map.width);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(map.height);
      }
    }
    expect(new Set(pointsOf(clockwise.shapes[0]!.d).map(String))).toEqual(
      new Set(pointsOf(anticlockwise.shapes[0]!.d).map(String)),
    );
  });

  it('draws every polygon of a multipolygon and holes as separate rings', () => {
    const map = drawMap([
      {
        id: 'm',
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            // A hole running the same way as its outer ring, as careless files have them.
            square(0, 0, 2).coordinates.concat(square(0.5, 0.5, 1).coordinates),
            square(3, 0, 1, true).coordinates,
          ],
        },
      },
    ])!;
    expect(map.shapes[0]!.d.match(/M/g)).toHaveLength(3);
    expect(map.height).toBeLessThan(map.width);
  });

  it('puts the label inside a shape whose centroid is outside it', () => {
    // A U shape, open to the north: its centroid falls in the gap.
    const u: Geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [0.03, 0],
          [0.03, 0.03],
          [0.02, 0.03],
          [0.02, 0.01],
          [0.01, 0.01],
          [0.01, 0.03],
          [0, 0.03],
          [0, 0],
        ],
      ],
    };
    const map = drawMap([{ id: 'u', geometry: u }], 300, 0)!;
    const { d, labelX, labelY } = map.shapes[0]!;
    expect(insidePath(d, labelX, labelY)).toBe(true);
  });

  it('gives nothing to draw for no shapes or a shape with no extent', () => {
    expect(drawMap([])).toBeNull();
    expect(drawMap([{ id: 'flat', geometry: square(0, 0, 0) }])).toBeNull();
  });
});

const BEXLEY_WARDS = fileURLToPath(
  new URL('../../../../shared/data/geo/martinjc_wards_by_lad_E09000004.geojson', import.meta.url),
);
const haveBexley = existsSync(BEXLEY_WARDS);
if (!haveBexley) console.log(`svg-map.test: skipping the Bexley wards; ${BEXLEY_WARDS} is not there`);

describe.skipIf(!haveBexley)("drawMap on Bexley's real ward boundaries", () => {
  type WardFile = { features: { properties: { WD13CD: string }; geometry: Geometry }[] };

  it('draws all 21 wards inside the picture, each with its label inside the ward', () => {
    const file = JSON.parse(readFileSync(BEXLEY_WARDS, 'utf8')) as WardFile;
    const map = drawMap(file.features.map((f) => ({ id: f.properties.WD13CD, geometry: f.geometry })))!;
    expect(map.shapes).toHaveLength(21);
    expect(map.width).toBe(600);
    // Bexley is a little taller than wide.
    expect(map.height).toBeGreaterThan(500);
    expect(map.height).toBeLessThan(900);
    for (const shape of map.shapes) {
      expect(shape.id).toMatch(/^E05\d{6}$/);
      expect(shape.d).toMatch(/^M[\d.,LMZ]+Z$/);
      expect(shape.labelX).toBeGreaterThan(0);
      expect(shape.labelX).toBeLessThan(map.width);
      expect(shape.labelY).toBeGreaterThan(0);
      expect(shape.labelY).toBeLessThan(map.height);
      expect(insidePath(shape.d, shape.labelX, shape.labelY), shape.id).toBe(true);
      for (const [x, y] of pointsOf(shape.d)) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(map.width);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(map.height);
      }
    }
  });
});
