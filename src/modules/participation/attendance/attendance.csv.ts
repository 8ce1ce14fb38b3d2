import { parse } from 'csv-parse/sync';

/** A paper sign-in sheet, typed up as CSV: its limits and columns. */
export const SHEET_MAX_ROWS = 2000;
export const SHEET_MAX_BYTES = 1024 * 1024;
export const sheetColumns = ['name', 'email', 'role', 'minutes'] as const;
export type SheetColumn = (typeof sheetColumns)[number];
export const attendanceRoles = ['participant', 'volunteer', 'lead'] as const;
export type SheetRole = (typeof attendanceRoles)[number];

/** One problem for the row-by-row report: `row` is the line in the file (the header is 1), null for the whole file. */
export type SheetProblem = { row: number | null; read: string; problem: string };

/** A data row that passed the checks that need no database. */
export type SheetRow = {
  row: number;
  read: string;
  name: string | null;
  email: string | null;
  role: SheetRole;
  minutes: number | null;
};

export type SheetResult = { rows: SheetRow[]; problems: SheetProblem[] };

/** Cells a spreadsheet would run as a formula when the file is opened again (CSV injection). */
function looksLikeFormula(cell: string): boolean {
  return /^[\t\r]/.test(cell) || /^\s*[=+\-@]/.test(cell);
}

function describe(cells: string[], header: string[]): string {
  const parts = header.map((h, i) => `${h || '?'}: ${cells[i] ?? ''}`);
  for (let i = header.length; i < cells.length; i++) parts.push(`extra: ${cells[i]}`);
  const text = parts.join(', ');
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}

const fileProblem = (problem: string): SheetResult => ({ rows: [], problems: [{ row: null, read: '', problem }] });

/** The text of an upload, or a reason it is not a UTF-8 text file. */
export function decodeSheet(bytes: Buffer): { text: string } | { problem: string } {
  if (bytes.length === 0)
    return { problem: 'The file is empty. Choose a CSV file with a header row and one row per person.' };
  if (bytes.length > SHEET_MAX_BYTES) return { problem: 'The file is larger than 1 MB. Split it into smaller files.' };
  if (bytes.includes(0))
    return {
      problem:
        'The file is not a CSV text file (it looks like a spreadsheet or other binary file). Save it as "CSV UTF-8" and try again.',
    };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { problem: 'The file is not saved as UTF-8 text. Save it as "CSV UTF-8" and try again.' };
  }
}

/**
 * Reads a sign-in sheet and checks everything that needs no database: the header, the number of
 * rows, formulas, roles and minutes. `emailAllowed` is false for organisers, who match by name only.
 */
export function readSheet(text: string, emailAllowed: boolean): SheetResult {
  if (text.includes('\u0000'))
    return fileProblem('The file is not a CSV text file. Save it as "CSV UTF-8" and try again.');
  if (text.length > SHEET_MAX_BYTES) return fileProblem('The file is larger than 1 MB. Split it into smaller files.');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      max_record_size: 10_000,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return {
      rows: [],
      problems: [
        {
          row: typeof line === 'number' ? line : null,
          read: '',
          problem:
            'The file is not valid CSV here (check for a quotation mark that is not closed). Nothing was imported.',
        },
      ],
    };
  }
  const first = records[0];
  if (!first) return fileProblem('The file is empty. Add a header row (name, role, minutes) and one row per person.');

  const header = first.record.map((h) => h.toLowerCase());
  const headerProblems: string[] = [];
  const unknown = header.filter((h) => !(sheetColumns as readonly string[]).includes(h));
  if (unknown.length)
    headerProblems.push(
      `The header has columns this import does not know: ${unknown.map((u) => `"${u.slice(0, 40)}"`).join(', ')}. Use name, email, role and minutes.`,
    );
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (repeated.length) headerProblems.push(`The header names a column twice: ${[...new Set(repeated)].join(', ')}.`);
  if (!header.includes('name') && !header.includes('email'))
    headerProblems.push('The first row must be a header with a "name" or "email" column.');
  if (header.includes('email') && !emailAllowed)
    headerProblems.push('Only council officers can match people by email. Remove the email column and use names.');
  if (headerProblems.length)
    return {
      rows: [],
      problems: headerProblems.map((problem) => ({ row: 1, read: first.record.join(', ').slice(0, 200), problem })),
    };

  const data = records.slice(1);
  if (data.length === 0) return fileProblem('The file has a header but no rows. Add one row per person who came.');
  if (data.length > SHEET_MAX_ROWS)
    return fileProblem(
      `The file has ${data.length.toLocaleString('en-GB')} rows; import at most ${SHEET_MAX_ROWS.toLocaleString('en-GB')} at a time.`,
    );

  const col = (c: SheetColumn) => header.indexOf(c);
  const rows: SheetRow[] = [];
  const problems: SheetProblem[] = [];
  for (const { record, info } of data) {
    const row = info.lines;
    const read = describe(record, header);
    const problem = (p: string) => problems.push({ row, read, problem: p });
    if (record.length !== header.length) {
      problem(`This row has ${record.length} cells but the header has ${header.length}.`);
      continue;
    }
    const formula = record.find(looksLikeFormula);
    if (formula !== undefined) {
      problem(
        'A cell starts with =, +, - or @, which spreadsheets run as a formula. Remove that character (write minutes as a plain number).',
      );
      continue;
    }
    const cell = (c: SheetColumn) => (col(c) >= 0 ? record[col(c)]! : '');
    const name = cell('name');
    const email = cell('email');
    if (!name && !email) {
      problem('Enter the person’s name' + (col('email') >= 0 ? ' or email.' : '.'));
      continue;
    }
    if (name.length > 200) {
      problem('The name is longer than 200 characters.');
      continue;
    }
    if (email && (email.length > 320 || !/^[^\s@]+@[^\s@]+$/.test(email))) {
      problem('Enter the email address in the right format, like name@example.com.');
      continue;
    }
    const roleText = cell('role').toLowerCase();
    if (roleText && !(attendanceRoles as readonly string[]).includes(roleText)) {
      problem('The role must be participant, volunteer or lead (or left empty for participant).');
      continue;
    }
    const role = (roleText || 'participant') as SheetRole;
    const minutesText = cell('minutes');
    let minutes: number | null = null;
    if (minutesText) {
      if (!/^\d{1,4}$/.test(minutesText) || Number(minutesText) < 1 || Number(minutesText) > 1440) {
        problem('Minutes must be a whole number from 1 to 1440, like 90.');
        continue;
      }
      if (role !== 'volunteer') {
        problem('Minutes can only be given for volunteers; leave it empty for participants and leads.');
        continue;
      }
      minutes = Number(minutesText);
    }
    rows.push({ row, read, name: name || null, email: email ? email.toLowerCase() : null, role, minutes });
  }
  return { rows, problems };
}
