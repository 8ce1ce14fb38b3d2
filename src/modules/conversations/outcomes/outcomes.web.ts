import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actionContext, linkContext, requireRole } from '../../../platform/auth.js';
import { Invalid } from '../../../platform/errors.js';
import { idField, idParams } from '../../../platform/fields.js';
import { handleForm, toFormErrors, type FormErrors } from '../../../platform/forms.js';
import { conversationPermissions } from '../conversations.permissions.js';
import { paths } from '../conversations.paths.js';
import type { OutcomesService } from './outcomes.service.js';
import { commitmentFormSchema, commitmentUpdateFormSchema, outcomeFormSchema } from './outcomes.validation.js';
import { commitmentFormValues, commitmentStatusLabels, outcomeParagraphs } from './outcomes.view-models.js';

const commitmentParams = z.object({
  id: idField('There is nothing at this address'),
  commitmentId: idField('There is nothing at this address'),
});
/** `?published=1` after publishing; anything else is ignored. */
const outcomeQuery = z.object({ published: z.string().optional().catch(undefined) });

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type CommitmentRequest = FastifyRequest<{ Params: z.output<typeof commitmentParams> }>;
type FormState = { errors?: FormErrors; values?: Record<string, unknown> };

const isOfficer = (request: FastifyRequest) => conversationPermissions.canManage(request.user, request.place.id);

/**
 * Closing the loop: the public outcome page and every commitment in the place, and the officers'
 * forms for what was heard, commitments and their progress, and publishing.
 */
