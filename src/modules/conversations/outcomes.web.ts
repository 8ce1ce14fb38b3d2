import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actionContext, linkContext, requireRole } from '../../platform/auth.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { handleForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import type { Db } from '../../platform/db.js';
import type { MailService } from '../../core/mail/index.js';
import type { ConversationsService } from './conversations.service.js';
import { registerImportExportRoutes } from './import-export.web.js';
import { createOutcomesService } from './outcomes.service.js';
import {
  commitmentFormSchema,
  commitmentStatusLabels,
  commitmentUpdateFormSchema,
  outcomeFormSchema,
} from './outcomes.validation.js';
import { conversationIdParam, createReportService, isOfficer } from './report.service.js';

type Params = { Params: { id: string } };
type CommitmentParams = { Params: { id: string; commitmentId: string } };

const commitmentIdParam = (value: string) => {
  try {
    return conversationIdParam(value);
  } catch {
    throw new NotFound('There is no such commitment.');
  }
};

/** Closing the loop (/conversations/:id/outcome …), plus the Polis import and export routes. */
export async function registerOutcomeRoutes(
  app: FastifyInstance,
  services: { db: Db; mail: MailService; conversations?: ConversationsService },
): Promise<void> {
  const outcomes = createOutcomesService({ db: services.db, mail: services.mail });
  const reports = createReportService(services.db);
  const path = (id: string) => `/conversations/${id}/outcome`;

  const showOutcome = async (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    state: { errors?: FormErrors } = {},
  ) => {
    const officer = isOfficer(request);
    const id = conversationIdParam(request.params.id);
    const view = await outcomes.view(request.place.id, id, { officer });
    const imported = await reports.importInfo(request.place.id, id);
    return reply.render('conversations/views/outcome.njk', {
      ...view,
      imported,
      officer,
      statusLabels: commitmentStatusLabels,
      publishedNow: (request.query as Record<string, unknown>).published === '1',
      errors: state.errors,
      paragraphs: (text: string | undefined) => (text ?? '').split(/\n{2,}/).filter((p) => p.trim()),
    });
  };

  app.get('/conversations/commitments', async function showPlaceCommitments(request, reply) {
    const officer = isOfficer(request);
    const list = await outcomes.placeCommitments(request.place.id, { officer });
    return reply.render('conversations/views/outcome-commitments.njk', {
      commitments: list,
      officer,
      statusLabels: commitmentStatusLabels,
      overdue: list.filter((c) => c.overdue).length,
    });
  });

  app.get<Params>('/conversations/:id/outcome', async function showConversationOutcome(request, reply) {
    return showOutcome(request, reply);
  });

  const showOutcomeForm = async (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    state: { errors?: FormErrors; values?: Record<string, unknown> } = {},
  ) => {
    const id = conversationIdParam(request.params.id);
    const view = await outcomes.view(request.place.id, id, { officer: true });
    return reply.render('conversations/views/outcome-form.njk', {
      conversation: view.conversation,
      published: view.published,
      errors: state.errors,
      values: state.values ?? {
        whatWeHeard: view.outcome?.whatWeHeard,
        whatWeCannotDo: view.outcome?.whatWeCannotDo,
        whatResidentsCouldTakeOn: view.outcome?.whatResidentsCouldTakeOn,
      },
    });
  };

  app.get<Params>('/conversations/:id/outcome/edit', async function showEditOutcome(request, reply) {
    requireRole(request, 'officer');
    return showOutcomeForm(request, reply);
  });
  app.post<Params>('/conversations/:id/outcome/edit', async function submitOutcome(request, reply) {
    const user = requireRole(request, 'officer');
    const id = conversationIdParam(request.params.id);
    return handleForm(
      reply,
      outcomeFormSchema,
      request.body,
      async (data) => {
        await outcomes.save(actionContext(request), user.id, id, data);
        return path(id);
      },
      (errors, values) => showOutcomeForm(request, reply, { errors, values }),
    );
  });

  app.post<Params>('/conversations/:id/outcome/publish', async function submitPublishOutcome(request, reply) {
    const user = requireRole(request, 'officer');
    const id = conversationIdParam(request.params.id);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const extra = Object.keys(body).filter((k) => k !== '_csrf');
    try {
      if (extra.length)
        throw new Invalid([
          { field: 'publish', message: `The form sent fields it does not accept: ${extra.join(', ')}` },
        ]);
      await outcomes.publish(actionContext(request), user.id, id, linkContext(request));
    } catch (err) {
      if (err instanceof Invalid) {
        reply.code(422);
        return showOutcome(request, reply, { errors: toFormErrors(err.errors) });
      }
      throw err;
    }
    return reply.redirect(`${path(id)}?published=1`, 303);
  });

  const showCommitmentForm = async (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    state: { errors?: FormErrors; values?: Record<string, unknown>; commitmentId?: string } = {},
  ) => {
    const id = conversationIdParam(request.params.id);
    const conversation = await outcomes.conversation(request.place.id, id, true);
    return reply.render('conversations/views/outcome-commitment.njk', {
      conversation,
      commitmentId: state.commitmentId,
      action: state.commitmentId
        ? `/conversations/${id}/commitments/${state.commitmentId}/edit`
        : `/conversations/${id}/commitments/new`,
      errors: state.errors,
      values: state.values ?? {},
    });
  };

  app.get<CommitmentParams>(
    '/conversations/:id/commitments/:commitmentId/edit',
    async function showEditCommitment(request, reply) {
      requireRole(request, 'officer');
      const id = conversationIdParam(request.params.id);
      const c = await outcomes.commitmentOf(request.place.id, id, commitmentIdParam(request.params.commitmentId));
      const [y, m, d] = (c.dueDate ?? '').split('-');
      return showCommitmentForm(request, reply, {
        commitmentId: c.id,
        values: { text: c.text, owner: c.owner, dueDate: c.dueDate ? `${Number(d)}/${Number(m)}/${y}` : '' },
      });
    },
  );
  app.post<CommitmentParams>(
    '/conversations/:id/commitments/:commitmentId/edit',
    async function submitEditCommitment(request, reply) {
      requireRole(request, 'officer');
      const id = conversationIdParam(request.params.id);
      const commitmentId = commitmentIdParam(request.params.commitmentId);
      await outcomes.commitmentOf(request.place.id, id, commitmentId);
      return handleForm(
        reply,
        commitmentFormSchema,
        request.body,
        async (data) => {
          await outcomes.changeCommitment(actionContext(request), id, commitmentId, data);
          return `${path(id)}#commitment-${commitmentId}`;
        },
        (errors, values) => showCommitmentForm(request, reply, { errors, values, commitmentId }),
      );
    },
  );

  app.get<Params>('/conversations/:id/commitments/new', async function showNewCommitment(request, reply) {
    requireRole(request, 'officer');
    return showCommitmentForm(request, reply);
  });
  app.post<Params>('/conversations/:id/commitments/new', async function submitNewCommitment(request, reply) {
    const user = requireRole(request, 'officer');
    const id = conversationIdParam(request.params.id);
    return handleForm(
      reply,
      commitmentFormSchema,
      request.body,
      async (data) => {
        const c = await outcomes.addCommitment(actionContext(request), user.id, id, data);
        return `${path(id)}#commitment-${c.id}`;
      },
      (errors, values) => showCommitmentForm(request, reply, { errors, values }),
    );
  });

  const showUpdateForm = async (
    request: FastifyRequest<CommitmentParams>,
    reply: FastifyReply,
    state: { errors?: FormErrors; values?: Record<string, unknown> } = {},
  ) => {
    const id = conversationIdParam(request.params.id);
    const conversation = await outcomes.conversation(request.place.id, id, true);
    const commitment = await outcomes.commitmentOf(
      request.place.id,
      id,
      commitmentIdParam(request.params.commitmentId),
    );
    return reply.render('conversations/views/outcome-commitment-update.njk', {
      conversation,
      commitment,
      statusLabels: commitmentStatusLabels,
      errors: state.errors,
      values: state.values ?? { status: commitment.status },
    });
  };

  app.get<CommitmentParams>(
    '/conversations/:id/commitments/:commitmentId',
    async function showCommitmentUpdate(request, reply) {
      requireRole(request, 'officer');
      return showUpdateForm(request, reply);
    },
  );
  app.post<CommitmentParams>(
    '/conversations/:id/commitments/:commitmentId',
    async function submitCommitmentUpdate(request, reply) {
      const user = requireRole(request, 'officer');
      const id = conversationIdParam(request.params.id);
      const commitmentId = commitmentIdParam(request.params.commitmentId);
      return handleForm(
        reply,
        commitmentUpdateFormSchema,
        request.body,
        async (data) => {
          await outcomes.updateCommitment(actionContext(request), user.id, id, commitmentId, data);
          return `${path(id)}#commitment-${commitmentId}`;
        },
        (errors, values) => showUpdateForm(request, reply, { errors, values }),
      );
    },
  );

  await registerImportExportRoutes(app, services);
}
