/**
 * The Polis open-data format (github.com/compdemocracy/openData): writing a conversation as
 * `comments.csv`, `votes.csv`, `participants-votes.csv` and `summary.csv` with exactly Polis's
 * columns, and reading an export back into a plan for a new conversation. No I/O here.
 *
 * CSV injection: a spreadsheet runs a cell starting with = + - @ (or a tab or carriage return) as a
 * formula, and statement text comes from the public. Polis's own exports do not guard against
 * this. The shared CSV writer (src/lib/csv.ts) prefixes such *text* cells (in practice comment-body,
 * and the topic and description in summary.csv) with an apostrophe, which spreadsheets show as text
 * and hide; numbers (a vote of -1) are never touched, so the files stay machine-readable. Our import
 * removes exactly that apostrophe again, so an export re-imports to the same text; other tools will
 * see the apostrophe.
 */
import { csvLine, unescapeFormula } from '../csv.js';
import { londonOffsetMinutes } from '../london-time.js';
import { PolisInputError } from './errors.js';
import { readPolisCsv, readPolisCsvRows } from './io.js';

export type ExportStatement = {
  number: number;
  text: string;
  status: 'pending' | 'accepted' | 'rejected';
  authorNumber: number | null;
  createdAt: Date;
};
export type ExportVote = { participant: number; statement: number; value: -1 | 0 | 1; createdAt: Date };
export type ExportInput = {
  question: string;
  context: string;
  url: string;
  statements: ExportStatement[];
  /** Every vote cast, re-votes included, in the order cast (the latest counts). */
  votes: ExportVote[];
  /** Participant numbers of everyone taking part (voters and authors). */
  participants: number[];
  /** Participant number → group id, from the stored analysis. */
  groupOf: Map<number, number>;
  inConv: number;
  groups: number;
};

/** The files of a Polis open-data export that this format writes, in the order an export lists them. */
export const POLIS_EXPORT_FILES = ['comments.csv', 'votes.csv', 'participants-votes.csv', 'summary.csv'] as const;
export type PolisExportFile = (typeof POLIS_EXPORT_FILES)[number];

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * London's offset from UTC for the UTC hour holding `ms`. Clocks change on a whole UTC hour (01:00),
 * so one lookup per hour is exact, and an export of a million votes works each hour out once.
 */
