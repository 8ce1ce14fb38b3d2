import { readFile } from 'node:fs/promises';
import { bestFitParents } from '../../lib/best-fit.js';
import type { CsvError } from '../../lib/csv.js';
import { readCsv } from '../../lib/csv.js';
import { parseAreaFeatures, parsePopulationCsv, type AreaFeature } from '../../lib/geojson.js';
import type { ActionContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Invalid } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { createAreasRepository, type Area } from './areas.repository.js';
import type { ParentBasis } from './areas.schema.js';

export type ImportOptions = {
  geojsonPath: string;
  codeProperty: string;
  nameProperty: string;
  populationCsvPath?: string | undefined;
  populationYear?: number | undefined;
  kind: string;
  /**
   * The kind of the larger areas these lie in (an LSOA's ward): each is placed in one, from
   * `lookupCsvPath` where the council has a lookup file, otherwise by best fit.
   */
  within?: string | undefined;
  /** A lookup file with a column of these areas' codes and one of their parents' codes (ONS's, say). */
  lookupCsvPath?: string | undefined;
};

/** Lookup files are national (about 35,000 LSOAs): larger than that is not a lookup file. */
const MAX_LOOKUP_ROWS = 250_000;
const MAX_PROBLEMS = 50;

type Placement = { parentId: string | null; parentBasis: ParentBasis | null; parentShare: number | null };

/**
 * Reads a lookup file: the child code column is the GeoJSON's code property or an ONS-style
 * `LSOA21CD`; the parent's is `<kind> code` or an ONS-style code column for the kind (`WD24CD`
 * for wards). Rows for areas not in this import (a national file) are passed over; a row for one
 * that is must name a parent that exists, once.
 */
function readLookup(
  text: string,
  file: string,
  opts: { codeProperty: string; within: string },
  children: Set<string>,
  parents: Map<string, Area>,
): Map<string, string> {
  let rows: Record<string, string>[];
  try {
    rows = readCsv(text, { file });
  } catch (err) {
    throw new Invalid([{ field: 'lookup-csv', message: (err as CsvError).message }]);
  }
  const header = Object.keys(rows[0] ?? {});
  const ons = { ward: /^WD\d{2}CD$/i, msoa: /^MSOA\d{2}CD$/i, lsoa: /^LSOA\d{2}CD$/i } as Record<string, RegExp>;
  const childColumn =
    header.find((h) => h.toLowerCase() === opts.codeProperty.toLowerCase()) ??
    header.find((h) => /^LSOA\d{2}CD$/i.test(h));
  const parentColumn = header.find(
    (h) => h.toLowerCase() === `${opts.within} code` || (ons[opts.within]?.test(h) ?? false),
  );
  const missing = [
    ...(childColumn ? [] : [`a column of area codes (${opts.codeProperty})`]),
    ...(parentColumn
      ? []
      : [
          `a column of ${opts.within} codes ("${opts.within} code"${ons[opts.within] ? ' or an ONS code column' : ''})`,
        ]),
  ];
  if (!childColumn || !parentColumn)
    throw new Invalid([{ field: 'lookup-csv', message: `${file} needs ${missing.join(' and ')}.` }]);
  if (rows.length > MAX_LOOKUP_ROWS)
    throw new Invalid([
      { field: 'lookup-csv', message: `${file} has more than ${MAX_LOOKUP_ROWS.toLocaleString('en-GB')} rows.` },
    ]);
  const lookup = new Map<string, string>();
  const problems: string[] = [];
  rows.forEach((row, i) => {
    const child = (row[childColumn] ?? '').trim();
    const parent = (row[parentColumn] ?? '').trim();
    if (!children.has(child)) return;
    const line = `Lookup row ${i + 2} (${child})`;
    if (!parents.has(parent))
      problems.push(`${line}: there is no ${opts.within} with the code "${parent}" in this place.`);
    else if (lookup.has(child) && lookup.get(child) !== parent)
      problems.push(`${line}: it is also placed in ${lookup.get(child)} on an earlier row.`);
    else lookup.set(child, parent);
  });
  if (problems.length) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push(`…and ${problems.length - MAX_PROBLEMS} more problems.`);
    throw new Invalid(shown.map((message) => ({ field: 'lookup-csv', message })));
  }
  return lookup;
}

/** Where each new area lies: from the lookup where it has a row, otherwise by best fit. */
function placeAreas(areas: AreaFeature[], parents: Area[], lookup: Map<string, string>): Map<string, Placement> {
  const byCode = new Map(parents.map((p) => [p.code, p]));
  const placements = new Map<string, Placement>();
  const toFit = areas.filter((a) => !lookup.has(a.code));
  for (const a of areas) {
    const parent = byCode.get(lookup.get(a.code) ?? '');
    if (parent) placements.set(a.code, { parentId: parent.id, parentBasis: 'lookup', parentShare: null });
  }
  const drawn = parents.flatMap((p) => (p.boundary ? [{ code: p.code, geometry: p.boundary }] : []));
  for (const fit of bestFitParents(toFit, drawn)) {
    const parent = byCode.get(fit.parentCode ?? '');
    placements.set(
      fit.code,
      parent
        ? { parentId: parent.id, parentBasis: 'best-fit', parentShare: fit.share }
        : { parentId: null, parentBasis: null, parentShare: null },
    );
  }
  return placements;
}

