import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { areaCodeField, type AreasService } from '../../core/areas/index.js';
import { requireTokenRole } from '../../platform/auth.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { problemResponses } from '../api/index.js';
import { DOMAINS } from './deprivation/deprivation.files.js';
import type { DeprivationMeasure } from './deprivation/deprivation.figures.js';
import { readStrengthFilter, yearBefore } from './strength.period.js';
import { strengthPaths as paths } from './strength.paths.js';
import type { StrengthService, StrengthTable, WardStrengthFigures } from './strength.service.js';
import { MAP_MEASURES, mapMeasureInfo, valueOf } from './strength.view-models.js';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31')
  .meta({ description: 'A London day, 2000-01-01 to 2049-12-31', example: '2026-01-01' });

const periodQuery = z.strictObject({
  from: day.optional().meta({ description: 'First day; the 12 whole months before this one when left out' }),
  to: day.optional().meta({ description: 'Last day (inclusive)' }),
});

const strengthQuery = periodQuery.extend({
  measure: z
    .enum(MAP_MEASURES)
    .optional()
    .meta({ description: 'The measure to give as each ward’s `value`; every measure is in `measures` either way' }),
});

const deprivationMeasureSchema = z
  .object({ meanRank: z.number(), shareMost10: z.number(), shareMost20: z.number() })
  .meta({
    id: 'DeprivationMeasure',
    description:
      'Population-weighted mean rank (1 = most deprived in England) and shares of people in the most deprived 10% and 20%',
  });

const wardDeprivationSchema = z
  .object({
    release: z.number().int(),
    lsoas: z.number().int(),
    weighted: z.boolean(),
    imd: deprivationMeasureSchema,
    domains: z.record(z.string(), deprivationMeasureSchema).nullable(),
    rankInPlace: z.number().int().nullable(),
  })
  .nullable();

const wardSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    population: z.number().int().nullable(),
    populationYear: z.number().int().nullable(),
    populationSource: z.enum(['ward', 'deprivation']).nullable(),
    value: z.number().nullable().optional(),
    measures: z.record(z.string(), z.number().nullable()),
    participants: z.number().int().nullable(),
    activeProjects: z.number().int(),
    publicAssets: z.number().int(),
    deprivation: wardDeprivationSchema,
    strengthScore: z.number().nullable(),
    strengthRank: z.number().int().nullable(),
    quarter: z.string().nullable(),
  })
  .meta({ id: 'WardStrength' });

const strengthSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    measure: z.object({ id: z.string(), label: z.string(), unit: z.string(), definition: z.string() }).nullable(),
    suppressBelow: z.number().int(),
    wards: z.array(wardSchema),
  })
  .meta({ id: 'StrengthMap', description: 'Community strength and deprivation for every ward of the place' });

const profileSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    ward: wardSchema,
    yearBefore: z
      .object({ from: z.string(), to: z.string(), measures: z.record(z.string(), z.number().nullable()) })
      .nullable(),
    middleWard: z.record(z.string(), z.number().nullable()),
    smallAreas: z.array(
      z.object({ code: z.string(), name: z.string(), placedBy: z.string().nullable(), share: z.number().nullable() }),
    ),
  })
  .meta({ id: 'WardProfile', description: 'One ward’s strength, deprivation and small areas' });

const codeParams = z.object({ code: areaCodeField });

const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;
const measureJson = (m: DeprivationMeasure) => ({
  meanRank: round(m.meanRank, 2),
  shareMost10: round(m.shareMost10),
  shareMost20: round(m.shareMost20),
});

function wardJson(table: StrengthTable, w: WardStrengthFigures, measure?: (typeof MAP_MEASURES)[number]) {
  const value = measure ? valueOf(w, measure) : undefined;
  return {
    code: w.ward.code,
    name: w.ward.name,
    population: w.denominator?.population ?? null,
    populationYear: w.denominator?.year ?? null,
    populationSource: w.denominator?.source ?? null,
    ...(measure ? { value: value === null || value === undefined ? null : round(value) } : {}),
    measures: Object.fromEntries(
      table.measures.map((m) => [m.id, w.measures[m.id] === null ? null : round(w.measures[m.id] as number)]),
    ),
    participants: w.counts.participants,
    activeProjects: w.counts.activeProjects,
    publicAssets: w.counts.assets,
    deprivation:
      w.deprivation?.imd && table.release
        ? {
            release: table.release,
            lsoas: w.deprivation.lsoas,
            weighted: w.deprivation.weighted,
            imd: measureJson(w.deprivation.imd),
            domains: w.deprivation.domains
              ? Object.fromEntries(
                  DOMAINS.map((d) => [d.key, measureJson((w.deprivation?.domains ?? {})[d.key] as DeprivationMeasure)]),
                )
              : null,
            rankInPlace: w.deprivationRank,
          }
        : null,
    strengthScore: w.score === null ? null : round(w.score),
    strengthRank: w.scoreRank,
    quarter: w.quadrant,
  };
}

