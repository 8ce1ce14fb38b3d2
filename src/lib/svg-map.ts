/**
 * Area boundaries drawn as SVG paths on the server: pure, no I/O. Uses an equirectangular
 * projection scaled by the cosine of the middle latitude, which is accurate to well under a
 * pixel at borough scale (a few kilometres), and flips y so north is up.
 */
export type Geometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export type MapShape = { id: string; d: string; labelX: number; labelY: number };
export type SvgMap = { width: number; height: number; shapes: MapShape[] };

function polygonsOf(g: Geometry): number[][][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Projects the shapes to fit `width` pixels wide (height follows the shapes' proportions). */
export function drawMap(items: { id: string; geometry: Geometry }[], width = 600, padding = 4): SvgMap | null {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const item of items) {
    for (const poly of polygonsOf(item.geometry)) {
      for (const [x, y] of poly[0] ?? []) {
        minX = Math.min(minX, x!);
        maxX = Math.max(maxX, x!);
        minY = Math.min(minY, y!);
        maxY = Math.max(maxY, y!);
      }
    }
  }
  if (!Number.isFinite(minX) || maxX === minX || maxY === minY) return null;
  const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scale = (width - 2 * padding) / ((maxX - minX) * kx);
  const height = Math.round((maxY - minY) * scale + 2 * padding);
  const px = (x: number) => padding + (x - minX) * kx * scale;
  const py = (y: number) => padding + (maxY - y) * scale;
  const shapes = items.map(({ id, geometry }) => {
    const parts: string[] = [];
    let sx = 0;
    let sy = 0;
    let n = 0;
    for (const poly of polygonsOf(geometry)) {
      poly.forEach((ring, ringIndex) => {
        const pts = ring.map(([x, y]) => `${px(x!).toFixed(1)},${py(y!).toFixed(1)}`);
        parts.push(`M${pts.join('L')}Z`);
        if (ringIndex === 0) {
          for (const [x, y] of ring.slice(0, -1)) {
            sx += px(x!);
            sy += py(y!);
            n++;
          }
        }
      });
    }
    // The mean of the outer ring's vertices: a good enough label point for compact wards.
    return { id, d: parts.join(''), labelX: Math.round(sx / n), labelY: Math.round(sy / n) };
  });
  return { width, height, shapes };
}
