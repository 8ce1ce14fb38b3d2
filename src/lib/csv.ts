/**
 * CSV, once: one writer (RFC 4180, with formula-injection escaping) and one reader (csv-parse).
 *
 * A spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage return as a formula
 * (OWASP "CSV injection"), so every text cell written here that starts with one gets a leading
 * apostrophe, which spreadsheets show as text; {@link unescapeFormula} undoes it on the way back in.
 */
import { parse } from 'csv-parse/sync';

const FORMULA = /^[=+\-@\t\r]/;

/** A text cell made safe to open in a spreadsheet. */
export function escapeFormula(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

/** Undoes {@link escapeFormula}: one apostrophe before a formula character. */
export function unescapeFormula(text: string): string {
  return text.startsWith("'") && FORMULA.test(text.slice(1)) ? text.slice(1) : text;
}

export type CsvCell = string | number | null | undefined;

/** One CSV field, quoted when it holds a comma, quote or line break (RFC 4180). Numbers are written as they are. */
export function csvField(value: CsvCell): string {
  const s =
    value === null || value === undefined ? '' : typeof value === 'number' ? String(value) : escapeFormula(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line, without its line break. */
export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}

/** Rows as a CSV document with CRLF line ends (RFC 4180), the first row usually the header. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map(csvLine).join('\r\n') + '\r\n';
}

/** A file that is not CSV, or lacks a column it must have: the message names the file. */
export class CsvError extends Error {}

/**
 * A CSV document as records keyed by its header row (a byte-order mark is ignored, blank lines
 * skipped). Throws {@link CsvError} naming `file` when it is not CSV or lacks a `required` column.
 */
export function readCsv(
  text: string,
  { file, required = [] }: { file: string; required?: readonly string[] },
): Record<string, string>[] {
  let rows: Record<string, string>[];
  let header: string[];
  try {
    rows = parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true, bom: true });
    header = rows[0] ? Object.keys(rows[0]) : (parse(text, { to_line: 1, bom: true })[0] ?? []);
  } catch (err) {
    throw new CsvError(`${file} is not a valid CSV file: ${(err as Error).message}`);
  }
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length)
    throw new CsvError(`${file} has no ${missing.join(', ')} ${missing.length === 1 ? 'column' : 'columns'}.`);
  return rows;
}

/** A CSV document as rows of cells, for files without a header row. */
export function readCsvRows(text: string, { file }: { file: string }): string[][] {
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (err) {
    throw new CsvError(`${file} is not a valid CSV file: ${(err as Error).message}`);
  }
}
