/**
 * Area boundaries drawn as SVG paths on the server: pure, no I/O.
 *
 * Projects with d3-geo's Mercator, fitted to the shapes. Mercator is conformal (ward shapes keep
 * their true form) and keeps north straight up everywhere; across a borough ten kilometres tall
 * its scale changes by about 0.2% from top to bottom, well under a pixel on a 600 pixel map.
 */
import { geoMercator, geoPath, type ExtendedFeature, type ExtendedFeatureCollection, type GeoContext } from 'd3-geo';

export type Geometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

/** One area as drawn: its SVG path data and a point inside it where a label can go. */
export type MapShape = { id: string; d: string; labelX: number; labelY: number };
export type SvgMap = { width: number; height: number; shapes: MapShape[] };

function polygonsOf(g: Geometry): number[][][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/**
 * Twice the signed area of a ring in longitude and latitude treated as flat x and y: positive
 * when the ring runs counter-clockwise on a map with north up. Flat is fine at borough scale,
 * where only the sign matters.
 */
function signedArea(ring: number[][]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x1 = 0, y1 = 0] = ring[j] ?? [];
    const [x2 = 0, y2 = 0] = ring[i] ?? [];
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

/**
 * The geometry with its rings turned the way d3-geo reads them. d3 works on the sphere, where a
 * ring has two insides; it takes the side on the right of the ring's direction, so an outer ring
 * must run clockwise and a hole counter-clockwise. GeoJSON (RFC 7946) says the opposite, and many
 * real files follow neither, so each ring is checked and reversed where needed. Without this, a
 * ring the "wrong" way round is drawn as the whole world except the ward.
 */
function rewindForD3(g: Geometry): Geometry {
  const rewindPolygon = (rings: number[][][]) =>
    rings.map((ring, i) => {
      const area = signedArea(ring);
      const wantClockwise = i === 0;
      return (wantClockwise ? area > 0 : area < 0) ? [...ring].reverse() : ring;
    });
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: rewindPolygon(g.coordinates) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map(rewindPolygon) };
}

/** A d3 path context that keeps the projected rings, to find a label point inside them. */
class RingCollector implements GeoContext {
  rings: [number, number][][] = [];
  beginPath(): void {
    // Nothing to do: each ring starts with moveTo.
  }
  moveTo(x: number, y: number): void {
    this.rings.push([[x, y]]);
  }
  lineTo(x: number, y: number): void {
    this.rings.at(-1)?.push([x, y]);
  }
  closePath(): void {
    // Rings are read as closed.
  }
  arc(): void {
    // Only points are drawn as arcs, and areas have none.
  }
}

/** Whether (x, y) is inside the rings, by the even-odd rule, so holes and separate parts count right. */
function inside(rings: [number, number][][], x: number, y: number): boolean {
  let result = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) result = !result;
    }
  }
  return result;
}

/** The widest stretch inside the rings along the horizontal line at `y`, as [left, right]. */
function widestSpan(rings: [number, number][][], y: number): [number, number] | null {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y) xs.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
    }
  }
  xs.sort((a, b) => a - b);
  let best: [number, number] | null = null;
  // Crossings pair up by the even-odd rule: inside between the 1st and 2nd, the 3rd and 4th, …
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const span: [number, number] = [xs[i]!, xs[i + 1]!];
    if (!best || span[1] - span[0] > best[1] - best[0]) best = span;
  }
  return best;
}

/**
 * A point inside the shape for its label: the centroid when that is inside (compact wards), and
 * otherwise the middle of the widest horizontal stretch inside the shape, along one of a few
 * lines across it (crescents, L shapes and wards in several parts, whose centroid can fall outside).
 */
function labelPoint(rings: [number, number][][], centroid: [number, number]): [number, number] {
  const [cx, cy] = centroid;
  if (Number.isFinite(cx) && Number.isFinite(cy) && inside(rings, cx, cy)) return [cx, cy];
  let top = Infinity;
  let bottom = -Infinity;
  for (const ring of rings) {
    for (const [, y] of ring) {
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  let best: [number, number] | null = null;
  let bestY = cy;
  const lines = Number.isFinite(cy) ? [cy] : [];
  for (let i = 1; i < 16; i++) lines.push(top + ((bottom - top) * i) / 16);
  for (const y of lines) {
    const span = widestSpan(rings, y);
    if (span && (!best || span[1] - span[0] > best[1] - best[0])) {
      best = span;
      bestY = y;
    }
  }
  return best ? [(best[0] + best[1]) / 2, bestY] : [cx, cy];
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/**
 * Projects the shapes to fit `width` pixels wide, `padding` pixels in from each edge; the height
 * follows the shapes' proportions. Path coordinates are rounded to one decimal place. Null when
 * there is nothing to draw, or the shapes have no width or height.
 */
export function drawMap(items: { id: string; geometry: Geometry }[], width = 600, padding = 4): SvgMap | null {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const item of items) {
    for (const poly of polygonsOf(item.geometry)) {
      for (const [x = NaN, y = NaN] of poly[0] ?? []) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
  }
  if (!Number.isFinite(minX) || !Number.isFinite(minY) || maxX === minX || maxY === minY) return null;

  const features: ExtendedFeature<Geometry, null>[] = items.map(({ id, geometry }) => ({
    type: 'Feature',
    id,
    properties: null,
    geometry: rewindForD3(geometry),
  }));
  const all: ExtendedFeatureCollection<ExtendedFeature<Geometry, null>> = { type: 'FeatureCollection', features };

  const projection = geoMercator().fitWidth(width - 2 * padding, all);
  const path = geoPath(projection);
  // fitWidth puts the top edge at y = 0 already; shift by the padding, and read off the height.
  const [[left, top], [, bottom]] = path.bounds(all);
  const [tx, ty] = projection.translate();
  projection.translate([tx + padding - left, ty + padding - top]);
  // Rounded up, after the same rounding as the paths, so every drawn point is inside the picture.
  const height = Math.ceil(oneDecimal(bottom - top) + 2 * padding);

  const svgPath = geoPath(projection).digits(1);
  const shapes = features.map((feature, i) => {
    const collector = new RingCollector();
    geoPath(projection, collector)(feature);
    const [labelX, labelY] = labelPoint(collector.rings, svgPath.centroid(feature));
    return {
      id: items[i]!.id,
      d: svgPath(feature) ?? '',
      labelX: oneDecimal(labelX),
      labelY: oneDecimal(labelY),
    };
  });
  return { width, height, shapes };
}
