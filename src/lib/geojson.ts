/**
 * Validation of GeoJSON area boundaries (RFC 7946), pure: no I/O. Every problem in the
 * file is reported at once, so a council can fix a file in one go, and nothing is imported
 * from a file with any problem.
 */
export type Polygonal =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export type AreaFeature = { code: string; name: string; geometry: Polygonal };

export type ParseResult = { ok: true; areas: AreaFeature[] } | { ok: false; errors: string[] };

const MAX_ERRORS = 50;
/** Larger than any UK area, and well inside the database's integer range. */
export const MAX_POPULATION = 100_000_000;

function isPosition(p: unknown): p is number[] {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    p.every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    (p[0] as number) >= -180 &&
    (p[0] as number) <= 180 &&
    (p[1] as number) >= -90 &&
    (p[1] as number) <= 90
  );
}

function ringProblem(ring: unknown): string | null {
  if (!Array.isArray(ring)) return 'a ring is not a list of positions';
  if (ring.length < 4) return 'a ring has fewer than 4 positions';
  if (!ring.every(isPosition)) return 'a ring has a position that is not [longitude, latitude] in range';
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) return 'a ring is not closed (its first and last positions differ)';
  return null;
}

function polygonProblem(rings: unknown): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return 'a polygon has no rings';
  for (const ring of rings) {
    const p = ringProblem(ring);
    if (p) return p;
  }
  return null;
}

export function geometryProblem(g: unknown): string | null {
  if (!g || typeof g !== 'object') return 'it has no geometry';
  const geom = g as { type?: unknown; coordinates?: unknown };
  if (geom.type === 'Polygon') return polygonProblem(geom.coordinates);
  if (geom.type === 'MultiPolygon') {
    if (!Array.isArray(geom.coordinates) || geom.coordinates.length === 0) return 'a multipolygon has no polygons';
    for (const poly of geom.coordinates) {
      const p = polygonProblem(poly);
      if (p) return p;
    }
    return null;
  }
  return `its geometry is ${typeof geom.type === 'string' ? geom.type : 'of no type'}, not Polygon or MultiPolygon`;
}

/** Reads a FeatureCollection of areas; `codeProperty` and `nameProperty` name the feature properties to use. */
export function parseAreaFeatures(text: string, codeProperty: string, nameProperty: string): ParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`The file is not valid JSON: ${(err as Error).message}`] };
  }
  if (!doc || typeof doc !== 'object' || (doc as { type?: unknown }).type !== 'FeatureCollection') {
    return {
      ok: false,
      errors: ['The file is not a GeoJSON FeatureCollection (its "type" must be "FeatureCollection").'],
    };
  }
  const features = (doc as { features?: unknown }).features;
  if (!Array.isArray(features) || features.length === 0) {
    return { ok: false, errors: ['The FeatureCollection has no features.'] };
  }
  const errors: string[] = [];
  const areas: AreaFeature[] = [];
  const seen = new Map<string, number>();
  features.forEach((f: unknown, i) => {
    const n = i + 1;
    const props = (f as { properties?: Record<string, unknown> } | null)?.properties;
    if (
      !f ||
      typeof f !== 'object' ||
      (f as { type?: unknown }).type !== 'Feature' ||
      !props ||
      typeof props !== 'object'
    ) {
      errors.push(`Feature ${n}: it is not a GeoJSON Feature with properties.`);
      return;
    }
    const code = typeof props[codeProperty] === 'string' ? props[codeProperty].trim() : '';
    const name = typeof props[nameProperty] === 'string' ? props[nameProperty].trim() : '';
    const label = code ? `Feature ${n} (${code})` : `Feature ${n}`;
    if (!code) errors.push(`${label}: property "${codeProperty}" is missing or empty.`);
    else if (!/^[A-Za-z0-9_-]{1,20}$/.test(code))
      errors.push(`${label}: code must be 1 to 20 letters, digits, hyphens or underscores.`);
    if (!name) errors.push(`${label}: property "${nameProperty}" is missing or empty.`);
    else if (name.length > 100 || /[<>]/.test(name))
      errors.push(`${label}: name must be 100 characters or fewer with no < or >.`);
    if (code && seen.has(code)) errors.push(`${label}: the code ${code} is also used by feature ${seen.get(code)}.`);
    if (code) seen.set(code, n);
    const problem = geometryProblem((f as { geometry?: unknown }).geometry);
    if (problem) errors.push(`${label}: ${problem}.`);
    if (!problem && code && name) areas.push({ code, name, geometry: (f as { geometry: Polygonal }).geometry });
  });
  if (errors.length) {
    const shown = errors.slice(0, MAX_ERRORS);
    if (errors.length > MAX_ERRORS) shown.push(`…and ${errors.length - MAX_ERRORS} more problems.`);
    return { ok: false, errors: shown };
  }
  return { ok: true, areas };
}

/**
 * Reads a population CSV with a header row naming a code column ("code" or the code property)
 * and a "population" column. Simple CSV: no quoted commas are needed for codes and counts.
 */
export function parsePopulationCsv(
  text: string,
  codeColumns: string[],
): { ok: true; population: Map<string, number> } | { ok: false; errors: string[] } {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (lines.length < 2)
    return { ok: false, errors: ['The population file needs a header row and at least one row of data.'] };
  const header = lines[0]!.split(',').map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  const codeIdx = header.findIndex((h) => codeColumns.map((c) => c.toLowerCase()).includes(h));
  const popIdx = header.findIndex((h) => h === 'population' || h === 'all ages' || h === 'total');
  const errors: string[] = [];
  if (codeIdx < 0) errors.push(`The population file has no code column (looked for: ${codeColumns.join(', ')}).`);
  if (popIdx < 0) errors.push('The population file has no "population" column.');
  if (errors.length) return { ok: false, errors };
  const population = new Map<string, number>();
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    const code = cells[codeIdx] ?? '';
    const raw = (cells[popIdx] ?? '').replace(/_/g, '');
    const n = Number(raw);
    if (!code) errors.push(`Population row ${i + 2}: the code is empty.`);
    else if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n))
      errors.push(`Population row ${i + 2} (${code}): "${raw}" is not a whole number.`);
    else if (n > MAX_POPULATION)
      errors.push(`Population row ${i + 2} (${code}): ${raw} is more people than any area has.`);
    else if (population.has(code)) errors.push(`Population row ${i + 2} (${code}): the code appears twice.`);
    else population.set(code, n);
  });
  return errors.length ? { ok: false, errors: errors.slice(0, MAX_ERRORS) } : { ok: true, population };
}
