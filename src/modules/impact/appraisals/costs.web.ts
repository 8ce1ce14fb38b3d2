import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CostLine } from '../../../lib/appraisal/index.js';
import { actionContext } from '../../../platform/auth.js';
import { Invalid } from '../../../platform/errors.js';
import { idParams } from '../../../platform/fields.js';
import { handleForm, parseForm, toFormErrors, type FormErrors } from '../../../platform/forms.js';
import { impactPaths as paths } from '../impact.paths.js';
import { lastTwelveMonths } from '../impact.periods.js';
import { moneyExact } from '../impact.view-models.js';
import { defaultVolunteerHourlyRate } from '../values/index.js';
import { appraisalPage, lineRoutes, openAppraisal } from './appraisals.pages.js';
import type { Appraisal, AppraisalsService } from './appraisals.service.js';
import { costFormSchema, formYears, readCostAmounts, volunteerTimeFormSchema } from './appraisals.validation.js';
import { costFormView, volunteerTimeView } from './appraisals.view-models.js';

/** An appraisal's cost lines (one box per year, so rows need no JavaScript) and volunteer time as an in-kind cost. */
export function costsWeb(app: FastifyInstance, { appraisals }: { appraisals: AppraisalsService }) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  const renderCost = (
    reply: FastifyReply,
    a: Appraisal,
    state: { errors?: FormErrors; values?: Record<string, unknown>; line?: CostLine | undefined } = {},
  ): FastifyReply =>
    reply.render('impact/appraisals/views/cost-form.njk', {
      appraisal: a,
      line: state.line,
      action: state.line ? paths.cost(a.id, state.line.id) : paths.newCost(a.id),
      errors: state.errors,
      ...costFormView(a.document, state),
    });

  /** Saves a new cost line, or changes line `lineId`; a refused form shows again with what was typed. */
  async function saveCost(request: FastifyRequest, reply: FastifyReply, id: string, lineId?: string) {
    const a = await openAppraisal(request, appraisals, id);
    const line = lineId === undefined ? undefined : a.document.costs.find((c) => c.id === lineId);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(costFormSchema, body);
    const { amounts, errors: amountErrors } = readCostAmounts(body, formYears(a.document.appraisalYears));
    const echo = Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string'));
    if (!parsed.ok || amountErrors.length) {
      const fieldErrors = [
        ...(parsed.ok ? [] : parsed.errors.summary.map((s) => ({ field: s.href.slice(1), message: s.text }))),
        ...amountErrors,
      ];
      return renderCost(reply.code(422), a, { errors: toFormErrors(fieldErrors), values: echo, line });
    }
    const d = parsed.data;
    try {
      await appraisals.putCost(
        actionContext(request),
        request.user!.id,
        a.id,
        {
          name: d.name,
          category: d.category,
          agency: d.agency,
          confidenceGrade: d.confidenceGrade,
          ...(d.source ? { source: d.source } : {}),
          amounts,
        },
        lineId,
      );
    } catch (err) {
      if (!(err instanceof Invalid)) throw err;
      return renderCost(reply.code(422), a, { errors: toFormErrors(err.errors), values: echo, line });
    }
    return reply.redirect(`${paths.editAppraisal(a.id)}?saved=cost#costs`, 303);
  }

  lineRoutes(app, appraisals, {
    name: 'costs',
    lines: (a) => a.document.costs,
    show: (_request, reply, a, line) => renderCost(reply, a, { line }),
    save: saveCost,
    remove: (ctx, userId, id, lineId) => appraisals.removeCost(ctx, userId, id, lineId),
  });

  const renderVolunteerTime = (reply: FastifyReply, a: Appraisal, errors?: FormErrors, v?: Record<string, unknown>) =>
    reply.render('impact/appraisals/views/volunteer-time.njk', {
      appraisal: a,
      errors,
      ...volunteerTimeView(a.document, v, { period: lastTwelveMonths(), rate: defaultVolunteerHourlyRate }),
    });

  appraisalPage(app, appraisals, paths.volunteerTime(':id'), (_request, reply, a) => renderVolunteerTime(reply, a));

  web.post(
    '/impact/appraisals/:id/volunteer-time',
    { schema: { params: idParams } },
    async function submitVolunteerTime(request, reply) {
      const a = await openAppraisal(request, appraisals, request.params.id);
      const years = formYears(a.document.appraisalYears);
      return handleForm(
        reply,
        volunteerTimeFormSchema,
        request.body,
        async (d) => {
          if (d.year! >= years)
            throw new Invalid([
              { field: 'year', message: `The year must be within the appraisal period (0 to ${years - 1})` },
            ]);
          const hours = await appraisals.volunteerHours(request.place.id, { from: d.from, to: d.to }, a.projectId);
          if (!(hours > 0))
            throw new Invalid([
              {
                field: 'from',
                message: `No volunteer hours were recorded from ${d.from} to ${d.to}. Choose another period.`,
              },
            ]);
          await appraisals.putCost(actionContext(request), request.user!.id, a.id, {
            name: `Volunteer time, ${d.from} to ${d.to}`,
            category: 'inKind',
            agency: 'Volunteers',
            confidenceGrade: d.confidenceGrade,
            source: `Volunteer hours recorded in Commonground, ${d.from} to ${d.to}, valued at ${moneyExact(d.hourlyRate / 100)} an hour`,
            amounts: [{ year: d.year!, hours, hourlyRate: d.hourlyRate / 100 }],
          });
          return `${paths.editAppraisal(a.id)}?saved=volunteer-time#costs`;
        },
        (errors, v) => renderVolunteerTime(reply, a, errors, v),
      );
    },
  );
}
