import { readFile } from 'node:fs/promises';
import { parseAreaFeatures, parsePopulationCsv } from '../../lib/geojson.js';
import type { ActionContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Invalid } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { createAreasRepository } from './areas.repository.js';

export type ImportOptions = {
  geojsonPath: string;
  codeProperty: string;
  nameProperty: string;
  populationCsvPath?: string | undefined;
  populationYear?: number | undefined;
  kind: string;
};

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
      });
      if (result.created) created++;
      else updated++;
    }
    await recordAudit(tx, ctx, {
      action: 'areas.imported',
      subjectType: 'area',
      changes: { kind: opts.kind, created, updated, withPopulation: population.size },
    });
    return { created, updated };
  });
  return `Imported ${parsed.areas.length} ${opts.kind} areas: ${created} new, ${updated} updated${population.size ? `, ${population.size} with population` : ''}.`;
}