/** The period asked for, checked as the pages check it; a problem is a 400 naming the field. */
function periodOf(query: { from?: string | undefined; to?: string | undefined }) {
  const filter = readStrengthFilter(query);
  if (filter.errors) throw new Invalid(filter.errors.summary.map((e) => ({ field: e.href.slice(1), message: e.text })));
  return { from: filter.from, to: filter.to };
}

/** The strength map and ward profiles as JSON, for any token of the place. */
export function strengthApi(
  app: FastifyInstance,
  { strength, areas }: { strength: StrengthService; areas: AreasService },
) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    paths.api,
    {
      schema: {
        tags: ['Community strength'],
        summary: 'Community strength and deprivation by ward',
        description:
          'Every strength measure for every ward over the period, with deprivation (when imported), the composite strength score and the need-against-strength quarter. Counts of fewer people than the place’s threshold are null.',
        security: [{ bearer: [] }],
        querystring: strengthQuery,
        response: { 200: strengthSchema, ...problemResponses },
      },
    },
    async function getStrength(request) {
      requireTokenRole(request, 'resident');
      const period = periodOf(request.query);
      const table = await strength.wards(request.place.id, period);
      const measure = request.query.measure;
      const info = measure ? mapMeasureInfo(measure) : null;
      return {
        ...period,
        measure: info && { id: info.id, label: info.label, unit: info.unitLabel, definition: info.definition },
        suppressBelow: table.suppressBelow,
        wards: table.wards.map((w) => wardJson(table, w, measure)),
      };
    },
  );

  api.get(
    paths.apiProfile(':code'),
    {
      schema: {
        tags: ['Community strength'],
        summary: 'One ward’s profile',
        security: [{ bearer: [] }],
        params: codeParams,
        querystring: periodQuery,
        response: { 200: profileSchema, ...problemResponses },
      },
    },
    async function getWardProfile(request) {
      requireTokenRole(request, 'resident');
      const ward = await areas.findByCode(request.place.id, request.params.code);
      if (!ward) throw new NotFound(`There is no area with the code ${request.params.code} in this place.`);
      if (ward.kind !== 'ward') throw new NotFound(`${ward.name} is not a ward: profiles are for wards.`);
      const period = periodOf(request.query);
      const before = yearBefore(period);
      const [table, lastYear, small] = await Promise.all([
        strength.wards(request.place.id, period),
        before.from >= '2000-01-01' ? strength.wards(request.place.id, before) : null,
        areas.listChildren(request.place.id, ward.id),
      ]);
      const w = table.wards.find((x) => x.ward.id === ward.id);
      if (!w) throw new NotFound();
      const was = lastYear?.wards.find((x) => x.ward.id === ward.id);
      const middle = (id: WardStrengthFigures['measures'] extends Record<infer K, unknown> ? K : never) => {
        const values = table.wards
          .flatMap((x) => (x.measures[id] === null ? [] : [x.measures[id]]))
          .sort((a, b) => a - b);
        if (!values.length) return null;
        const mid = Math.floor(values.length / 2);
        return round(values.length % 2 ? (values[mid] ?? 0) : ((values[mid - 1] ?? 0) + (values[mid] ?? 0)) / 2);
      };
      return {
        ...period,
        ward: wardJson(table, w),
        yearBefore:
          was && lastYear
            ? {
                ...lastYear.period,
                measures: Object.fromEntries(
                  table.measures.map((m) => [
                    m.id,
                    was.measures[m.id] === null ? null : round(was.measures[m.id] as number),
                  ]),
                ),
              }
            : null,
        middleWard: Object.fromEntries(table.measures.map((m) => [m.id, middle(m.id)])),
        smallAreas: small.map((a) => ({ code: a.code, name: a.name, placedBy: a.parentBasis, share: a.parentShare })),
      };
    },
  );
}
