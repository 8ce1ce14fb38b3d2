/**
 * The English Indices of Deprivation as MHCLG publishes them, read from CSV: File 1 (the Index of
 * Multiple Deprivation's rank and decile), File 2 (the seven domains' ranks and deciles) and File 6
 * (population denominators), of the 2019 release (on 2011 LSOAs) or the 2025 release (on 2021
 * LSOAs). Each file is recognised by its header row, not its name. Pure: no I/O.
 *
 * Ranks run from 1 (the most deprived small area in England) to the number of LSOAs; deciles from
 * 1 (the most deprived 10%) to 10. Numbers may be written with thousands separators ("29,599"),
 * as the published spreadsheets are often saved.
 */
import { CsvError, readCsv } from '../../../lib/csv.js';

/** The seven domains, in MHCLG's order, with the start of their column names. */
export const DOMAINS = [
  { key: 'income', label: 'Income', column: 'Income' },
  { key: 'employment', label: 'Employment', column: 'Employment' },
  { key: 'education', label: 'Education, skills and training', column: 'Education, Skills and Training' },
  { key: 'health', label: 'Health and disability', column: 'Health Deprivation and Disability' },
  { key: 'crime', label: 'Crime', column: 'Crime' },
  { key: 'housing', label: 'Barriers to housing and services', column: 'Barriers to Housing and Services' },
  { key: 'environment', label: 'Living environment', column: 'Living Environment' },
] as const;
export type DomainKey = (typeof DOMAINS)[number]['key'];

export type RankDecile = { rank: number; decile: number };

/** The releases read here: the year each was published, its LSOAs, and how many LSOAs it ranks. */
export const RELEASES = {
  2019: { lsoaYear: 2011, lsoas: 32_844 },
  2025: { lsoaYear: 2021, lsoas: 33_755 },
} as const;
export type Release = keyof typeof RELEASES;

/**
 * The decile a rank falls in: the tenth of the release's LSOAs, counted from the most deprived,
 * that holds it (1 for England's most deprived 10%, 10 for the least deprived).
 */
export function decileOfRank(rank: number, release: Release): number {
  return Math.min(10, Math.max(1, Math.ceil((rank * 10) / RELEASES[release].lsoas)));
}

export type DeprivationFileKind = 'imd' | 'domains' | 'population';

/** What one file says about one LSOA; each kind of file fills its own part. */
export type LsoaDeprivation = {
  code: string;
  imd?: RankDecile;
  domains?: Record<DomainKey, RankDecile>;
  population?: number;
};

export type DeprivationFile = {
  kind: DeprivationFileKind;
  release: Release;
  /** The mid-year of the population estimates (File 6 only). */
  populationYear: number | null;
  rows: LsoaDeprivation[];
};

export type FileProblem = { row: number; message: string };
export type ReadResult = { ok: true; file: DeprivationFile } | { ok: false; problems: FileProblem[] };

/** National files have one row per LSOA in England; more than this is not one of them. */
const MAX_ROWS = 40_000;
/** An LSOA holds about 1,500 people; no small area holds this many. */
const MAX_LSOA_POPULATION = 100_000;
const MAX_PROBLEMS = 50;

const KIND_NAMES: Record<DeprivationFileKind, string> = {
  imd: 'File 1 (Index of Multiple Deprivation)',
  domains: 'File 2 (domains of deprivation)',
  population: 'File 6 (population denominators)',
};
export const describeKind = (kind: DeprivationFileKind) => KIND_NAMES[kind];

/** A whole number, with or without thousands separators; null for anything else. */
export function wholeNumber(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,3}(,\d{3})+$|^\d+$/.test(t)) return null;
  const n = Number(t.replace(/,/g, ''));
  return Number.isSafeInteger(n) ? n : null;
}

const startsWith = (header: string[], start: string) =>
  header.find((h) => h.toLowerCase().startsWith(start.toLowerCase()));

/** The columns a file's header names, and so what kind of file it is; or why it is none. */
function recognise(header: string[]) {
  const codeColumn = header.find((h) => /^LSOA code \((2011|2021)\)$/i.test(h.trim()));
  if (!codeColumn) return null;
  const release: Release = codeColumn.includes('2011') ? 2019 : 2025;
  const population = header.find((h) => /^Total population: mid[- ]\d{4}/i.test(h.trim()));
  if (population) {
    const year = Number(/mid[- ](\d{4})/i.exec(population)?.[1]);
    return { kind: 'population' as const, release, codeColumn, population, populationYear: year };
  }
  const imdRank = startsWith(header, 'Index of Multiple Deprivation (IMD) Rank');
  const imdDecile = startsWith(header, 'Index of Multiple Deprivation (IMD) Decile');
  const domains = DOMAINS.map((d) => ({
    key: d.key,
    rank: startsWith(header, `${d.column} Rank`),
    decile: startsWith(header, `${d.column} Decile`),
  }));
  const hasDomains = domains.some((d) => d.rank);
  return {
    kind: hasDomains ? ('domains' as const) : ('imd' as const),
    release,
    codeColumn,
    imdRank,
    imdDecile,
    domains: hasDomains ? domains : [],
    populationYear: null,
  };
}

