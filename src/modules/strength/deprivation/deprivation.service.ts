import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Area, AreasService } from '../../../core/areas/index.js';
import { recordAudit } from '../../../core/audit/index.js';
import type { ActionContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db.js';
import { Invalid } from '../../../platform/errors.js';
import { wardDeprivation, type WardDeprivation } from './deprivation.figures.js';
import {
  decileOfRank,
  describeKind,
  DOMAINS,
  readDeprivationCsv,
  RELEASES,
  type DomainKey,
  type DeprivationFile,
  type DeprivationFileKind,
  type LsoaDeprivation,
  type RankDecile,
  type Release,
} from './deprivation.files.js';
import { lsoaDeprivation } from './deprivation.schema.js';

export type DeprivationRow = typeof lsoaDeprivation.$inferSelect;

/** One LSOA's made-up figures for a demonstration place (see seedRows): ranks only, the deciles follow. */
export type SeedRow = {
  areaId: string;
  imdRank: number;
  domainRanks: Record<DomainKey, number>;
  population: number;
  populationYear: number;
};

/** One file to import: its name (for messages) and its text. */
export type NamedFile = { name: string; text: string };

export type WardDeprivationTable = {
  release: Release;
  /** The mid-year of the population weights, when File 6 was imported. */
  populationYear: number | null;
  wards: { ward: Area; figures: WardDeprivation | null; rank: number | null }[];
};

const KIND_ORDER: DeprivationFileKind[] = ['imd', 'domains', 'population'];

/** A list of names in plain English: "a", "a and b", "a, b and c". */
function and3(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Every file read and checked together: one release, each kind once, File 1 and File 2 agreeing.
 * Returns the rows merged per LSOA, or throws Invalid listing every problem by file and row.
 */
function mergeFiles(files: NamedFile[]): {
  release: Release;
  kinds: DeprivationFileKind[];
  populationYear: number | null;
  rows: Map<string, LsoaDeprivation>;
} {
  const problems: string[] = [];
  const read: (DeprivationFile & { name: string })[] = [];
  for (const f of files) {
    const result = readDeprivationCsv(f.text, f.name);
    if (result.ok) read.push({ ...result.file, name: f.name });
    else for (const p of result.problems) problems.push(`${f.name}, row ${p.row}: ${p.message}`);
  }
  const releases = [...new Set(read.map((f) => f.release))];
  if (releases.length > 1)
    problems.push(
      `The files mix the 2019 and 2025 releases (${read.map((f) => `${f.name}: ${f.release}`).join(', ')}); import one release at a time.`,
    );
  for (const kind of KIND_ORDER) {
    const same = read.filter((f) => f.kind === kind);
    if (same.length > 1)
      problems.push(`${and3(same.map((f) => f.name))} are all ${describeKind(kind)}; give each file once.`);
  }
  const rows = new Map<string, LsoaDeprivation>();
  const imdFrom = new Map<string, string>();
  for (const f of read) {
    for (const r of f.rows) {
      const merged = rows.get(r.code) ?? { code: r.code };
      if (r.imd) {
        const before = merged.imd;
        if (before && (before.rank !== r.imd.rank || before.decile !== r.imd.decile))
          problems.push(
            `${f.name} gives ${r.code} an IMD rank of ${r.imd.rank} (decile ${r.imd.decile}) but ${imdFrom.get(r.code) ?? 'another file'} gives ${before.rank} (decile ${before.decile}).`,
          );
        merged.imd = r.imd;
        imdFrom.set(r.code, f.name);
      }
      if (r.domains) merged.domains = r.domains;
      if (r.population !== undefined) merged.population = r.population;
      rows.set(r.code, merged);
    }
  }
  if (problems.length) throw new Invalid(problems.slice(0, 100).map((message) => ({ field: 'file', message })));
  return {
    release: releases[0] ?? 2025,
    kinds: KIND_ORDER.filter((k) => read.some((f) => f.kind === k)),
    populationYear: read.find((f) => f.kind === 'population')?.populationYear ?? null,
    rows,
  };
}

/**
 * The Indices of Deprivation of a place: imported from MHCLG's files for its LSOAs, and derived
 * for its wards (see deprivation.figures.ts for the arithmetic).
 */
export function createDeprivationService(
  db: Db,
  deps: { areas: AreasService; afterImport?: (placeId: string) => void },
) {
  async function rowsOf(placeId: string, release: Release) {
    return db
      .select()
      .from(lsoaDeprivation)
      .where(and(eq(lsoaDeprivation.placeId, placeId), eq(lsoaDeprivation.release, release)));
  }

  /** The releases imported for the place, newest first. */
  async function releases(placeId: string): Promise<Release[]> {
    const rows = await db
      .selectDistinct({ release: lsoaDeprivation.release })
      .from(lsoaDeprivation)
      .where(eq(lsoaDeprivation.placeId, placeId))
      .orderBy(desc(lsoaDeprivation.release));
    return rows.map((r) => r.release as Release);
  }

  /** Some LSOAs' rows for a release, keyed by area id (those not imported are missing). */
  async function forLsoas(placeId: string, areaIds: string[], release: Release): Promise<Map<string, DeprivationRow>> {
    if (areaIds.length === 0) return new Map();
    const rows = await db
      .select()
      .from(lsoaDeprivation)
      .where(
        and(
          eq(lsoaDeprivation.placeId, placeId),
          eq(lsoaDeprivation.release, release),
          inArray(lsoaDeprivation.areaId, areaIds),
        ),
      );
    return new Map(rows.map((r) => [r.areaId, r]));
  }

  return {
    releases,
    forLsoas,

    /**
     * Imports one release's files (any of File 1, 2 and 6) for the place's LSOAs, all or nothing.
     * Rows for LSOAs elsewhere in England are passed over, so the national files can be used as
     * they are. Returns a summary for the person importing.
     */
    async importFiles(
      ctx: ActionContext,
      files: NamedFile[],
      opts: { dryRun?: boolean } = {},
    ): Promise<{ release: Release; summary: string }> {
      const merged = mergeFiles(files);
      const lsoas = await deps.areas.list(ctx.placeId, { kind: 'lsoa' });
      if (lsoas.length === 0)
        throw new Invalid([
          {
            field: 'file',
            message:
              'This place has no LSOAs yet: import them first (commonground areas import --kind lsoa --within ward).',
          },
        ]);
      const byCode = new Map(lsoas.map((a) => [a.code, a]));
      const matched = [...merged.rows.values()].filter((r) => byCode.has(r.code));
      if (matched.length === 0)
        throw new Invalid([
          {
            field: 'file',
            message: `None of the ${merged.rows.size.toLocaleString('en-GB')} LSOAs in the files is one of this place's ${lsoas.length}. Check the files are for the same LSOAs (the ${merged.release} release uses ${merged.release === 2019 ? '2011' : '2021'} LSOAs).`,
          },
        ]);
      const absent = lsoas.filter((a) => !merged.rows.has(a.code)).map((a) => a.code);
      const fileNames = and3(merged.kinds.map((k) => describeKind(k).replace(/ \(.*\)$/, '')));
      const summary =
        `${merged.release} Indices of Deprivation (${fileNames}): ${matched.length} of this place's ${lsoas.length} LSOAs` +
        (merged.rows.size > matched.length
          ? `; ${(merged.rows.size - matched.length).toLocaleString('en-GB')} ${merged.rows.size - matched.length === 1 ? 'row' : 'rows'} for LSOAs elsewhere passed over`
          : '') +
        (absent.length
          ? `; not in the files: ${absent.slice(0, 10).join(', ')}${absent.length > 10 ? ` and ${absent.length - 10} more` : ''}`
          : '') +
        '.';
      if (opts.dryRun)
        return { release: merged.release, summary: `The files are good: ${summary} Nothing was imported (--dry-run).` };

      const has = (k: DeprivationFileKind) => merged.kinds.includes(k);
      await db.transaction(async (tx) => {
        const values = matched.map((r) => ({
          placeId: ctx.placeId,
          areaId: byCode.get(r.code)?.id ?? '',
          release: merged.release,
          imdRank: r.imd?.rank ?? null,
          imdDecile: r.imd?.decile ?? null,
          domains: r.domains ?? null,
          population: r.population ?? null,
          populationYear: r.population !== undefined ? merged.populationYear : null,
        }));
        // Each file fills only its own columns: File 6 imported later keeps File 1's ranks.
        const excluded = (column: string) => sql.raw(`excluded.${column}`);
        for (let i = 0; i < values.length; i += 500) {
          await tx
            .insert(lsoaDeprivation)
            .values(values.slice(i, i + 500))
            .onConflictDoUpdate({
              target: [lsoaDeprivation.placeId, lsoaDeprivation.release, lsoaDeprivation.areaId],
              set: {
                ...(has('imd') || has('domains')
                  ? { imdRank: excluded('imd_rank'), imdDecile: excluded('imd_decile') }
                  : {}),
                ...(has('domains') ? { domains: excluded('domains') } : {}),
                ...(has('population')
                  ? { population: excluded('population'), populationYear: excluded('population_year') }
                  : {}),
                updatedAt: new Date(),
              },
            });
        }
        await recordAudit(tx, ctx, {
          action: 'deprivation.imported',
          subjectType: 'area',
          subjectId: null,
          changes: { release: merged.release, files: merged.kinds, lsoas: matched.length, absent: absent.length },
        });
      });
      deps.afterImport?.(ctx.placeId);
      return { release: merged.release, summary: `Imported the ${summary}` };
    },

    /**
     * Stores generated figures for a demonstration place's LSOAs, all or nothing, replacing any
     * stored for them in the release. Each decile is worked out from its rank, so the two always
     * agree. Real figures come only from MHCLG's files, through importFiles. Returns the rows stored.
     */
    async seedRows(ctx: ActionContext, release: Release, rows: readonly SeedRow[]): Promise<number> {
      const lsoas = new Set((await deps.areas.list(ctx.placeId, { kind: 'lsoa' })).map((a) => a.id));
      const most = RELEASES[release].lsoas;
      const badRank = (n: number) => !Number.isInteger(n) || n < 1 || n > most;
      const problems = rows.flatMap((r, i) => [
        ...(lsoas.has(r.areaId) ? [] : [`Row ${i + 1} is not for one of this place's LSOAs.`]),
        ...(badRank(r.imdRank) || DOMAINS.some((d) => badRank(r.domainRanks[d.key]))
          ? [`Row ${i + 1} has a rank that is not a whole number from 1 to ${most.toLocaleString('en-GB')}.`]
          : []),
        ...(Number.isInteger(r.population) && r.population >= 0 ? [] : [`Row ${i + 1} has no whole population.`]),
      ]);
      if (problems.length) throw new Invalid(problems.slice(0, 100).map((message) => ({ field: 'rows', message })));
      const rank = (n: number) => ({ rank: n, decile: decileOfRank(n, release) });
      const values = rows.map((r) => ({
        placeId: ctx.placeId,
        areaId: r.areaId,
        release,
        imdRank: r.imdRank,
        imdDecile: decileOfRank(r.imdRank, release),
        domains: Object.fromEntries(DOMAINS.map((d) => [d.key, rank(r.domainRanks[d.key])])) as Record<
          DomainKey,
          RankDecile
        >,
        population: r.population,
        populationYear: r.populationYear,
      }));
      await db.transaction(async (tx) => {
        const excluded = (column: string) => sql.raw(`excluded.${column}`);
        for (let i = 0; i < values.length; i += 500)
          await tx
            .insert(lsoaDeprivation)
            .values(values.slice(i, i + 500))
            .onConflictDoUpdate({
              target: [lsoaDeprivation.placeId, lsoaDeprivation.release, lsoaDeprivation.areaId],
              set: {
                imdRank: excluded('imd_rank'),
                imdDecile: excluded('imd_decile'),
                domains: excluded('domains'),
                population: excluded('population'),
                populationYear: excluded('population_year'),
                updatedAt: new Date(),
              },
            });
        await recordAudit(tx, ctx, {
          action: 'deprivation.generated',
          subjectType: 'area',
          subjectId: null,
          changes: { release, lsoas: values.length },
        });
      });
      return values.length;
    },

    /** One LSOA's row for a release, if imported. */
    async forLsoa(placeId: string, areaId: string, release: Release): Promise<DeprivationRow | undefined> {
      return (await forLsoas(placeId, [areaId], release)).get(areaId);
    },

    /**
     * Every ward's derived figures for a release (the newest imported when not given), in the
     * order of the wards' names, ranked 1 for the most deprived by mean IMD rank; null when
     * nothing is imported.
     */
    async wards(placeId: string, release?: Release): Promise<WardDeprivationTable | null> {
      const chosen = release ?? (await releases(placeId))[0];
      if (chosen === undefined) return null;
      const [wards, lsoas, rows] = await Promise.all([
        deps.areas.listWards(placeId),
        deps.areas.list(placeId, { kind: 'lsoa' }),
        rowsOf(placeId, chosen),
      ]);
      if (rows.length === 0) return null;
      const byArea = new Map(rows.map((r) => [r.areaId, r]));
      const figures = wardDeprivation(
        lsoas.map((l) => {
          const r = byArea.get(l.id);
          return {
            parentId: l.parentId,
            population: r?.population ?? null,
            imd: r?.imdRank && r.imdDecile ? { rank: r.imdRank, decile: r.imdDecile } : null,
            domains: r?.domains ?? null,
          };
        }),
      );
      const ranked = wards
        .map((w) => figures.get(w.id)?.imd?.meanRank)
        .filter((m): m is number => m !== undefined)
        .sort((a, b) => a - b);
      return {
        release: chosen,
        populationYear: rows.find((r) => r.populationYear !== null)?.populationYear ?? null,
        wards: wards.map((ward) => {
          const f = figures.get(ward.id) ?? null;
          const mean = f?.imd?.meanRank;
          return { ward, figures: f, rank: mean === undefined ? null : ranked.indexOf(mean) + 1 };
        }),
      };
    },
  };
}
export type DeprivationService = ReturnType<typeof createDeprivationService>;
