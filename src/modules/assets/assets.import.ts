import { z } from 'zod';
import { CsvError, readCsv } from '../../lib/csv.js';
import { assetCategories } from './assets.schema.js';
import { assetFormSchema, type AssetInput } from './assets.validation.js';

/** The most rows one file may hold: a borough's register is hundreds; more is a mistake. */
export const MAX_IMPORT_ROWS = 5000;

/** The columns of an asset file; `name`, `category` and `offers` must be there, the rest may be. */
export const IMPORT_COLUMNS = [
  'name',
  'category',
  'offers',
  'ward',
  'address',
  'contact',
  'opening_times',
  'accessibility',
] as const;

export type ImportProblem = { row: number; message: string };
export type ImportResult = { ok: true; assets: AssetInput[] } | { ok: false; problems: ImportProblem[] };

const fieldOf: Record<string, (typeof IMPORT_COLUMNS)[number]> = {
  areaId: 'ward',
  openingTimes: 'opening_times',
};

/**
 * Reads an asset register CSV: every row checked as the suggestion form checks it, the ward by
 * its code or its name. Either every row is good and all are returned, or none is and every
 * problem is listed by its row in a spreadsheet (the header is row 1).
 */
export function readAssetsCsv(
  text: string,
  wards: { id: string; code: string; name: string }[],
  file = 'the file',
): ImportResult {
  let records: Record<string, string>[];
  try {
    records = readCsv(text, { file, required: ['name', 'category', 'offers'] });
  } catch (err) {
    if (err instanceof CsvError) return { ok: false, problems: [{ row: 1, message: err.message }] };
    throw err;
  }
  if (records.length === 0) return { ok: false, problems: [{ row: 2, message: `${file} has no rows of assets.` }] };
  if (records.length > MAX_IMPORT_ROWS)
    return {
      ok: false,
      problems: [{ row: MAX_IMPORT_ROWS + 2, message: `A file may hold up to ${MAX_IMPORT_ROWS} assets.` }],
    };
  const byKey = new Map<string, string>();
  for (const w of wards) {
    byKey.set(w.code.toLowerCase(), w.id);
    byKey.set(w.name.toLowerCase(), w.id);
  }
  const problems: ImportProblem[] = [];
  const assets: AssetInput[] = [];
  const seen = new Map<string, number>();
  records.forEach((r, i) => {
    const row = i + 2;
    const ward = (r.ward ?? '').trim();
    const areaId = ward ? byKey.get(ward.toLowerCase()) : '';
    if (areaId === undefined)
      problems.push({ row, message: `ward: there is no ward "${ward}" (give its code or name)` });
    const parsed = assetFormSchema.safeParse({
      name: r.name,
      category: (r.category ?? '').trim().toLowerCase(),
      offers: r.offers,
      areaId: areaId ?? '',
      address: r.address ?? '',
      contact: r.contact ?? '',
      openingTimes: r.opening_times ?? '',
      accessibility: r.accessibility ?? '',
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        const column = fieldOf[key] ?? key;
        const message = key === 'category' ? `Choose one of ${assetCategories.join(', ')}` : issue.message;
        problems.push({ row, message: `${column}: ${message}` });
      }
      return;
    }
    const name = parsed.data.name.toLowerCase();
    const first = seen.get(name);
    if (first !== undefined) problems.push({ row, message: `name: "${parsed.data.name}" is also in row ${first}` });
    else seen.set(name, row);
    assets.push(parsed.data);
  });
  return problems.length ? { ok: false, problems } : { ok: true, assets };
}

/** A count of what an import holds by category, for the command's report. */
export function countByCategory(assets: AssetInput[]): string {
  const counts = z
    .enum(assetCategories)
    .options.map((c) => [c, assets.filter((a) => a.category === c).length] as const);
  return counts
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${n} ${c}`)
    .join(', ');
}
