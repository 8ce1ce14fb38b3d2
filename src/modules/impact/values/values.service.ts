import {
  AppraisalError,
  defaultOptimismBias,
  uprate,
  type DeflatorSeries,
  type OptimismBiasTable,
} from '../../../lib/appraisal/index.js';
import type { ActionContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db.js';
import { Invalid, NotFound } from '../../../platform/errors.js';
import { ID_PATTERN } from '../../../platform/fields.js';
import { recordAudit } from '../../../core/audit/index.js';
import { gmcaAttribution, gmcaLicence, gmcaSourceUrl, readGmcaWorkbook, type GmcaResult } from './values.gmca.js';
import { createValuesRepository, type ImpactValue } from './values.repository.js';
import { shippedDeflators, shippedDeflatorSource, shippedValues } from './values.shipped.js';
import type { ValueForm } from './values.validation.js';

/** A library value with its figure restated at another price year, or why it could not be. */
export type UpratedValue = ImpactValue & {
  /** Pounds at the requested price year, or null when the deflator series lacks a year. */
  upratedPounds: number | null;
  upratedTo: number;
  uprateProblem: string | null;
};

/** The place's settings as the appraisal library wants them. */
export type ImpactPlaceSettings = {
  optimismBias: OptimismBiasTable;
  deflator: DeflatorSeries;
  deflatorSource: string;
  /** True while the series is still the approximate one Commonground ships. */
  deflatorIsShipped: boolean;
};

function biasRecordFromTable(table: OptimismBiasTable): Record<string, number> {
  return Object.fromEntries(table.grades.map((g) => [String(g.grade), g.rate]));
}

/** The place's optimism-bias table, with the library's descriptions of each grade. */
export function biasTableFromRecord(record: Record<string, number>, name: string): OptimismBiasTable {
  return {
    name,
    source: defaultOptimismBias.source,
    grades: defaultOptimismBias.grades.map((g) => ({ ...g, rate: record[String(g.grade)] ?? g.rate })),
  };
}

/**
 * The value library, the deflator series and the optimism-bias table of each place. A place gets
 * the shipped values and the starting deflator series the first time anyone opens its library.
 */
export function createValuesService(db: Db) {
  const repo = createValuesRepository(db);

  async function ensureStarted(placeId: string): Promise<void> {
    if (await repo.settings(placeId)) return;
    // Two first requests can arrive together (a page asks for the list and the settings at once):
    // only the one whose settings row is new adds the shipped values and series.
    await db.transaction(async (tx) => {
      const r = createValuesRepository(tx);
      const created = await r.createSettingsIfMissing(placeId, {
        optimismBias: biasRecordFromTable(defaultOptimismBias),
        deflatorSource: shippedDeflatorSource,
      });
      if (!created) return;
      await r.replaceDeflators(placeId, shippedDeflators);
      await r.insertValues(shippedValues.map((v) => ({ ...v, placeId })));
    });
  }

  async function settings(placeId: string): Promise<ImpactPlaceSettings> {
    await ensureStarted(placeId);
    const [s, series] = await Promise.all([repo.settings(placeId), repo.deflators(placeId)]);
    return {
      optimismBias: biasTableFromRecord(s!.optimismBias, 'This council’s optimism-bias table'),
      deflator: { name: 'GDP deflator (this council’s series)', source: s!.deflatorSource, values: series },
      deflatorSource: s!.deflatorSource,
      deflatorIsShipped: s!.deflatorSource === shippedDeflatorSource,
    };
  }

  function uprated(v: ImpactValue, toYear: number, series: DeflatorSeries): UpratedValue {
    try {
      return {
        ...v,
        upratedPounds: uprate(v.valuePence / 100, v.priceYear, toYear, series),
        upratedTo: toYear,
        uprateProblem: null,
      };
    } catch (err) {
      if (!(err instanceof AppraisalError)) throw err;
      return {
        ...v,
        upratedPounds: null,
        upratedTo: toYear,
        uprateProblem: `The deflator series has no index for ${v.priceYear === toYear ? toYear : `${v.priceYear} or ${toYear}`}.`,
      };
    }
  }

  return {
    ensureStarted,
    settings,
    uprated,

    /** Every value in the place's library, each restated at `toYear` prices. */
    async list(placeId: string, toYear: number): Promise<UpratedValue[]> {
      const s = await settings(placeId);
      return (await repo.listValues(placeId)).map((v) => uprated(v, toYear, s.deflator));
    },
    /** The values a person added, for their copy of their data. */
    personalData: (placeId: string, userId: string) => repo.addedBy(placeId, userId),

    /** How many values the place's library holds. */
    async count(placeId: string): Promise<number> {
      await ensureStarted(placeId);
      return repo.countValues(placeId);
    },
    async find(placeId: string, id: string): Promise<ImpactValue> {
      const v = ID_PATTERN.test(id) ? await repo.findValue(placeId, id) : undefined;
      if (!v) throw new NotFound('There is no such value in this council’s library.');
      return v;
    },
    /** The place's values with these ids; an id that cannot be one (an imported file's typo) finds nothing. */
    byIds: (placeId: string, ids: string[]) =>
      repo.valuesByIds(
        placeId,
        ids.filter((id) => ID_PATTERN.test(id)),
      ),

    /** A value the council types in (its own research, or a licensed value such as HACT's). */
    async add(ctx: ActionContext, userId: string | null, input: ValueForm): Promise<ImpactValue> {
      await ensureStarted(ctx.placeId);
      return db.transaction(async (tx) => {
        const r = createValuesRepository(tx);
        const [value] = await r.insertValues([
          {
            placeId: ctx.placeId,
            code: input.code || null,
            theme: null,
            description: input.description,
            unit: input.unit,
            valuePence: input.value,
            priceYear: input.priceYear.year,
            priceYearLabel: input.priceYear.label,
            valueType: input.valueType,
            agency: input.agency,
            confidenceGrade: input.confidenceGrade,
            source: input.source,
            sourceUrl: input.sourceUrl,
            licence: input.licence,
            attribution: input.attribution,
            origin: 'local',
            createdBy: userId,
          },
        ]);
        await recordAudit(tx, ctx, {
          action: 'impact.value_added',
          subjectType: 'impact_value',
          subjectId: value!.id,
          changes: {
            description: input.description,
            valuePence: input.value,
            priceYear: input.priceYear.label,
            licence: input.licence,
          },
        });
        return value!;
      });
    },

    /** Checks an uploaded GMCA workbook without storing anything. */
    checkGmca: (bytes: Buffer): Promise<GmcaResult> => readGmcaWorkbook(bytes),

    /**
     * Imports a GMCA workbook that has no problems, replacing any earlier GMCA import. A workbook
     * with any problem imports nothing.
     */
    async importGmca(
      ctx: ActionContext,
      userId: string | null,
      bytes: Buffer,
    ): Promise<{ imported: number; replaced: number }> {
      await ensureStarted(ctx.placeId);
      const checked = await readGmcaWorkbook(bytes);
      if (checked.problems.length)
        throw new Invalid([
          { field: 'workbook', message: `The workbook has ${checked.problems.length} problems. Nothing was imported.` },
        ]);
      return db.transaction(async (tx) => {
        const r = createValuesRepository(tx);
        await r.lockSettings(ctx.placeId);
        // Codes already imported keep their ids, so appraisals that use them keep their link.
        const existing = new Map(
          (await r.valueCodes(ctx.placeId, 'gmca_ucd')).map((v) => [v.code?.toUpperCase(), v.id]),
        );
        const rowValues = checked.rows.map((row) => ({
          placeId: ctx.placeId,
          code: row.code,
          theme: row.sheet,
          description: row.detail,
          unit: row.unit,
          valuePence: row.valuePence,
          priceYear: row.priceYear,
          priceYearLabel: row.priceYearLabel,
          // A unit cost is a cost a public body bears; whether avoiding it releases cash depends on the case, so it is not claimed as cashable.
          valueType: 'fiscalNonCashable' as const,
          agency: row.agency,
          confidenceGrade: 3,
          source: `GMCA Unit Cost Database, ${row.sheet}, ${row.code}`,
          sourceUrl: gmcaSourceUrl,
          licence: gmcaLicence,
          attribution: gmcaAttribution,
          origin: 'gmca_ucd' as const,
          createdBy: userId,
        }));
        let updated = 0;
        const fresh = [];
        for (const v of rowValues) {
          const id = existing.get(v.code.toUpperCase());
          if (id) {
            await r.updateValue(ctx.placeId, id, v);
            existing.delete(v.code.toUpperCase());
            updated++;
          } else fresh.push(v);
        }
        const replaced = existing.size;
        await r.deleteValues(ctx.placeId, [...existing.values()]);
        const inserted = await r.insertValues(fresh);
        await recordAudit(tx, ctx, {
          action: 'impact.gmca_imported',
          subjectType: 'impact_value',
          changes: { added: inserted.length, updated, removed: replaced, sheets: checked.sheets },
        });
        return { imported: inserted.length + updated, replaced };
      });
    },

    /** Replaces the deflator series and says where it comes from. */
    async saveDeflators(ctx: ActionContext, series: { year: number; index: number }[], source: string): Promise<void> {
      const before = await settings(ctx.placeId);
      await db.transaction(async (tx) => {
        const r = createValuesRepository(tx);
        await r.lockSettings(ctx.placeId);
        await r.replaceDeflators(ctx.placeId, series);
        await r.saveSettings(ctx.placeId, {
          optimismBias: biasRecordFromTable(before.optimismBias),
          deflatorSource: source,
        });
        await recordAudit(tx, ctx, {
          action: 'impact.deflators_updated',
          subjectType: 'impact_settings',
          changes: { from: before.deflator.values, to: series, source },
        });
      });
    },

    /** Replaces the place's optimism-bias table (fractions by grade). */
    async saveOptimismBias(ctx: ActionContext, record: Record<string, number>): Promise<void> {
      const before = await settings(ctx.placeId);
      await db.transaction(async (tx) => {
        const r = createValuesRepository(tx);
        await r.saveSettings(ctx.placeId, { optimismBias: record, deflatorSource: before.deflatorSource });
        await recordAudit(tx, ctx, {
          action: 'impact.optimism_bias_updated',
          subjectType: 'impact_settings',
          changes: { from: biasRecordFromTable(before.optimismBias), to: record },
        });
      });
    },
  };
}
export type ValuesService = ReturnType<typeof createValuesService>;
