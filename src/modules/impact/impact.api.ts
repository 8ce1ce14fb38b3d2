import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roundResult, valueTypes } from '../../lib/appraisal/index.js';
import { requireTokenRole } from '../../platform/auth.js';
import { problemResponses } from '../api/index.js';
import type { AppraisalsService } from './appraisals.service.js';
import type { FrameworksService } from './frameworks.service.js';
import { idParam } from './impact.permissions.js';
import type { ValuesService } from './values.service.js';

const valueSchema = z
  .object({
    id: z.uuid(),
    code: z.string().nullable(),
    theme: z.string().nullable(),
    description: z.string(),
    unit: z.string(),
    valuePence: z.number().int().meta({ description: 'The value as published, in pence' }),
    priceYear: z
      .number()
      .int()
      .meta({ description: 'The calendar year of its prices (a financial year 2010/11 is 2010)' }),
    priceYearLabel: z.string().meta({ description: 'The price year as the source wrote it' }),
    upratedPence: z.number().int().nullable().meta({
      description: 'The value at `toYear` prices with the place’s deflator series; null when the series lacks a year',
    }),
    valueType: z.enum(valueTypes),
    agency: z.string().meta({ description: 'Who bears or gains it' }),
    confidenceGrade: z.number().int().min(1).max(6),
    source: z.string(),
    sourceUrl: z.string().nullable(),
    licence: z.string(),
    attribution: z.string().meta({ description: 'Show this wherever the value is shown' }),
    origin: z.enum(['shipped', 'gmca_ucd', 'local']),
  })
  .meta({ id: 'ImpactValue', description: 'A unit value in the place’s value library' });

const valuesResponse = z
  .object({ toYear: z.number().int(), values: z.array(valueSchema) })
  .meta({ id: 'ImpactValues' });

const money = z.number().meta({ description: 'Pounds at the appraisal’s price year, to the penny' });
const byType = z.object({ fiscalCashable: money, fiscalNonCashable: money, economic: money, social: money });
const resultsSchema = z
  .looseObject({
    pvCosts: money,
    pvBenefits: money,
    pvByValueType: byType,
    npv: money,
    financialRoi: z.number().nullable(),
    cashableRoi: z.number().nullable(),
    sroi: z.number().nullable(),
    paybackYear: z.number().int().nullable(),
    fiscalPaybackYear: z.number().int().nullable(),
    byAgency: z.array(z.looseObject({ agency: z.string(), pvBenefits: money, pvCosts: money, pvByValueType: byType })),
    years: z.array(z.looseObject({ year: z.number().int() })),
  })
  .meta({
    id: 'AppraisalResults',
    description:
      'Everything computed from the appraisal file (see the appraisal library): also the per-line working, sensitivity, scenarios and the 10-year cumulative series.',
  });

const appraisalResponse = z
  .object({
    id: z.uuid(),
    title: z.string(),
    scope: z.enum(['project', 'programme', 'place']),
    projectId: z.uuid().nullable(),
    version: z.number().int().meta({ description: 'Each save makes a new version' }),
    updatedAt: z.string(),
    document: z
      .record(z.string(), z.unknown())
      .meta({ description: 'The appraisal file (format version 1), with participation cohorts filled in as of now' }),
    results: resultsSchema
      .nullable()
      .meta({ description: 'Null when the appraisal cannot be calculated; see `issues`' }),
    issues: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .meta({ id: 'Appraisal' });

/** GET /api/v1/impact/values and GET /api/v1/impact/appraisals/{id}: officer and admin tokens. */
export async function impactApi(
  app: FastifyInstance,
  deps: { values: ValuesService; frameworks: FrameworksService; appraisals: AppraisalsService },
) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/impact/values',
    {
      schema: {
        tags: ['Impact'],
        summary: 'The place’s value library',
        description:
          'Every unit value with its source, licence and attribution, and the value uprated to `toYear` prices (default: last year) with the place’s deflator series. Needs an officer or admin token: the library may hold values the council uses under a licence that does not allow publishing them.',
        security: [{ bearer: [] }],
        querystring: z.strictObject({
          toYear: z.coerce
            .number()
            .int()
            .min(1990)
            .max(2100)
            .optional()
            .meta({ description: 'Price year to uprate to' }),
        }),
        response: { 200: valuesResponse, ...problemResponses },
      },
    },
    async function listImpactValues(request) {
      requireTokenRole(request, 'officer');
      const toYear = request.query.toYear ?? new Date().getUTCFullYear() - 1;
      const list = await deps.values.list(request.place.id, toYear);
      return {
        toYear,
        values: list.map((v) => ({
          id: v.id,
          code: v.code,
          theme: v.theme,
          description: v.description,
          unit: v.unit,
          valuePence: v.valuePence,
          priceYear: v.priceYear,
          priceYearLabel: v.priceYearLabel,
          upratedPence: v.upratedPounds === null ? null : Math.round(v.upratedPounds * 100),
          valueType: v.valueType,
          agency: v.agency,
          confidenceGrade: v.confidenceGrade,
          source: v.source,
          sourceUrl: v.sourceUrl,
          licence: v.licence,
          attribution: v.attribution,
          origin: v.origin,
        })),
      };
    },
  );

  api.get(
    '/api/v1/impact/appraisals/:id',
    {
      schema: {
        tags: ['Impact'],
        summary: 'An appraisal: its file and its results',
        description:
          'The appraisal file with participation cohorts looked up now, and the results computed from it (money in pounds to the penny, ratios to 4 decimal places). Needs an officer or admin token.',
        security: [{ bearer: [] }],
        params: z.object({ id: z.string().meta({ description: 'The appraisal’s id' }) }),
        response: { 200: appraisalResponse, ...problemResponses },
      },
    },
    async function getImpactAppraisal(request) {
      requireTokenRole(request, 'officer');
      const a = await deps.appraisals.find(request.place.id, idParam(request.params.id, 'appraisal'));
      const calc = await deps.appraisals.calculate(request.place.id, a);
      return {
        id: a.id,
        title: a.title,
        scope: a.scope,
        projectId: a.projectId,
        version: a.version,
        updatedAt: a.updatedAt.toISOString(),
        document: calc.document as unknown as Record<string, unknown>,
        results: calc.ok ? (roundResult(calc.result) as unknown as z.input<typeof resultsSchema>) : null,
        issues: calc.ok ? [] : calc.issues,
      };
    },
  );
}