const offsets = new Map<number, number>();
function londonOffsetMs(ms: number): number {
  const hour = Math.floor(ms / 3_600_000);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    offset = londonOffsetMinutes(new Date(hour * 3_600_000)) * 60_000;
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The `datetime` column as Polis writes it (Java's Date.toString, "Wed Jul 27 22:09:49 WIB 2022"),
 * in London time with GMT or BST.
 */
export function polisDateTime(d: Date): string {
  const offset = londonOffsetMs(d.getTime());
  const l = new Date(d.getTime() + offset);
  const zone = offset === 3_600_000 ? 'BST' : 'GMT';
  return `${WEEKDAYS[l.getUTCDay()]} ${MONTHS[l.getUTCMonth()]} ${pad2(l.getUTCDate())} ${pad2(l.getUTCHours())}:${pad2(l.getUTCMinutes())}:${pad2(l.getUTCSeconds())} ${zone} ${l.getUTCFullYear()}`;
}

const moderated = (s: ExportStatement['status']) => (s === 'accepted' ? 1 : s === 'rejected' ? -1 : 0);

/** Each participant's latest vote per statement. */
function latestVotes(votes: ExportVote[]): Map<number, Map<number, -1 | 0 | 1>> {
  const out = new Map<number, Map<number, -1 | 0 | 1>>();
  for (const v of votes) {
    let row = out.get(v.participant);
    if (!row) out.set(v.participant, (row = new Map()));
    row.set(v.statement, v.value);
  }
  return out;
}

/** The four files of a Polis open-data export. */
export function exportPolis(input: ExportInput): Record<PolisExportFile, string> {
  const latest = latestVotes(input.votes);
  // Polis's comments.csv counts every agree and disagree row, re-votes included (checked: this
  // reproduces all 7 open-data conversations here; counting latest votes reproduces 37 of 39
  // comments of london.youth.policing and 101 of 197 of vtaiwan.uberx).
  const agrees = new Map<number, number>();
  const disagrees = new Map<number, number>();
  for (const v of input.votes) {
    if (v.value === 1) agrees.set(v.statement, (agrees.get(v.statement) ?? 0) + 1);
    if (v.value === -1) disagrees.set(v.statement, (disagrees.get(v.statement) ?? 0) + 1);
  }

  // Polis lists comments newest id first.
  const statements = [...input.statements].sort((a, b) => b.number - a.number);
  const comments = [
    'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body',
    ...statements.map((s) =>
      csvLine([
        s.createdAt.getTime(),
        polisDateTime(s.createdAt),
        s.number,
        s.authorNumber,
        agrees.get(s.number) ?? 0,
        disagrees.get(s.number) ?? 0,
        moderated(s.status),
        s.text,
      ]),
    ),
  ];

  // Every vote, re-votes included, by comment then voter then time, as in Polis's files.
  const ordered = input.votes
    .map((v, i) => ({ v, i }))
    .sort((a, b) => a.v.statement - b.v.statement || a.v.participant - b.v.participant || a.i - b.i);
  const votes = [
    'timestamp,datetime,comment-id,voter-id,vote',
    ...ordered.map(({ v }) =>
      csvLine([v.createdAt.getTime(), polisDateTime(v.createdAt), v.statement, v.participant, v.value]),
    ),
  ];

  // One column per statement with at least one vote (moderated out or not, as in Polis's files),
  // by id; one row per participant.
  const voted = new Set(input.votes.map((v) => v.statement));
  const columns = input.statements
    .filter((s) => voted.has(s.number))
    .map((s) => s.number)
    .sort((a, b) => a - b);
  const authored = new Map<number, number>();
  for (const s of input.statements)
    if (s.authorNumber !== null) authored.set(s.authorNumber, (authored.get(s.authorNumber) ?? 0) + 1);
  const people = [...new Set([...input.participants, ...latest.keys()])].sort((a, b) => a - b);
  const pv = [
    csvLine(['participant', 'xid', 'group-id', 'n-comments', 'n-votes', 'n-agree', 'n-disagree', ...columns]),
    ...people.map((p) => {
      const row = latest.get(p) ?? new Map<number, -1 | 0 | 1>();
      let agree = 0;
      let disagree = 0;
      for (const v of row.values()) {
        if (v === 1) agree++;
        if (v === -1) disagree++;
      }
      return csvLine([
        p,
        '',
        input.groupOf.get(p) ?? '',
        authored.get(p) ?? 0,
        row.size,
        agree,
        disagree,
        ...columns.map((c) => (row.has(c) ? row.get(c)! : '')),
      ]);
    }),
  ];

  const commenters = new Set(input.statements.flatMap((s) => (s.authorNumber === null ? [] : [s.authorNumber])));
  const summary = [
    csvLine(['topic', input.question]),
    csvLine(['url', input.url]),
    // We do not count page views; the nearest figure is the number of people who took part.
    csvLine(['views', people.length]),
    csvLine(['voters', latest.size]),
    csvLine(['voters-in-conv', input.inConv]),
    csvLine(['commenters', commenters.size]),
    // Polis counts the statements that have votes (the columns of participants-votes.csv).
    csvLine(['comments', columns.length]),
    csvLine(['groups', input.groups]),
    csvLine(['conversation-description', input.context]),
  ];

  const file = (lines: string[]) => `${lines.join('\n')}\n`;
  return {
    'comments.csv': file(comments),
    'votes.csv': file(votes),
    'participants-votes.csv': file(pv),
    'summary.csv': file(summary),
  };
}

// ---------------------------------------------------------------- import

export type ImportStatement = {
  number: number;
  text: string;
  status: 'pending' | 'accepted' | 'rejected';
  authorNumber: number | null;
  createdAt: Date | null;
};
export type ImportVote = { participant: number; statement: number; value: -1 | 0 | 1; createdAt: Date };
export type ImportPlan = {
  topic: string | null;
  description: string;
  url: string | null;
  statements: ImportStatement[];
  /** In the order cast (by timestamp, then file order), so the latest vote is inserted last. */
  votes: ImportVote[];
  participants: number[];
};

/** At most this many problems are listed; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 10;

const wholeNumber = (value: string | undefined) => {
  const s = (value ?? '').trim();
  return /^-?\d+$/.test(s) ? Number(s) : NaN;
};

/**
 * Read a Polis export into a plan, checking everything before anything is stored. Every problem is
 * collected (up to {@link MAX_LISTED_PROBLEMS}) so the officer can fix the files in one go.
 */
export function planImport(files: { comments: string; votes: string; summary?: string | null }): ImportPlan {
  const problems: string[] = [];
  let more = 0;
  const problem = (message: string) => {
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push(message);
    else more++;
  };

  const commentRows = readPolisCsv(files.comments, 'comments.csv', ['comment-id', 'moderated', 'comment-body']);
  const voteRows = readPolisCsv(files.votes, 'votes.csv', ['timestamp', 'comment-id', 'voter-id', 'vote']);
  let topic: string | null = null;
  let description = '';
  let url: string | null = null;
  if (files.summary && files.summary.trim()) {
    const rows = readPolisCsvRows(files.summary, 'summary.csv');
    const map = new Map(rows.map((r) => [(r[0] ?? '').trim(), r[1] ?? '']));
    if (!map.has('topic'))
      throw new PolisInputError('summary.csv has no topic row: is it the right file from a Polis export?');
    topic = unescapeFormula(map.get('topic')!.trim()) || null;
    description = unescapeFormula((map.get('conversation-description') ?? '').trim());
    const u = (map.get('url') ?? '').trim();
    url = /^https?:\/\/\S+$/i.test(u) ? u : null;
  }

  const statements: ImportStatement[] = [];
  const seen = new Set<number>();
  commentRows.forEach((r, i) => {
    const line = i + 2;
    const id = wholeNumber(r['comment-id']);
    if (!Number.isSafeInteger(id) || id < 0 || id > 2_000_000_000) {
      problem(`comments.csv line ${line}: comment-id "${r['comment-id'] ?? ''}" is not a whole number of 0 or more.`);
      return;
    }
    if (seen.has(id)) problem(`comments.csv line ${line}: comment-id ${id} appears twice.`);
    seen.add(id);
    const mod = wholeNumber(r.moderated);
    if (mod !== -1 && mod !== 0 && mod !== 1)
      problem(`comments.csv line ${line}: moderated "${r.moderated ?? ''}" must be -1, 0 or 1.`);
    const text = unescapeFormula((r['comment-body'] ?? '').trim());
    if (!text) problem(`comments.csv line ${line}: comment ${id} has no text.`);
    if (text.length > 5000) problem(`comments.csv line ${line}: comment ${id} is longer than 5,000 characters.`);
    const authorText = (r['author-id'] ?? '').trim();
    const author = authorText === '' ? null : wholeNumber(authorText);
    if (author !== null && (!Number.isSafeInteger(author) || author < 0 || author > 2_000_000_000))
      problem(`comments.csv line ${line}: author-id "${authorText}" is not a whole number of 0 or more.`);
    const ts = wholeNumber(r.timestamp);
    statements.push({
      number: id,
      text,
      status: mod === 1 ? 'accepted' : mod === -1 ? 'rejected' : 'pending',
      authorNumber: author !== null && Number.isSafeInteger(author) ? author : null,
      createdAt: Number.isSafeInteger(ts) && ts > 0 ? new Date(ts) : null,
    });
  });
  if (commentRows.length === 0) problem('comments.csv has no comments.');

  const votes: (ImportVote & { line: number })[] = [];
  voteRows.forEach((r, i) => {
    const line = i + 2;
    const ts = wholeNumber(r.timestamp);
    const c = wholeNumber(r['comment-id']);
    const p = wholeNumber(r['voter-id']);
    const v = wholeNumber(r.vote);
    if (!Number.isSafeInteger(ts) || ts <= 0 || Number.isNaN(new Date(ts).getTime()))
      return problem(`votes.csv line ${line}: timestamp "${r.timestamp ?? ''}" is not a time in milliseconds.`);
    if (!Number.isSafeInteger(p) || p < 0 || p > 2_000_000_000)
      return problem(`votes.csv line ${line}: voter-id "${r['voter-id'] ?? ''}" is not a whole number of 0 or more.`);
    if (!seen.has(c))
      return problem(`votes.csv line ${line}: comment-id "${r['comment-id'] ?? ''}" is not in comments.csv.`);
    if (v !== 1 && v !== -1 && v !== 0)
      return problem(`votes.csv line ${line}: vote "${r.vote ?? ''}" must be 1, -1 or 0.`);
    votes.push({ participant: p, statement: c, value: v, createdAt: new Date(ts), line });
  });

  if (problems.length) {
    const list = problems.join(' ');
    throw new PolisInputError(more ? `${list} And ${more} more ${more === 1 ? 'problem' : 'problems'}.` : list);
  }
  // The latest vote by timestamp wins (file order breaks ties), as in Polis.
  votes.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.line - b.line);
  const participants = [
    ...new Set([
      ...votes.map((v) => v.participant),
      ...statements.flatMap((s) => (s.authorNumber === null ? [] : [s.authorNumber])),
    ]),
  ].sort((a, b) => a - b);
  return {
    topic,
    description,
    url,
    statements: statements.sort((a, b) => a.number - b.number),
    votes: votes.map(({ line: _line, ...v }) => v),
    participants,
  };
}

/** The attribution Polis asks for, with the source link (README of compdemocracy/openData). */
export function polisAttribution(links: string[]): string {
  return [
    'Data was gathered using the Polis software (compdemocracy.org/polis) and is sub-licensed under CC BY 4.0 with Attribution to The Computational Democracy Project. The data and more information about how the data was collected can be found at the following link(s):',
    ...links,
  ].join('\n');
}
