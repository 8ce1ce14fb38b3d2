import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../platform/fields.js';
import { notice } from '../impact.fields.js';
import { impactPaths as paths } from '../impact.paths.js';
import { percent } from '../impact.view-models.js';
import type { ValuesService } from '../values/index.js';
import { openAppraisal } from './appraisals.pages.js';
import type { AppraisalsService } from './appraisals.service.js';
import { scopeLabels } from './appraisals.view-models.js';
import { downloadName, resultsCsv, resultsView, type ValueCredit } from './results.view-models.js';

const resultsQuery = z.object({ imported: notice });

/** An appraisal's results: the page, the printable one-page summary, the CSV of every table, and the file. */
export function resultsWeb(
  app: FastifyInstance,
  { appraisals, values }: { appraisals: AppraisalsService; values: ValuesService },
) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  /** The appraisal computed now (participation cohorts looked up), with the credits of the library values it uses. */
  async function calculated(request: FastifyRequest, id: string) {
    const a = await openAppraisal(request, appraisals, id);
    const calc = await appraisals.calculate(request.place.id, a);
    const ids = a.document.benefits.map((b) => b.valueId).filter((x): x is string => Boolean(x));
    const credits = new Map<string, ValueCredit>((await values.byIds(request.place.id, ids)).map((v) => [v.id, v]));
    return { a, calc, credits };
  }

  async function renderResults(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    template: 'results.njk' | 'summary.njk',
    imported?: string,
  ) {
    const { a, calc, credits } = await calculated(request, id);
    return reply.render(`impact/appraisals/views/${template}`, {
      appraisal: a,
      doc: calc.document,
      scopeLabel: scopeLabels[a.scope],
      calc,
      view: calc.ok ? resultsView(calc.document, calc.result, credits, calc.cohorts) : null,
      cohortProblems: calc.cohorts.filter((c) => c.problem),
      imported,
      percent,
    });
  }

  web.get(
    '/impact/appraisals/:id',
    { schema: { params: idParams, querystring: resultsQuery } },
    async function showResults(request, reply) {
      return renderResults(request, reply, request.params.id, 'results.njk', request.query.imported);
    },
  );

  web.get(
    '/impact/appraisals/:id/summary',
    { schema: { params: idParams } },
    async function showSummary(request, reply) {
      return renderResults(request, reply, request.params.id, 'summary.njk');
    },
  );

  web.get(
    '/impact/appraisals/:id/results.csv',
    { schema: { params: idParams } },
    async function downloadResultsCsv(request, reply) {
      const { a, calc } = await calculated(request, request.params.id);
      if (!calc.ok)
        return reply
          .code(422)
          .type('text/plain; charset=utf-8')
          .send('The appraisal cannot be calculated yet: see its results page.');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${downloadName(a, 'csv')}"`)
        .header('cache-control', 'no-store')
        .send(resultsCsv(calc.result));
    },
  );

  web.get(
    '/impact/appraisals/:id/appraisal.json',
    { schema: { params: idParams } },
    async function downloadAppraisalJson(request, reply) {
      const { a, calc } = await calculated(request, request.params.id);
      // The file carries the participation figures as they were resolved now, so it computes on its own.
      const file = { $schema: paths.schema, ...calc.document };
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${downloadName(a, 'json')}"`)
        .header('cache-control', 'no-store')
        .send(JSON.stringify(file, null, 2));
    },
  );
}
