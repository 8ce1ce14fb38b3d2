import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isCalendarDate } from '../../lib/london-time.js';
import { actionContext } from '../../platform/auth.js';
import { Conflict } from '../../platform/errors.js';
import { handleForm, parseForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import type { AppraisalsService } from './appraisals.service.js';
import type { FrameworksService } from './frameworks.service.js';
import { impactPaths as paths } from './impact.paths.js';
import { idParam, impactPermissions, lastTwelveMonths } from './impact.permissions.js';
import { measurements } from './impact.schema.js';
import {
  evidenceFormSchema,
  frameworkFormSchema,
  measurementLabels,
  outcomeFormSchema,
  periodQuerySchema,
} from './impact.validation.js';
import type { ValuesService } from './values.service.js';

type Params = { Params: { id: string } };
const noFields = z.strictObject({});
const number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** The period for output counts: from the query when both dates are real, else the last 12 whole months. */
function periodOf(request: FastifyRequest): { from: string; to: string; problem?: string } {
  const q = periodQuerySchema.safeParse(request.query ?? {});
  const d = lastTwelveMonths();
  if (!q.success || (!q.data.from && !q.data.to)) return d;
  const from = q.data.from ?? '';
  const to = q.data.to ?? '';
  if (!isCalendarDate(from) || !isCalendarDate(to) || from > to)
    return {
      ...d,
      problem: 'Enter a real period, start before end, like 2025-04-01 to 2026-03-31. Showing the last 12 months.',
    };
  return { from, to };
}

/** Outcome frameworks: officers build them; a published one is public and read-only. */
export async function frameworksWeb(
  app: FastifyInstance,
  deps: { values: ValuesService; frameworks: FrameworksService; appraisals: AppraisalsService },
) {
  const { frameworks } = deps;
  const projectItems = async (request: FastifyRequest, selected: unknown) => {
    const list = await frameworks.projectChoices(request.place.id);
    return [
      { value: '', text: 'The whole place (no single project)' },
      ...list.map((p) => ({ value: p.id, text: p.title, selected: p.id === selected })),
    ];
  };

  app.get(paths.frameworks, async function showFrameworks(request, reply) {
    const officer = impactPermissions.isOfficer(request);
    const list = await frameworks.list(request.place.id, { publishedOnly: !officer });
    return reply.render('impact/views/frameworks.njk', { paths, frameworks: list, officer });
  });

  const showForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { errors?: FormErrors; values?: Record<string, unknown>; id?: string } = {},
  ) =>
    reply.render('impact/views/framework-form.njk', {
      paths,
      id: state.id,
      action: state.id ? paths.editFramework(state.id) : paths.newFramework,
      errors: state.errors,
      values: state.values ?? {},
      projectItems: await projectItems(request, state.values?.projectId),
    });

  app.get(paths.newFramework, async function showNewFramework(request, reply) {
    impactPermissions.requireOfficer(request);
    return showForm(request, reply);
  });
  app.post(paths.newFramework, async function submitNewFramework(request, reply) {
    const user = impactPermissions.requireOfficer(request);
    return handleForm(
      reply,
      frameworkFormSchema,
      request.body,
      async (data) => paths.framework((await frameworks.create(actionContext(request), user.id, data)).id),
      (errors, values) => showForm(request, reply, { errors, values }),
    );
  });

  app.get<Params>('/impact/frameworks/:id/edit', async function showEditFramework(request, reply) {
    impactPermissions.requireOfficer(request);
    const f = await frameworks.find(request.place.id, idParam(request.params.id, 'outcome framework'), {
      publishedOnly: false,
    });
    return showForm(request, reply, {
      id: f.id,
      values: { name: f.name, projectId: f.projectId, activities: f.activities },
    });
  });
  app.post<Params>('/impact/frameworks/:id/edit', async function submitEditFramework(request, reply) {
    impactPermissions.requireOfficer(request);
    const id = idParam(request.params.id, 'outcome framework');
    await frameworks.find(request.place.id, id, { publishedOnly: false });
    return handleForm(
      reply,
      frameworkFormSchema,
      request.body,
      async (data) => {
        await frameworks.update(actionContext(request), id, data);
        return `${paths.framework(id)}?saved=1`;
      },
      (errors, values) => showForm(request, reply, { errors, values, id }),
    );
  });

  const showFramework = async (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    state: { outcomeErrors?: FormErrors; evidenceErrors?: FormErrors; values?: Record<string, unknown> } = {},
  ) => {
    const officer = impactPermissions.isOfficer(request);
    const f = await frameworks.find(request.place.id, idParam(request.params.id, 'outcome framework'), {
      publishedOnly: !officer,
    });
    const period = periodOf(request);
    const outputs = await frameworks.outputs(request.place.id, period, f.projectId);
    const v = state.values ?? {};
    return reply.render('impact/views/framework.njk', {
      paths,
      framework: f,
      officer,
      period,
      outputs: outputs.map((o) => ({
        ...o,
        valueText: o.value === null ? (o.note ?? 'Not shown') : number.format(o.value),
      })),
      activities: f.activities.split('\n').filter((a) => a.trim()),
      outcomes: f.outcomes.map((o) => ({
        ...o,
        measurementLabel: measurementLabels[o.measurement],
        evidence: o.evidence.map((e) => ({ ...e, valueText: number.format(e.value) })),
      })),
      errors: state.outcomeErrors ?? state.evidenceErrors,
      outcomeErrors: state.outcomeErrors,
      evidenceErrors: state.evidenceErrors,
      outcomeValues: state.outcomeErrors ? v : {},
      evidenceValues: state.evidenceErrors ? v : {},
      measurementItems: measurements.map((m) => ({
        value: m,
        text: measurementLabels[m],
        checked: state.outcomeErrors ? v.measurement === m : false,
      })),
      outcomeItems: [
        { value: '', text: 'Choose an outcome' },
        ...f.outcomes.map((o) => ({
          value: o.id,
          text: o.label,
          selected: state.evidenceErrors && v.outcomeId === o.id,
        })),
      ],
      saved: (request.query as Record<string, unknown>).saved,
    });
  };

  app.get<Params>('/impact/frameworks/:id', async function showOutcomeFramework(request, reply) {
    return showFramework(request, reply);
  });

  app.post<Params>('/impact/frameworks/:id/outcomes', async function submitOutcome(request, reply) {
    impactPermissions.requireOfficer(request);
    const id = idParam(request.params.id, 'outcome framework');
    return handleForm(
      reply,
      outcomeFormSchema,
      request.body,
      async (data) => {
        await frameworks.addOutcome(actionContext(request), id, data);
        return `${paths.framework(id)}?saved=outcome#outcomes`;
      },
      (errors, values) => showFramework(request, reply, { outcomeErrors: errors, values }),
    );
  });

  app.post<Params>('/impact/frameworks/:id/evidence', async function submitEvidence(request, reply) {
    const user = impactPermissions.requireOfficer(request);
    const id = idParam(request.params.id, 'outcome framework');
    return handleForm(
      reply,
      evidenceFormSchema,
      request.body,
      async (data) => {
        await frameworks.addEvidence(actionContext(request), user.id, id, data);
        return `${paths.framework(id)}?saved=evidence#outcomes`;
      },
      (errors, values) => showFramework(request, reply, { evidenceErrors: errors, values }),
    );
  });

  for (const status of ['published', 'draft'] as const) {
    app.post<Params>(
      status === 'published' ? '/impact/frameworks/:id/publish' : '/impact/frameworks/:id/unpublish',
      async function changeFrameworkStatus(request, reply) {
        impactPermissions.requireOfficer(request);
        const id = idParam(request.params.id, 'outcome framework');
        const parsed = parseForm(noFields, request.body);
        if (!parsed.ok) return showFramework(request, reply.code(422), { outcomeErrors: parsed.errors });
        try {
          await frameworks.setStatus(actionContext(request), id, status);
        } catch (err) {
          if (err instanceof Conflict)
            return showFramework(request, reply.code(409), {
              outcomeErrors: toFormErrors([{ field: 'status', message: err.message }]),
            });
          throw err;
        }
        return reply.redirect(`${paths.framework(id)}?saved=${status}`, 303);
      },
    );
  }
}
