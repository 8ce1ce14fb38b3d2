import ExcelJS from 'exceljs';
import { parsePriceYear } from '../impact.fields.js';

/** The GMCA Unit Cost Database's theme sheets (v3.0 layout). */
export const gmcaThemes = [
  'Crime',
  'Education & Skills',
  'Employment & Economy',
  'Health',
  'Housing',
  'Social Services',
] as const;

export const GMCA_MAX_BYTES = 5 * 1024 * 1024;
/** The most a workbook may unpack to: the real one unpacks to a few MB; a zip bomb to gigabytes. */
export const GMCA_MAX_UNPACKED_BYTES = 60 * 1024 * 1024;
export const GMCA_MAX_ROWS = 5000;
export const gmcaLicence = 'Creative Commons Attribution 4.0 (CC BY 4.0)';
export const gmcaAttribution =
  'Unit Cost Database © Greater Manchester Combined Authority (GMCA), licensed under CC BY 4.0. Values as published; uprated by this council where shown.';
export const gmcaSourceUrl =
  'https://www.greatermanchester-ca.gov.uk/what-we-do/research/research-cost-benefit-analysis/';

/**
 * What a zip archive says its files unpack to, summed from its central directory, or null when
 * the directory cannot be found. Read before unpacking anything, so a zip bomb is refused unopened.
 */
export function zipUnpackedSize(bytes: Buffer): number | null {
  // The end-of-central-directory record is in the last 22 bytes plus a comment of up to 64 KB.
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return null;
    const size = bytes.readUInt32LE(at + 24);
    // 0xFFFFFFFF means the real size is in a ZIP64 field: far beyond anything a workbook needs.
    total += size === 0xffffffff ? Number.MAX_SAFE_INTEGER / 2 : size;
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return total;
}

/** One problem for the row-by-row report: `row` is the row number in the sheet, null for the whole file. */
export type GmcaProblem = { sheet: string | null; row: number | null; problem: string };

/** A row that passed every check. */
export type GmcaRow = {
  sheet: string;
  row: number;
  code: string;
  detail: string;
  unit: string;
  agency: string;
  valuePence: number;
  priceYear: number;
  priceYearLabel: string;
};

export type GmcaResult = { rows: GmcaRow[]; problems: GmcaProblem[]; sheets: { name: string; rows: number }[] };

type Field = 'code' | 'detail' | 'unit' | 'agency' | 'value' | 'priceYear';
const fieldNames: Record<Field, string> = {
  code: 'cost code',
  detail: 'detail',
  unit: 'unit',
  agency: 'agency',
  value: 'value',
  priceYear: 'price year',
};

/** Which field a header cell names, by its words; order matters ("unit cost" is a value, "price year" is not a value). */
function headerField(text: string): Field | null {
  const h = text.toLowerCase().replace(/\s+/g, ' ').trim();
  if (!h) return null;
  if (/price\s*year|price base|year/.test(h)) return 'priceYear';
  if (/code/.test(h)) return 'code';
  if (/agency|bears|organisation/.test(h)) return 'agency';
  if (/detail|description|outcome|item/.test(h)) return 'detail';
  if (/value|cost|£/.test(h)) return 'value';
  if (/^unit/.test(h)) return 'unit';
  return null;
}

/** A cell's text, whatever it holds (rich text, hyperlinks, formulas with results); null for a formula without a result. */
function cellText(cell: ExcelJS.Cell): string | null {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) {
      const r = o.result;
      // A saved result is a number, text, a truth value or a date (an object, like an error: none).
      if (typeof r === 'number' || typeof r === 'string' || typeof r === 'boolean') return String(r);
      return null;
    }
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('');
    if (typeof o.text === 'string') return o.text;
    if (typeof o.error === 'string') return null;
  }
  return '';
}

function cellNumber(cell: ExcelJS.Cell): number | null {
  const v = cell.value as unknown;
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'result' in v) {
    if (typeof v.result === 'number') return v.result;
  }
  const t = cellText(cell);
  if (t === null) return null;
  const clean = t.replace(/^£/, '').replace(/,/g, '').trim();
  return /^\d+(\.\d+)?$/.test(clean) ? Number(clean) : null;
}

/**
 * Reads a GMCA Unit Cost Database workbook and checks every row of its theme sheets. Nothing is
 * stored here: the caller imports the rows only when there are no problems at all.
 */