/**
 * Reads one published file. Either every row is good and all are returned, or none is and every
 * problem is listed by its row in a spreadsheet (the header is row 1).
 */
export function readDeprivationCsv(text: string, file = 'the file'): ReadResult {
  let records: Record<string, string>[];
  try {
    records = readCsv(text, { file });
  } catch (err) {
    if (err instanceof CsvError) return { ok: false, problems: [{ row: 1, message: err.message }] };
    throw err;
  }
  const header = Object.keys(records[0] ?? {});
  const shape = recognise(header);
  if (!shape)
    return {
      ok: false,
      problems: [
        {
          row: 1,
          message: `${file} is not one of the Indices of Deprivation files this reads: its header has no "LSOA code (2011)" or "LSOA code (2021)" column. Use File 1, 2 or 6 as MHCLG publishes them, saved as CSV.`,
        },
      ],
    };
  const problems: FileProblem[] = [];
  const missing = [
    ...(shape.kind !== 'population' && !shape.imdRank ? ['Index of Multiple Deprivation (IMD) Rank'] : []),
    ...(shape.kind !== 'population' && !shape.imdDecile ? ['Index of Multiple Deprivation (IMD) Decile'] : []),
    ...(shape.kind === 'domains'
      ? shape.domains.flatMap((d) => {
          const column = DOMAINS.find((x) => x.key === d.key)?.column ?? d.key;
          return [...(d.rank ? [] : [`${column} Rank`]), ...(d.decile ? [] : [`${column} Decile`])];
        })
      : []),
  ];
  if (missing.length)
    return {
      ok: false,
      problems: [
        { row: 1, message: `${file} looks like ${KIND_NAMES[shape.kind]} but has no ${missing.join(', ')} column.` },
      ],
    };
  if (records.length === 0) return { ok: false, problems: [{ row: 2, message: `${file} has no rows.` }] };
  if (records.length > MAX_ROWS)
    return {
      ok: false,
      problems: [{ row: MAX_ROWS + 2, message: `${file} has more rows than there are LSOAs in England.` }],
    };
  const maxRank = RELEASES[shape.release].lsoas;
  const seen = new Map<string, number>();
  const rows: LsoaDeprivation[] = [];

  records.forEach((record, i) => {
    const row = i + 2;
    const code = (record[shape.codeColumn] ?? '').trim();
    const say = (message: string) => problems.push({ row, message: code ? `${code}: ${message}` : message });
    if (!/^E0\d{7}$/.test(code)) {
      say(`"${code}" is not an LSOA code (E01 and six digits).`);
      return;
    }
    const earlier = seen.get(code);
    if (earlier) {
      say(`it is also on row ${earlier}.`);
      return;
    }
    seen.set(code, row);
    const rankOf = (column: string, what: string): RankDecile['rank'] | null => {
      const raw = record[column] ?? '';
      const n = wholeNumber(raw);
      if (n === null || n < 1 || n > maxRank) {
        say(`the ${what} rank "${raw}" is not a whole number from 1 to ${maxRank.toLocaleString('en-GB')}.`);
        return null;
      }
      return n;
    };
    const decileOf = (column: string, what: string): number | null => {
      const raw = record[column] ?? '';
      const n = wholeNumber(raw);
      if (n === null || n < 1 || n > 10) {
        say(`the ${what} decile "${raw}" is not a whole number from 1 to 10.`);
        return null;
      }
      return n;
    };
    if (shape.kind === 'population') {
      const raw = record[shape.population] ?? '';
      const n = wholeNumber(raw);
      if (n === null || n > MAX_LSOA_POPULATION) say(`the population "${raw}" is not a whole number of people.`);
      else rows.push({ code, population: n });
      return;
    }
    const rank = rankOf(shape.imdRank ?? '', 'IMD');
    const decile = decileOf(shape.imdDecile ?? '', 'IMD');
    const out: LsoaDeprivation = { code };
    if (rank !== null && decile !== null) out.imd = { rank, decile };
    if (shape.kind === 'domains') {
      const domains: Partial<Record<DomainKey, RankDecile>> = {};
      for (const d of shape.domains) {
        const label = DOMAINS.find((x) => x.key === d.key)?.label.toLowerCase() ?? d.key;
        const r = rankOf(d.rank ?? '', label);
        const dd = decileOf(d.decile ?? '', label);
        if (r !== null && dd !== null) domains[d.key] = { rank: r, decile: dd };
      }
      if (Object.keys(domains).length === DOMAINS.length) out.domains = domains as Record<DomainKey, RankDecile>;
    }
    rows.push(out);
  });
  if (problems.length) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS)
      shown.push({
        row: problems[MAX_PROBLEMS]?.row ?? 0,
        message: `…and ${problems.length - MAX_PROBLEMS} more problems.`,
      });
    return { ok: false, problems: shown };
  }
  return { ok: true, file: { kind: shape.kind, release: shape.release, populationYear: shape.populationYear, rows } };
}