export function outcomesWeb(app: FastifyInstance, { outcomes }: { outcomes: OutcomesService }): void {
  const renderOutcome = async (
    request: IdRequest,
    reply: FastifyReply,
    state: { errors?: FormErrors; publishedNow?: boolean } = {},
  ) => {
    const officer = isOfficer(request);
    const view = await outcomes.view(request.place.id, request.params.id, { officer });
    return reply.render('conversations/outcomes/views/outcome.njk', {
      ...view,
      officer,
      statusLabels: commitmentStatusLabels,
      publishedNow: state.publishedNow ?? false,
      errors: state.errors,
      paragraphs: outcomeParagraphs,
    });
  };

  async function showOutcome(
    request: FastifyRequest<{ Params: { id: string }; Querystring: z.output<typeof outcomeQuery> }>,
    reply: FastifyReply,
  ) {
    return renderOutcome(request, reply, { publishedNow: request.query.published === '1' });
  }

  async function showPlaceCommitments(request: FastifyRequest, reply: FastifyReply) {
    const officer = isOfficer(request);
    const list = await outcomes.placeCommitments(request.place.id, { officer });
    return reply.render('conversations/outcomes/views/outcome-commitments.njk', {
      commitments: list,
      officer,
      statusLabels: commitmentStatusLabels,
      overdue: list.filter((c) => c.overdue).length,
    });
  }

  const renderOutcomeForm = async (request: IdRequest, reply: FastifyReply, state: FormState = {}) => {
    const view = await outcomes.view(request.place.id, request.params.id, { officer: true });
    return reply.render('conversations/outcomes/views/outcome-form.njk', {
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

  async function showEditOutcome(request: IdRequest, reply: FastifyReply) {
    requireRole(request, 'officer');
    return renderOutcomeForm(request, reply);
  }

  async function submitOutcome(request: IdRequest, reply: FastifyReply) {
    const user = requireRole(request, 'officer');
    const { id } = request.params;
    return handleForm(
      reply,
      outcomeFormSchema,
      request.body,
      async (data) => {
        await outcomes.save(actionContext(request), user.id, id, data);
        return paths.outcome(id);
      },
      (errors, values) => renderOutcomeForm(request, reply, { errors, values }),
    );
  }

  async function submitPublishOutcome(request: IdRequest, reply: FastifyReply) {
    const user = requireRole(request, 'officer');
    const { id } = request.params;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const extra = Object.keys(body).filter((k) => k !== '_csrf');
    try {
      if (extra.length)
        throw new Invalid([
          { field: 'publish', message: `The form sent fields it does not accept: ${extra.join(', ')}` },
        ]);
      await outcomes.publish(actionContext(request), user.id, id, linkContext(request));
    } catch (err) {
      if (err instanceof Invalid) return renderOutcome(request, reply.code(422), { errors: toFormErrors(err.errors) });
      throw err;
    }
    return reply.redirect(`${paths.outcome(id)}?published=1`, 303);
  }

  const renderCommitmentForm = async (
    request: IdRequest,
    reply: FastifyReply,
    state: FormState & { commitmentId?: string } = {},
  ) => {
    const { id } = request.params;
    const conversation = await outcomes.conversation(request.place.id, id, true);
    return reply.render('conversations/outcomes/views/outcome-commitment.njk', {
      conversation,
      commitmentId: state.commitmentId,
      action: state.commitmentId ? paths.editCommitment(id, state.commitmentId) : paths.newCommitment(id),
      errors: state.errors,
      values: state.values ?? {},
    });
  };

  async function showNewCommitment(request: IdRequest, reply: FastifyReply) {
    requireRole(request, 'officer');
    return renderCommitmentForm(request, reply);
  }

  async function submitNewCommitment(request: IdRequest, reply: FastifyReply) {
    const user = requireRole(request, 'officer');
    const { id } = request.params;
    return handleForm(
      reply,
      commitmentFormSchema,
      request.body,
      async (data) => {
        const c = await outcomes.addCommitment(actionContext(request), user.id, id, data);
        return `${paths.outcome(id)}#commitment-${c.id}`;
      },
      (errors, values) => renderCommitmentForm(request, reply, { errors, values }),
    );
  }

  async function showEditCommitment(request: CommitmentRequest, reply: FastifyReply) {
    requireRole(request, 'officer');
    const { id, commitmentId } = request.params;
    const c = await outcomes.commitmentOf(request.place.id, id, commitmentId);
    return renderCommitmentForm(request, reply, { commitmentId: c.id, values: commitmentFormValues(c) });
  }

  async function submitEditCommitment(request: CommitmentRequest, reply: FastifyReply) {
    requireRole(request, 'officer');
    const { id, commitmentId } = request.params;
    await outcomes.commitmentOf(request.place.id, id, commitmentId);
    return handleForm(
      reply,
      commitmentFormSchema,
      request.body,
      async (data) => {
        await outcomes.changeCommitment(actionContext(request), id, commitmentId, data);
        return `${paths.outcome(id)}#commitment-${commitmentId}`;
      },
      (errors, values) => renderCommitmentForm(request, reply, { errors, values, commitmentId }),
    );
  }

  const renderUpdateForm = async (request: CommitmentRequest, reply: FastifyReply, state: FormState = {}) => {
    const { id, commitmentId } = request.params;
    const conversation = await outcomes.conversation(request.place.id, id, true);
    const commitment = await outcomes.commitmentOf(request.place.id, id, commitmentId);
    return reply.render('conversations/outcomes/views/outcome-commitment-update.njk', {
      conversation,
      commitment,
      statusLabels: commitmentStatusLabels,
      errors: state.errors,
      values: state.values ?? { status: commitment.status },
    });
  };

  async function showCommitmentUpdate(request: CommitmentRequest, reply: FastifyReply) {
    requireRole(request, 'officer');
    return renderUpdateForm(request, reply);
  }

  async function submitCommitmentUpdate(request: CommitmentRequest, reply: FastifyReply) {
    const user = requireRole(request, 'officer');
    const { id, commitmentId } = request.params;
    return handleForm(
      reply,
      commitmentUpdateFormSchema,
      request.body,
      async (data) => {
        await outcomes.updateCommitment(actionContext(request), user.id, id, commitmentId, data);
        return `${paths.outcome(id)}#commitment-${commitmentId}`;
      },
      (errors, values) => renderUpdateForm(request, reply, { errors, values }),
    );
  }

  const byId = { schema: { params: idParams } };
  const byCommitment = { schema: { params: commitmentParams } };
  app.get(paths.commitments, showPlaceCommitments);
  app.get(paths.outcome(':id'), { schema: { params: idParams, querystring: outcomeQuery } }, showOutcome);
  app.get(paths.editOutcome(':id'), byId, showEditOutcome);
  app.post(paths.editOutcome(':id'), byId, submitOutcome);
  app.post(paths.publishOutcome(':id'), byId, submitPublishOutcome);
  app.get(paths.newCommitment(':id'), byId, showNewCommitment);
  app.post(paths.newCommitment(':id'), byId, submitNewCommitment);
  app.get(paths.editCommitment(':id', ':commitmentId'), byCommitment, showEditCommitment);
  app.post(paths.editCommitment(':id', ':commitmentId'), byCommitment, submitEditCommitment);
  app.get(paths.commitment(':id', ':commitmentId'), byCommitment, showCommitmentUpdate);
  app.post(paths.commitment(':id', ':commitmentId'), byCommitment, submitCommitmentUpdate);
}