export async function readGmcaWorkbook(bytes: Buffer): Promise<GmcaResult> {
  const whole = (problem: string): GmcaResult => ({
    rows: [],
    problems: [{ sheet: null, row: null, problem }],
    sheets: [],
  });
  if (bytes.length === 0) return whole('The file is empty. Choose the Unit Cost Database workbook (.xlsx).');
  if (bytes.length > GMCA_MAX_BYTES)
    return whole('The file is larger than 5 MB, which is bigger than the Unit Cost Database workbook.');
  // An .xlsx file is a zip archive: it starts with "PK".
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    return whole('The file is not an Excel workbook (.xlsx). Save it as "Excel Workbook (.xlsx)" and try again.');
  const unpacked = zipUnpackedSize(bytes);
  if (unpacked === null)
    return whole(
      'The file could not be read as an Excel workbook (.xlsx). It may be damaged, or saved in another format.',
    );
  if (unpacked > GMCA_MAX_UNPACKED_BYTES)
    return whole('The workbook unpacks to far more data than the Unit Cost Database holds, so it was not opened.');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return whole(
      'The file could not be read as an Excel workbook (.xlsx). It may be damaged, or saved in another format.',
    );
  }
  const rows: GmcaRow[] = [];
  const problems: GmcaProblem[] = [];
  const sheets: GmcaResult['sheets'] = [];
  const seenCodes = new Map<string, string>();
  const themeSheets = workbook.worksheets.filter((ws) =>
    (gmcaThemes as readonly string[]).some((t) => t.toLowerCase() === ws.name.trim().toLowerCase()),
  );
  if (!themeSheets.length)
    return whole(
      `The workbook has none of the Unit Cost Database’s theme sheets (${gmcaThemes.join('; ')}). Check you chose the right file.`,
    );
  let total = 0;
  for (const ws of themeSheets) {
    const sheet = ws.name.trim();
    // The header is the first row, among the first 15, that names a code and a value.
    let headerRow = 0;
    let columns: Partial<Record<Field, number>> = {};
    for (let r = 1; r <= Math.min(15, ws.rowCount); r++) {
      const found: Partial<Record<Field, number>> = {};
      ws.getRow(r).eachCell((cell, col) => {
        const f = headerField(cellText(cell) ?? '');
        if (f && found[f] === undefined) found[f] = col;
      });
      if (found.code !== undefined && found.value !== undefined) {
        headerRow = r;
        columns = found;
        break;
      }
    }
    if (!headerRow) {
      problems.push({
        sheet,
        row: null,
        problem: 'This sheet has no header row naming a cost code and a value column.',
      });
      continue;
    }
    const missing = (Object.keys(fieldNames) as Field[]).filter((f) => columns[f] === undefined);
    if (missing.length) {
      problems.push({
        sheet,
        row: headerRow,
        problem: `The header has no ${missing.map((m) => fieldNames[m]).join(', ')} column.`,
      });
      continue;
    }
    let count = 0;
    for (let r = headerRow + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const text = (f: Field) => cellText(row.getCell(columns[f]!));
      const values = (Object.keys(fieldNames) as Field[]).map(text);
      if (values.every((v) => v === '' || v === null)) continue;
      if (++total > GMCA_MAX_ROWS) {
        return whole(
          `The workbook has more than ${GMCA_MAX_ROWS.toLocaleString('en-GB')} rows; the Unit Cost Database has fewer than 1,000.`,
        );
      }
      const problem = (p: string) => problems.push({ sheet, row: r, problem: p });
      if (values.some((v) => v === null)) {
        problem(
          'A cell holds a formula without a saved result, or an error. Open the file in a spreadsheet, save it, and try again.',
        );
        continue;
      }
      const code = text('code')!.trim();
      const detail = text('detail')!.trim();
      const unit = text('unit')!.trim();
      const agency = text('agency')!.trim();
      const yearText = text('priceYear')!.trim();
      // Section headings inside a sheet have a code-like label and nothing else.
      if (!detail && !unit && !agency && !yearText && text('value') === '') continue;
      if (!/^[A-Za-z]{1,4}\d{1,3}(\.\d{1,3})*[a-z]?$/.test(code)) {
        problem(`The cost code "${code.slice(0, 40)}" is not in the form of a code like CR1.0.`);
        continue;
      }
      if (seenCodes.has(code.toUpperCase())) {
        problem(`The cost code ${code} appears twice (first on sheet ${seenCodes.get(code.toUpperCase())}).`);
        continue;
      }
      if (!detail || detail.length > 1000) {
        problem(detail ? 'The detail is longer than 1,000 characters.' : 'The detail is empty.');
        continue;
      }
      if (!unit || unit.length > 200) {
        problem(unit ? 'The unit is longer than 200 characters.' : 'The unit is empty.');
        continue;
      }
      if (!agency || agency.length > 200) {
        problem(agency ? 'The agency is longer than 200 characters.' : 'The agency is empty.');
        continue;
      }
      const value = cellNumber(row.getCell(columns.value!));
      if (value === null || !(value > 0) || value > 100_000_000) {
        problem(`The value "${(text('value') ?? '').slice(0, 40)}" is not an amount in pounds above zero.`);
        continue;
      }
      const year = parsePriceYear(yearText);
      if (!year) {
        problem(`The price year "${yearText.slice(0, 40)}" is not a year like 2019 or a financial year like 2010/11.`);
        continue;
      }
      seenCodes.set(code.toUpperCase(), sheet);
      rows.push({
        sheet,
        row: r,
        code,
        detail,
        unit,
        agency,
        valuePence: Math.round(value * 100),
        priceYear: year.year,
        priceYearLabel: year.label,
      });
      count++;
    }
    sheets.push({ name: sheet, rows: count });
  }
  if (!problems.length && !rows.length) return whole('The theme sheets have no rows of values.');
  return { rows, problems, sheets };
}
