import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BenefitLine } from '../../../lib/appraisal/index.js';
import { actionContext } from '../../../platform/auth.js';
import { Invalid } from '../../../platform/errors.js';
import { idParams } from '../../../platform/fields.js';
import { handleForm, parseForm, type FormErrors } from '../../../platform/forms.js';
import { impactPaths as paths } from '../impact.paths.js';
import { lastTwelveMonths } from '../impact.periods.js';
import type { ValuesService } from '../values/index.js';
import { lineParams, openAppraisal, renderEdit } from './appraisals.pages.js';
import type { Appraisal, AppraisalsService } from './appraisals.service.js';
import { benefitFormSchema, type BenefitForm } from './appraisals.validation.js';
import { benefitFormView } from './appraisals.view-models.js';

const noFields = z.strictObject({});

type UnitValue = Pick<BenefitLine, 'unitValue' | 'valueType' | 'agency' | 'source' | 'valueId' | 'unitValuePriceYear'>;

/** An appraisal's benefit lines: a unit value from the library or typed in, and a cohort typed or counted. */
export async function benefitsWeb(
  app: FastifyInstance,
  { appraisals, values }: { appraisals: AppraisalsService; values: ValuesService },
) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  const renderBenefit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    a: Appraisal,
    state: { errors?: FormErrors; values?: Record<string, unknown>; line?: BenefitLine | undefined } = {},
  ) =>
    reply.render('impact/appraisals/views/benefit-form.njk', {
      appraisal: a,
      line: state.line,
      action: state.line ? paths.benefit(a.id, state.line.id) : paths.newBenefit(a.id),
      errors: state.errors,
      ...benefitFormView(a, state, await values.list(request.place.id, a.document.priceYear), lastTwelveMonths()),
    });

  /** The unit value a line uses: the library value's (with its credit) or the one typed in. */
  async function unitValue(placeId: string, a: Appraisal, unit: BenefitForm['unit']): Promise<UnitValue> {
    if ('valueId' in unit) {
      const lib = await values.find(placeId, unit.valueId).catch(() => {
        throw new Invalid([{ field: 'valueId', message: 'Choose a value from the library' }]);
      });
      return {
        unitValue: lib.valuePence / 100,
        valueType: unit.valueType ?? lib.valueType,
        agency: lib.agency,
        valueId: lib.id,
        source: `${lib.source} Licence: ${lib.licence}. ${lib.attribution}`.slice(0, 2000),
        ...(lib.priceYear !== a.document.priceYear ? { unitValuePriceYear: lib.priceYear } : {}),
      };
    }
    return {
      unitValue: unit.unitValuePence / 100,
      valueType: unit.valueType,
      agency: unit.agency,
      source: unit.source,
      ...(unit.priceYear !== a.document.priceYear ? { unitValuePriceYear: unit.priceYear } : {}),
    };
  }

  /** Saves a new benefit line, or changes line `lineId`. */
  async function saveBenefit(request: FastifyRequest, reply: FastifyReply, id: string, lineId?: string) {
    const a = await openAppraisal(request, appraisals, id);
    const line = lineId === undefined ? undefined : a.document.benefits.find((b) => b.id === lineId);
    if (lineId !== undefined && !line) return reply.callNotFound();
    return handleForm(
      reply,
      benefitFormSchema,
      request.body,
      async (d) => {
        const unit = await unitValue(request.place.id, a, d.unit);
        const cohort: BenefitLine['cohort'] =
          d.cohort.source === 'typed'
            ? { source: 'typed', size: d.cohort.size }
            : { source: 'participation', measure: d.cohort.measure, period: `${d.cohort.from} to ${d.cohort.to}` };
        await appraisals.putBenefit(
          actionContext(request),
          request.user!.id,
          a.id,
          {
            name: d.name,
            cohort,
            engagementRate: d.engagementRate,
            successRate: d.successRate,
            ...unit,
            deadweight: d.deadweight,
            displacement: d.displacement,
            attribution: d.attribution,
            dropOff: d.dropOff,
            lagYears: d.lagYears,
            durationYears: d.durationYears,
            confidenceGrade: d.confidenceGrade,
          },
          {
            ...(unit.valueId ? { valueId: unit.valueId } : {}),
            ...(d.cohort.source === 'participation'
              ? { cohort: { metric: d.cohort.measure, from: d.cohort.from, to: d.cohort.to } }
              : {}),
          },
          line?.id,
        );
        return `${paths.editAppraisal(a.id)}?saved=benefit#benefits`;
      },
      (errors, v) => renderBenefit(request, reply, a, { errors, values: v, line }),
    );
  }

  web.get(
    '/impact/appraisals/:id/benefits/new',
    { schema: { params: idParams } },
    async function showNewBenefit(request, reply) {
      return renderBenefit(request, reply, await openAppraisal(request, appraisals, request.params.id));
    },
  );

  web.post(
    '/impact/appraisals/:id/benefits/new',
    { schema: { params: idParams } },
    async function submitNewBenefit(request, reply) {
      return saveBenefit(request, reply, request.params.id);
    },
  );

  web.get(
    '/impact/appraisals/:id/benefits/:line',
    { schema: { params: lineParams } },
    async function showBenefit(request, reply) {
      const a = await openAppraisal(request, appraisals, request.params.id);
      const line = a.document.benefits.find((b) => b.id === request.params.line);
      if (!line) return reply.callNotFound();
      return renderBenefit(request, reply, a, { line });
    },
  );

  web.post(
    '/impact/appraisals/:id/benefits/:line',
    { schema: { params: lineParams } },
    async function submitBenefit(request, reply) {
      return saveBenefit(request, reply, request.params.id, request.params.line);
    },
  );

  web.post(
    '/impact/appraisals/:id/benefits/:line/remove',
    { schema: { params: lineParams } },
    async function removeBenefit(request, reply) {
      const a = await openAppraisal(request, appraisals, request.params.id);
      const parsed = parseForm(noFields, request.body);
      if (!parsed.ok) return renderEdit(request, reply.code(422), appraisals, a.id, { detailErrors: parsed.errors });
      await appraisals.removeBenefit(actionContext(request), request.user!.id, a.id, request.params.line);
      return reply.redirect(`${paths.editAppraisal(a.id)}?saved=removed#benefits`, 303);
    },
  );
}