/** "146 placed in wards: 140 from the lookup file, 6 by best fit (smallest share 91%); 2 outside every ward". */
function placementSummary(placements: Map<string, Placement>, within: string): string {
  const all = [...placements.values()];
  const lookedUp = all.filter((p) => p.parentBasis === 'lookup').length;
  const fitted = all.filter((p) => p.parentBasis === 'best-fit');
  const outside = all.filter((p) => p.parentId === null).length;
  const parts = [
    ...(lookedUp ? [`${lookedUp} from the lookup file`] : []),
    ...(fitted.length
      ? [
          `${fitted.length} by best fit (the smallest share of an area's land in its ${within} is ${Math.round(
            Math.min(...fitted.map((p) => p.parentShare ?? 1)) * 100,
          )}%)`,
        ]
      : []),
  ];
  return ` Placed in ${within} areas: ${parts.join(', ') || 'none'}${outside ? `; ${outside} lie outside every ${within} and are in none` : ''}.`;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Invalid([
      {
        field: what,
        message:
          code === 'ENOENT' ? `There is no file at ${path}.` : `Could not read ${path}: ${(err as Error).message}`,
      },
    ]);
  }
}

/**
 * Imports areas from GeoJSON (and optionally population figures) in one transaction:
 * a file with any problem imports nothing. Existing areas with the same code are updated.
 */
export async function importAreasFromFiles(db: Db, ctx: ActionContext, opts: ImportOptions): Promise<string> {
  if (!/^[a-z]{2,20}$/.test(opts.kind))
    throw new Invalid([{ field: 'kind', message: '--kind must be a lower-case word such as ward or lsoa.' }]);
  if (opts.within !== undefined && (!/^[a-z]{2,20}$/.test(opts.within) || opts.within === opts.kind))
    throw new Invalid([{ field: 'within', message: '--within must be another kind of area, such as ward.' }]);
  if (opts.lookupCsvPath !== undefined && opts.within === undefined)
    throw new Invalid([
      { field: 'lookup-csv', message: '--lookup-csv needs --within, the kind of area it places these in.' },
    ]);
  if (
    opts.populationYear !== undefined &&
    (!Number.isInteger(opts.populationYear) || opts.populationYear < 1800 || opts.populationYear > 2200)
  ) {
    throw new Invalid([{ field: 'population-year', message: '--population-year must be a year such as 2021.' }]);
  }
  const parsed = parseAreaFeatures(await readText(opts.geojsonPath, 'geojson'), opts.codeProperty, opts.nameProperty);
  if (!parsed.ok) throw new Invalid(parsed.errors.map((message) => ({ field: 'geojson', message })));
  let population = new Map<string, number>();
  if (opts.populationCsvPath) {
    const pop = parsePopulationCsv(await readText(opts.populationCsvPath, 'population-csv'), [
      'code',
      opts.codeProperty,
    ]);
    if (!pop.ok) throw new Invalid(pop.errors.map((message) => ({ field: 'population-csv', message })));
    const unknown = [...pop.population.keys()].filter((c) => !parsed.areas.some((a) => a.code === c));
    if (unknown.length) {
      throw new Invalid([
        {
          field: 'population-csv',
          message: `The population file has codes that are not in the GeoJSON: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? '…' : ''}`,
        },
      ]);
    }
    population = pop.population;
  }
  let placements: Map<string, Placement> | null = null;
  if (opts.within) {
    const parents = await createAreasRepository(db).list(ctx.placeId, { kind: opts.within });
    if (parents.length === 0)
      throw new Invalid([
        {
          field: 'within',
          message: `There are no ${opts.within} areas in this place to place these in: import them first.`,
        },
      ]);
    const lookup = opts.lookupCsvPath
      ? readLookup(
          await readText(opts.lookupCsvPath, 'lookup-csv'),
          opts.lookupCsvPath,
          { codeProperty: opts.codeProperty, within: opts.within },
          new Set(parsed.areas.map((a) => a.code)),
          new Map(parents.map((p) => [p.code, p])),
        )
      : new Map<string, string>();
    placements = placeAreas(parsed.areas, parents, lookup);
  }
  const { created, updated } = await db.transaction(async (tx) => {
    const repo = createAreasRepository(tx);
    let created = 0;
    let updated = 0;
    for (const a of parsed.areas) {
      const pop = population.get(a.code);
      const result = await repo.upsert({
        placeId: ctx.placeId,
        kind: opts.kind,
        code: a.code,
        name: a.name,
        // Areas the population file does not mention keep the figures they had.
        population: pop,
        populationYear: pop !== undefined ? (opts.populationYear ?? null) : undefined,
        boundary: a.geometry,
        // Without --within, areas keep the parent they had.
        ...placements?.get(a.code),
      });
      if (result.created) created++;
      else updated++;
    }
    await recordAudit(tx, ctx, {
      action: 'areas.imported',
      subjectType: 'area',
      changes: {
        kind: opts.kind,
        created,
        updated,
        withPopulation: population.size,
        ...(placements
          ? {
              within: opts.within,
              fromLookup: [...placements.values()].filter((p) => p.parentBasis === 'lookup').length,
              byBestFit: [...placements.values()].filter((p) => p.parentBasis === 'best-fit').length,
            }
          : {}),
      },
    });
    return { created, updated };
  });
  return (
    `Imported ${parsed.areas.length} ${opts.kind} areas: ${created} new, ${updated} updated${population.size ? `, ${population.size} with population` : ''}.` +
    (placements && opts.within ? placementSummary(placements, opts.within) : '')
  );
}
