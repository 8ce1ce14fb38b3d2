import { drawMap, type SvgMap } from '../../lib/svg-map.js';
import type { Area } from '../../core/areas/index.js';

export type WardMap = SvgMap & {
  shapes: (SvgMap['shapes'][number] & { name: string; code: string; current: boolean })[];
};

/** The place's wards as an SVG map, with `currentCode` highlighted; null when no ward has a boundary. */
export function wardMap(wards: Area[], currentCode?: string): WardMap | null {
  const drawn = wards.filter((w) => w.boundary);
  const map = drawMap(drawn.map((w) => ({ id: w.code, geometry: w.boundary! })));
  if (!map) return null;
  return {
    ...map,
    shapes: map.shapes.map((s, i) => ({
      ...s,
      name: drawn[i]!.name,
      code: drawn[i]!.code,
      current: drawn[i]!.code === currentCode,
    })),
  };
}
