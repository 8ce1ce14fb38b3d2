import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BenefitLine } from '../../../lib/appraisal/index.js';
import { actionContext } from '../../../platform/auth.js';
import { Invalid } from '../../../platform/errors.js';
import { handleForm, type FormErrors } from '../../../platform/forms.js';
import { impactPaths as paths } from '../impact.paths.js';
import { lastTwelveMonths } from '../impact.periods.js';
import type { ValuesService } from '../values/index.js';
import { lineRoutes, openAppraisal } from './appraisals.pages.js';
import type { Appraisal, AppraisalsService } from './appraisals.service.js';
import { benefitFormSchema, type BenefitForm } from './appraisals.validation.js';
import { benefitFormView } from './appraisals.view-models.js';

type UnitValue = Pick<BenefitLine, 'unitValue' | 'valueType' | 'agency' | 'source' | 'valueId' | 'unitValuePriceYear'>;

/** An appraisal's benefit lines: a unit value from the library or typed in, and a cohort typed or counted. */
export function benefitsWeb(
  app: FastifyInstance,
  { appraisals, values }: { appraisals: AppraisalsService; values: ValuesService },
) {
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
    if (lineId !== undefined && !line) {
      reply.callNotFound();
      return reply;
    }
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

  lineRoutes(app, appraisals, {
    name: 'benefits',
    lines: (a) => a.document.benefits,
    show: (request, reply, a, line) => renderBenefit(request, reply, a, { line }),
    save: saveBenefit,
    remove: (ctx, userId, id, lineId) => appraisals.removeBenefit(ctx, userId, id, lineId),
  });
}
