/**
 * Which larger area a small area belongs to, by the largest share of its land: the ONS "best fit"
 * rule for areas whose boundaries do not nest exactly (an LSOA in a ward, say). Pure: no I/O.
 * Areas are measured on the sphere (turf's geodesic area), and overlaps computed by polygon
 * clipping, so nothing here is hand-written geometry.
 */
import turfArea from '@turf/area';
import turfBbox from '@turf/bbox';
import { feature, featureCollection } from '@turf/helpers';
import turfIntersect from '@turf/intersect';
import type { Polygonal } from './geojson.js';

export type Shape = { code: string; geometry: Polygonal };

/** A small area's best fit: the larger area holding most of its land, and how much (0 to 1). */
export type Fit = { code: string; parentCode: string | null; share: number | null };

type Box = [number, number, number, number];

function overlaps(a: Box, b: Box): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/**
 * Each child's parent: the one whose overlap with it is largest, with the share of the child's
 * area that overlap is. A child that overlaps no parent at all has none (`parentCode: null`).
 * Shares are rounded to four decimal places (a hundredth of a percent), which is well inside
 * the precision of published boundaries.
 */
export function bestFitParents(children: readonly Shape[], parents: readonly Shape[]): Fit[] {
  const parentFeatures = parents.map((p) => {
    const f = feature(p.geometry);
    return { code: p.code, feature: f, box: turfBbox(f) as Box };
  });
  return children.map((child) => {
    const f = feature(child.geometry);
    const box = turfBbox(f) as Box;
    const total = turfArea(f);
    let best: { code: string; area: number } | null = null;
    for (const parent of parentFeatures) {
      if (!overlaps(box, parent.box)) continue;
      const shared = turfIntersect(featureCollection([f, parent.feature]));
      const area = shared ? turfArea(shared) : 0;
      if (area > 0 && (!best || area > best.area)) best = { code: parent.code, area };
    }
    if (!best || total <= 0) return { code: child.code, parentCode: null, share: null };
    return { code: child.code, parentCode: best.code, share: Math.min(1, Math.round((best.area / total) * 1e4) / 1e4) };
  });
}
