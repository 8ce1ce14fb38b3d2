/**
 * Reading the two Polis formats from strings (no file access here): the open-data export
 * (`votes.csv`, `comments.csv`, `participants-votes.csv`) and the raw `votes.json` /
 * `comments.json` of the polis-golden fixtures. Every problem is a {@link PolisInputError} naming
 * the file and line.
 *
 * Signs: both the CSV exports and the fixtures' raw `votes.json` write agree = +1 (checked against
 * the `agree_count` of `comments.json`), which is the library's convention. Only Polis's maths
 * output (`math-pca2.json`) uses agree = −1 internally.
 */
import { CsvError, readCsv, readCsvRows } from '../csv.js';
import { PolisInputError } from './errors.js';
import type { StatementInfo, Vote, VoteValue } from './matrix.js';

/**
 * The one reader of Polis CSV files (the analysis's and the import's): records by header, through
 * the shared CSV reader, with every problem a {@link PolisInputError} naming the file.
 */
export function readPolisCsv(text: string, file: string, required: readonly string[]): Record<string, string>[] {
  let rows: Record<string, string>[];
  let header: string[];
  try {
    rows = readCsv(text, { file });
    header = rows[0] ? Object.keys(rows[0]) : (readCsvRows(text, { file })[0] ?? []);
  } catch (err) {
    if (err instanceof CsvError) throw new PolisInputError(err.message);
    throw err;
  }
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length)
    throw new PolisInputError(
      `${file} has no ${missing.join(', ')} ${missing.length === 1 ? 'column' : 'columns'}: is it the right file from a Polis export?`,
    );
  return rows;
}

/** A Polis CSV file without a header row (summary.csv), as rows of cells. */
export function readPolisCsvRows(text: string, file: string): string[][] {
  try {
    return readCsvRows(text, { file });
  } catch (err) {
    if (err instanceof CsvError) throw new PolisInputError(err.message);
    throw err;
  }
}

function integer(value: string | undefined, file: string, line: number, column: string): number {
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isInteger(n))
    throw new PolisInputError(`${file} line ${line}: ${column} "${value ?? ''}" is not a whole number.`);
  return n;
}

function voteValue(n: number, file: string, line: number): VoteValue {
  if (n !== 1 && n !== -1 && n !== 0) throw new PolisInputError(`${file} line ${line}: vote ${n} must be 1, -1 or 0.`);
  return n;
}

/** `votes.csv` of a Polis open-data export: timestamp, comment-id, voter-id, vote (1 agree). Re-votes are kept; the latest wins later. */
export function parseVotesCsv(text: string, file = 'votes.csv'): Vote[] {
  const rows = readPolisCsv(text, file, ['timestamp', 'comment-id', 'voter-id', 'vote']);
  return rows.map((r, i) => {
    const line = i + 2;
    const participantId = (r['voter-id'] ?? '').trim();
    if (!participantId) throw new PolisInputError(`${file} line ${line}: voter-id is empty.`);
    return {
      participantId,
      statementId: integer(r['comment-id'], file, line, 'comment-id'),
      vote: voteValue(integer(r.vote, file, line, 'vote'), file, line),
      time: integer(r.timestamp, file, line, 'timestamp'),
    };
  });
}

/** `comments.csv` of an open-data export: comment-id and moderated (−1 out, 0 unmoderated, 1 in). The export has no meta flag. */
export function parseCommentsCsv(text: string, file = 'comments.csv'): StatementInfo[] {
  const rows = readPolisCsv(text, file, ['comment-id', 'moderated']);
  return rows.map((r, i) => {
    const line = i + 2;
    const moderated = integer(r.moderated, file, line, 'moderated');
    if (moderated !== -1 && moderated !== 0 && moderated !== 1)
      throw new PolisInputError(`${file} line ${line}: moderated ${moderated} must be -1, 0 or 1.`);
    return { id: integer(r['comment-id'], file, line, 'comment-id'), moderated, isMeta: false };
  });
}

/** `participants-votes.csv`: each participant's Polis group (null when Polis left them out). */
export function parseParticipantGroupsCsv(text: string, file = 'participants-votes.csv'): Map<string, number | null> {
  const rows = readPolisCsv(text, file, ['participant', 'group-id']);
  const out = new Map<string, number | null>();
  rows.forEach((r, i) => {
    const g = (r['group-id'] ?? '').trim();
    out.set((r.participant ?? '').trim(), g === '' ? null : integer(g, file, i + 2, 'group-id'));
  });
  return out;
}

type JsonObject = Record<string, unknown>;

function parseJsonArray(text: string, file: string): JsonObject[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new PolisInputError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(data)) throw new PolisInputError(`${file} must hold a JSON array.`);
  return data as JsonObject[];
}

function field(o: JsonObject, names: string[], file: string, i: number): number {
  for (const n of names) {
    const v = o[n];
    if (v === undefined || v === null) continue;
    const num = typeof v === 'string' ? Number(v) : v;
    if (typeof num === 'number' && Number.isFinite(num)) return num;
  }
  throw new PolisInputError(`${file} item ${i + 1}: no numeric ${names.join(' or ')}.`);
}

/** Raw Polis `votes.json` (pid/tid or participant_id/statement_id; agree = +1). */
export function parseVotesJson(text: string, file = 'votes.json'): Vote[] {
  return parseJsonArray(text, file).map((o, i) => ({
    participantId: String(field(o, ['pid', 'participant_id'], file, i)),
    statementId: field(o, ['tid', 'statement_id'], file, i),
    vote: voteValue(field(o, ['vote'], file, i), file, i + 1),
    time: field(o, ['modified', 'created'], file, i),
  }));
}

/** Raw Polis `comments.json` (tid or statement_id; mod or moderated; is_meta). */
export function parseCommentsJson(text: string, file = 'comments.json'): StatementInfo[] {
  return parseJsonArray(text, file).map((o, i) => {
    const moderated = field(o, ['mod', 'moderated'], file, i);
    if (moderated !== -1 && moderated !== 0 && moderated !== 1)
      throw new PolisInputError(`${file} item ${i + 1}: moderated ${moderated} must be -1, 0 or 1.`);
    return { id: field(o, ['tid', 'statement_id'], file, i), moderated, isMeta: o.is_meta === true };
  });
}
