import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { valueTypes } from '../../../lib/appraisal/index.js';
import { requireTokenRole } from '../../../platform/auth.js';
import { idSchema } from '../../../platform/fields.js';
import { problemResponses } from '../../api/index.js';
import { valueOrigins } from '../impact.schema.js';
import { londonYear } from '../impact.periods.js';
import type { ValuesService } from './values.service.js';

const valueSchema = z
  .object({
    id: idSchema,
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
    origin: z.enum(valueOrigins),
  })
  .meta({ id: 'ImpactValue', description: 'A unit value in the place’s value library' });

const valuesResponse = z
  .object({ toYear: z.number().int(), values: z.array(valueSchema) })
  .meta({ id: 'ImpactValues' });

/** GET /api/v1/impact/values: officer and admin tokens. */
export function valuesApi(app: FastifyInstance, { values }: { values: ValuesService }) {
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
      const toYear = request.query.toYear ?? londonYear() - 1;
      const list = await values.list(request.place.id, toYear);
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
}
