import { describe, expect, it } from 'vitest';
import { drawMap } from './svg-map.js';

describe('drawMap', () => {
  const square = (x: number, y: number, s: number) => ({
    type: 'Polygon' as const,
    coordinates: [
      [
        [x, y],
        [x + s, y],
        [x + s, y + s],
        [x, y + s],
        [x, y],
      ],
    ],
  });

  it('fits the shapes to the width with north up', () => {
    // Two squares side by side on the equator (cos 0.5° ≈ 1): 2 units wide, 1 high.
    const map = drawMap(
      [
        { id: 'west', geometry: square(0, 0, 1) },
        { id: 'east', geometry: square(1, 0, 1) },
      ],
      204,
      2,
    )!;
    expect(map.width).toBe(204);
    expect(map.height).toBe(104); // 1 unit × 100 px a unit (cos 0.5° ≈ 0.99996) + padding 2 × 2
    // The west square's south-west corner (0, 0) is bottom left: x = padding, y = height - padding.
    expect(map.shapes[0]!.d.startsWith('M2.0,102.0L')).toBe(true);
    expect(map.shapes[0]!.d.endsWith('Z')).toBe(true);
    expect(map.shapes[1]!.labelX).toBeGreaterThan(map.shapes[0]!.labelX);
  });

  it('narrows longitude by the cosine of the latitude, as on a map of London', () => {
    const map = drawMap([{ id: 'a', geometry: square(0, 51, 1) }], 100, 0)!;
    // At 51.5°N a degree of longitude is cos(51.5°) ≈ 0.6225 of a degree of latitude.
    expect(map.height).toBe(Math.round(100 / Math.cos((51.5 * Math.PI) / 180))); // 161
  });

  it('draws every polygon of a multipolygon and holes as separate rings', () => {
    const map = drawMap([
      {
        id: 'm',
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            square(0, 0, 2).coordinates.concat(square(0.5, 0.5, 1).coordinates),
            square(3, 0, 1).coordinates,
          ],
        },
      },
    ])!;
    expect(map.shapes[0]!.d.match(/M/g)).toHaveLength(3);
  });

  it('gives nothing to draw for no shapes or a shape with no extent', () => {
    expect(drawMap([])).toBeNull();
  });
});
