import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isCalendarDate } from '../../../lib/london-time.js';
import { actionContext } from '../../../platform/auth.js';
import type { CurrentUser } from '../../../platform/context.js';
import { Conflict } from '../../../platform/errors.js';
import { idParams } from '../../../platform/fields.js';
import { handleForm, parseForm, toFormErrors, type FormErrors } from '../../../platform/forms.js';
import { notice } from '../impact.fields.js';
import { officerForm } from '../impact.forms.js';
import { impactPaths as paths } from '../impact.paths.js';
import { lastTwelveMonths } from '../impact.periods.js';
import { impactPermissions } from '../impact.permissions.js';
import type { FrameworksService } from './frameworks.service.js';
import { evidenceFormSchema, frameworkFormSchema, outcomeFormSchema } from './frameworks.validation.js';
import { frameworkPageView, projectItems, type OutputPeriod } from './frameworks.view-models.js';

const noFields = z.strictObject({});
const frameworkQuery = z.object({
  from: z.string().optional().catch(undefined),
  to: z.string().optional().catch(undefined),
  saved: notice,
});

/** The period for output counts: from the query when both dates are real, else the last 12 whole months. */
function outputPeriod(q: { from?: string | undefined; to?: string | undefined }): OutputPeriod {
  const d = lastTwelveMonths();
  if ((!q.from && !q.to) || (q.from?.length ?? 0) > 10 || (q.to?.length ?? 0) > 10) return d;
  const from = q.from ?? '';
  const to = q.to ?? '';
  if (!isCalendarDate(from) || !isCalendarDate(to) || from > to)
    return {
      ...d,
      problem: 'Enter a real period, start before end, like 2025-04-01 to 2026-03-31. Showing the last 12 months.',
    };
  return { from, to };
}

/** Outcome frameworks: officers build them; a published one is public and read-only. */
export function frameworksWeb(app: FastifyInstance, { frameworks }: { frameworks: FrameworksService }) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  web.get(paths.frameworks, async function showFrameworks(request, reply) {
    const officer = impactPermissions.isOfficer(request);
    const list = await frameworks.list(request.place.id, { publishedOnly: !officer });
    return reply.render('impact/frameworks/views/frameworks.njk', { frameworks: list, officer });
  });

  const renderForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { errors?: FormErrors; values?: Record<string, unknown>; id?: string } = {},
  ) =>
    reply.render('impact/frameworks/views/framework-form.njk', {
      id: state.id,
      action: state.id ? paths.editFramework(state.id) : paths.newFramework,
      errors: state.errors,
      values: state.values ?? {},
      projectItems: projectItems(await frameworks.projectChoices(request.place.id), state.values?.projectId),
    });

  officerForm(app, paths.newFramework, {
    schema: frameworkFormSchema,
    show: (request, reply, errors, values) => renderForm(request, reply, { errors, values }),
    save: async (request, user, data) =>
      paths.framework((await frameworks.create(actionContext(request), user.id, data)).id),
  });

  web.get(
    '/impact/frameworks/:id/edit',
    { schema: { params: idParams } },
    async function showEditFramework(request, reply) {
      impactPermissions.requireOfficer(request);
      const f = await frameworks.find(request.place.id, request.params.id, { publishedOnly: false });
      return renderForm(request, reply, {
        id: f.id,
        values: { name: f.name, projectId: f.projectId, activities: f.activities },
      });
    },
  );

  web.post(
    '/impact/frameworks/:id/edit',
    { schema: { params: idParams } },
    async function submitEditFramework(request, reply) {
      impactPermissions.requireOfficer(request);
      const { id } = request.params;
      await frameworks.find(request.place.id, id, { publishedOnly: false });
      return handleForm(
        reply,
        frameworkFormSchema,
        request.body,
        async (data) => {
          await frameworks.update(actionContext(request), id, data);
          return `${paths.framework(id)}?saved=1`;
        },
        (errors, values) => renderForm(request, reply, { errors, values, id }),
      );
    },
  );

  /** The framework's page; a refused outcome, evidence or status form shows it again with the errors. */
  const renderFramework = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: { outcomeErrors?: FormErrors; evidenceErrors?: FormErrors; values?: Record<string, unknown> } = {},
    query: z.output<typeof frameworkQuery> = {},
  ) => {
    const officer = impactPermissions.isOfficer(request);
    const f = await frameworks.find(request.place.id, id, { publishedOnly: !officer });
    const period = outputPeriod(query);
    const outputs = await frameworks.outputs(request.place.id, period, f.projectId);
    return reply.render('impact/frameworks/views/framework.njk', {
      officer,
      period,
      ...frameworkPageView(f, outputs, state),
      saved: query.saved,
    });
  };

  web.get(
    '/impact/frameworks/:id',
    { schema: { params: idParams, querystring: frameworkQuery } },
    async function showFramework(request, reply) {
      return renderFramework(request, reply, request.params.id, {}, request.query);
    },
  );

  /**
   * A form of the framework's page that adds to it (`outcome` or `evidence`): saved, it goes back
   * to the page's outcomes saying so; refused, the page shows it again with its errors.
   */
  function addToFramework<S extends z.ZodType>(
    kind: 'outcome' | 'evidence',
    schema: S,
    save: (request: FastifyRequest, user: CurrentUser, id: string, data: z.output<S>) => Promise<unknown>,
  ) {
    web.post(
      kind === 'outcome' ? '/impact/frameworks/:id/outcomes' : '/impact/frameworks/:id/evidence',
      { schema: { params: idParams } },
      async function submitToFramework(request, reply) {
        const user = impactPermissions.requireOfficer(request);
        const { id } = request.params;
        return handleForm(
          reply,
          schema,
          request.body,
          async (data) => {
            await save(request, user, id, data);
            return `${paths.framework(id)}?saved=${kind}#outcomes`;
          },
          (errors, values) =>
            renderFramework(request, reply, id, {
              [kind === 'outcome' ? 'outcomeErrors' : 'evidenceErrors']: errors,
              values,
            }),
        );
      },
    );
  }

  addToFramework('outcome', outcomeFormSchema, (request, _user, id, data) =>
    frameworks.addOutcome(actionContext(request), id, data),
  );
  addToFramework('evidence', evidenceFormSchema, (request, user, id, data) =>
    frameworks.addEvidence(actionContext(request), user.id, id, data),
  );

  for (const status of ['published', 'draft'] as const) {
    web.post(
      status === 'published' ? '/impact/frameworks/:id/publish' : '/impact/frameworks/:id/unpublish',
      { schema: { params: idParams } },
      async function changeFrameworkStatus(request, reply) {
        impactPermissions.requireOfficer(request);
        const { id } = request.params;
        const parsed = parseForm(noFields, request.body);
        if (!parsed.ok) return renderFramework(request, reply.code(422), id, { outcomeErrors: parsed.errors });
        try {
          await frameworks.setStatus(actionContext(request), id, status);
        } catch (err) {
          if (!(err instanceof Conflict)) throw err;
          return renderFramework(request, reply.code(409), id, {
            outcomeErrors: toFormErrors([{ field: 'status', message: err.message }]),
          });
        }
        return reply.redirect(`${paths.framework(id)}?saved=${status}`, 303);
      },
    );
  }
}
