import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roundResult } from '../../../lib/appraisal/index.js';
import { requireTokenRole } from '../../../platform/auth.js';
import { idParams, idSchema } from '../../../platform/fields.js';
import { problemResponses } from '../../api/index.js';
import { appraisalScopes } from '../impact.schema.js';
import type { AppraisalsService } from './appraisals.service.js';

/** The id in the path, as the platform declares ids (404 for anything else), described for the API docs. */
const appraisalParams = idParams.extend({ id: idParams.shape.id.meta({ description: 'The appraisal’s id' }) });

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
    id: idSchema,
    title: z.string(),
    scope: z.enum(appraisalScopes),
    projectId: idSchema.nullable(),
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

/** GET /api/v1/impact/appraisals/{id}: officer and admin tokens. */
export function appraisalsApi(app: FastifyInstance, { appraisals }: { appraisals: AppraisalsService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/impact/appraisals/:id',
    {
      schema: {
        tags: ['Impact'],
        summary: 'An appraisal: its file and its results',
        description:
          'The appraisal file with participation cohorts looked up now, and the results computed from it (money in pounds to the penny, ratios to 4 decimal places). Needs an officer or admin token.',
        security: [{ bearer: [] }],
        params: appraisalParams,
        response: { 200: appraisalResponse, ...problemResponses },
      },
    },
    async function getImpactAppraisal(request) {
      requireTokenRole(request, 'officer');
      const a = await appraisals.find(request.place.id, request.params.id);
      const calc = await appraisals.calculate(request.place.id, a);
      return {
        id: a.id,
        title: a.title,
        scope: a.scope,
        projectId: a.projectId,
        version: a.version,
        updatedAt: a.updatedAt.toISOString(),
        document: calc.document as unknown as Record<string, unknown>,
        results: calc.ok ? roundResult(calc.result) : null,
        issues: calc.ok ? [] : calc.issues,
      };
    },
  );
}
