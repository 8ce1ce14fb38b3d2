import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { importAreasFromFiles } from '../../src/core/areas/index.js';
import type { ActionContext } from '../../src/platform/context.js';
import type { Db } from '../../src/platform/db.js';

/**
 * The London Borough of Bexley's real boundaries and Indices of Deprivation 2019, in ../shared/data
 * (never copied into the repository). Tests that read them skip, saying so, when it is absent.
 */
const shared = path.resolve('..', 'shared/data');

export const BEXLEY = {
  wards: path.join(shared, 'geo', 'martinjc_wards_by_lad_E09000004.geojson'),
  lsoas: path.join(shared, 'geo', 'martinjc_lsoa_by_lad_E09000004.geojson'),
  /** File 1, File 2 and File 6 of the IoD2019, cut to Bexley's 146 LSOAs. */
  imd: path.join(shared, 'deprivation', 'File_1_-_IMD2019_Index_of_Multiple_Deprivation_Bexley_E09000004.csv'),
  domains: path.join(shared, 'deprivation', 'File_2_-_IoD2019_Domains_of_Deprivation_Bexley_E09000004.csv'),
  population: path.join(shared, 'deprivation', 'File_6_-_IoD2019_Population_Denominators_Bexley_E09000004.csv'),
} as const;

/** Whether every Bexley file is there; if not, logs which test needs it. */
export function haveBexleyData(what: string): boolean {
  const ok = Object.values(BEXLEY).every((f) => existsSync(f));
  if (!ok) console.warn(`SKIPPED: ${what} needs ${shared}, which is not there.`);
  return ok;
}

/** One of the deprivation files as the imports take it: its name and its text. */
export function bexleyFile(kind: 'imd' | 'domains' | 'population'): { name: string; text: string } {
  return { name: path.basename(BEXLEY[kind]), text: readFileSync(BEXLEY[kind], 'utf8') };
}

/**
 * Imports Bexley's 21 wards (2013) into the place, then its 146 LSOAs (2011) placed in them by best
 * fit; `only` imports one of the two.
 */
export async function importBexleyAreas(db: Db, ctx: ActionContext, only?: 'wards' | 'lsoas'): Promise<void> {
  if (only !== 'lsoas')
    await importAreasFromFiles(db, ctx, {
      geojsonPath: BEXLEY.wards,
      codeProperty: 'WD13CD',
      nameProperty: 'WD13NM',
      kind: 'ward',
    });
  if (only === 'wards') return;
  await importAreasFromFiles(db, ctx, {
    geojsonPath: BEXLEY.lsoas,
    codeProperty: 'LSOA11CD',
    nameProperty: 'LSOA11NM',
    kind: 'lsoa',
    within: 'ward',
  });
}
