import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actionContext, requireRole } from '../../platform/auth.js';
import { Conflict, Invalid } from '../../platform/errors.js';
import { idField, idParams } from '../../platform/fields.js';
import { handleForm, parseForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import { paths } from './conversations.paths.js';
import type { Conversation } from './conversations.repository.js';
import type { ConversationsService } from './conversations.service.js';
import {
  conversationFormSchema,
  emptyFormSchema,
  moderationFormSchema,
  STATEMENT_MAX,
} from './conversations.validation.js';
import {
  datesText,
  formValues,
  labels,
  manageNotice,
  moderationNotice,
  moderationRow,
  paragraphs,
  type Notice,
} from './conversations.view-models.js';

const flag = z.string().optional().catch(undefined);
const statementNumber = z.coerce.number().int().min(0).optional().catch(undefined);
/** Banners after a redirect; anything else in the query is ignored. */
const manageQuery = z.object({ created: flag, updated: flag, opened: flag, closed: flag });
const moderationQuery = z.object({ accepted: statementNumber, removed: statementNumber });
const statementParams = z.object({
  id: idField('There is nothing at this address'),
  statementId: idField('There is nothing at this address'),
});

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type FormState = { errors?: FormErrors; values?: Record<string, unknown> };
const NEW_VALUES = { audience: 'residents', anonymousAllowed: 'no', moderation: 'strict' };

/** Officers' pages: starting and changing a conversation, opening and closing it, and moderation. */
export async function conversationsManageWeb(
  app: FastifyInstance,
  { conversations }: { conversations: ConversationsService },
) {
  const renderForm = (
    reply: FastifyReply,
    mode: { action: string; title: string; conversation?: Conversation },
    state: FormState = {},
  ) =>
    reply.render('conversations/views/form.njk', {
      ...labels,
      ...mode,
      errors: state.errors,
      values: state.values ?? NEW_VALUES,
      statementMax: STATEMENT_MAX,
      paths,
    });
  const newMode = { action: paths.newConversation, title: 'Start a conversation' };
  const editMode = (c: Conversation) => ({
    action: paths.edit(c.id),
    title: 'Change the conversation',
    conversation: c,
  });

  async function showNewConversation(request: FastifyRequest, reply: FastifyReply) {
    requireRole(request, 'officer');
    return renderForm(reply, newMode);
  }

  async function submitNewConversation(request: FastifyRequest, reply: FastifyReply) {
    const user = requireRole(request, 'officer');
    return handleForm(
      reply,
      conversationFormSchema,
      request.body,
      async (input) => {
        const c = await conversations.create(actionContext(request), user, input);
        return `${paths.manage(c.id)}?created=1`;
      },
      (errors, values) => renderForm(reply, newMode, { errors, values }),
    );
  }

  async function showEditConversation(request: IdRequest, reply: FastifyReply) {
    const user = requireRole(request, 'officer');
    const c = await conversations.visible(user, request.place.id, request.params.id);
    return renderForm(reply, editMode(c), { values: formValues(c) });
  }

  async function submitEditConversation(request: IdRequest, reply: FastifyReply) {
    const user = requireRole(request, 'officer');
    const c = await conversations.visible(user, request.place.id, request.params.id);
    try {
      return await handleForm(
        reply,
        conversationFormSchema,
        request.body,
        async (input) => {
          await conversations.update(actionContext(request), user, c.id, input);
          return `${paths.manage(c.id)}?updated=1`;
        },
        (errors, values) => renderForm(reply, editMode(c), { errors, values }),
      );
    } catch (err) {
      if (err instanceof Conflict)
        return renderForm(reply.code(409), editMode(c), {
          errors: toFormErrors([{ field: 'question', message: err.message }]),
          values: formValues(c),
        });
      throw err;
    }
  }

  /** The conversation's own page for officers: status, figures and actions. */
  const renderManage = async (
    request: IdRequest,
    reply: FastifyReply,
    state: { errors?: FormErrors; notice?: Notice } = {},
  ) => {
    const user = requireRole(request, 'officer');
    const c = await conversations.visible(user, request.place.id, request.params.id);
    const [counts, participants, votes, analysis] = await Promise.all([
      conversations.statementCounts(c),
      conversations.participantCount(c),
      conversations.voteCount(c),
      conversations.storedAnalysis(c),
    ]);
    return reply.render('conversations/views/manage.njk', {
      ...labels,
      conversation: c,
      datesText: datesText(c),
      context: paragraphs(c.context),
      counts,
      participants,
      votes,
      analysis: analysis
        ? {
            computedAt: analysis.computedAt,
            voteCount: analysis.voteCount,
            upToDate: analysis.voteCount >= votes,
            groups: analysis.result.groups.length,
            inConv: analysis.result.inConv,
            participants: analysis.participantCount,
            stability: analysis.stability?.verdict,
          }
        : null,
      accepting: conversations.notAccepting(c) === null,
      errors: state.errors,
      notice: state.notice ?? null,
      paths,
    });
  };

  async function showManage(
    request: FastifyRequest<{ Params: { id: string }; Querystring: z.output<typeof manageQuery> }>,
    reply: FastifyReply,
  ) {
    return renderManage(request, reply, { notice: manageNotice(request.query) });
  }

  /** Opening or closing: a button with no fields; a refusal is shown on the manage page. */
  const changeStatus = (action: 'open' | 'close') =>
    async function (request: IdRequest, reply: FastifyReply) {
      const user = requireRole(request, 'officer');
      const { id } = request.params;
      const parsed = parseForm(emptyFormSchema, request.body);
      if (!parsed.ok) return renderManage(request, reply.code(422), { errors: parsed.errors });
      try {
        if (action === 'open') await conversations.open(actionContext(request), user, id);
        else await conversations.close(actionContext(request), user, id);
      } catch (err) {
        if (err instanceof Invalid)
          return renderManage(request, reply.code(422), {
            errors: toFormErrors(err.errors.map((e) => ({ field: action, message: e.message }))),
          });
        if (err instanceof Conflict)
          return renderManage(request, reply.code(409), {
            errors: toFormErrors([{ field: action, message: err.message }]),
          });
        throw err;
      }
      return reply.redirect(`${paths.manage(id)}?${action === 'open' ? 'opened' : 'closed'}=1`, 303);
    };
  const submitOpenConversation = changeStatus('open');
  const submitCloseConversation = changeStatus('close');

  const renderModeration = async (
    request: IdRequest,
    reply: FastifyReply,
    state: FormState & { notice?: Notice } = {},
  ) => {
    const user = requireRole(request, 'officer');
    const c = await conversations.visible(user, request.place.id, request.params.id);
    const list = await conversations.moderationList(user, c);
    return reply.render('conversations/views/moderation.njk', {
      ...labels,
      conversation: c,
      pending: list.pending.map(moderationRow),
      accepted: list.accepted.map(moderationRow),
      rejected: list.rejected.map(moderationRow),
      errors: state.errors,
      values: state.values ?? {},
      notice: state.notice ?? null,
      paths,
    });
  };

  async function showModeration(
    request: FastifyRequest<{ Params: { id: string }; Querystring: z.output<typeof moderationQuery> }>,
    reply: FastifyReply,
  ) {
    return renderModeration(request, reply, { notice: moderationNotice(request.query) });
  }

  async function submitModeration(
    request: FastifyRequest<{ Params: z.output<typeof statementParams> }>,
    reply: FastifyReply,
  ) {
    const user = requireRole(request, 'officer');
    const c = await conversations.visible(user, request.place.id, request.params.id);
    const { statementId } = request.params;
    const parsed = parseForm(moderationFormSchema, request.body);
    // Each statement on the page has its own form, so errors name the field of that form.
    const fieldOf = (f: string) => `${f}-${statementId}`;
    if (!parsed.ok) {
      const errors = toFormErrors(
        parsed.errors.summary.map((e) => ({ field: fieldOf(e.href.slice(1)), message: e.text })),
      );
      return renderModeration(request, reply.code(422), {
        errors,
        values: { statementId, ...(request.body as object) },
      });
    }
    const s = await conversations.moderate(actionContext(request), user, c.id, statementId, {
      decision: parsed.data.decision,
      reason: parsed.data.reason,
      isMeta: parsed.data.isMeta === 'yes',
    });
    return reply.redirect(
      `${paths.moderation(c.id)}?${parsed.data.decision === 'accept' ? 'accepted' : 'removed'}=${s.number}`,
      303,
    );
  }

  const byId = { schema: { params: idParams } };
  app.get(paths.newConversation, showNewConversation);
  app.post(paths.newConversation, submitNewConversation);
  app.get(paths.edit(':id'), byId, showEditConversation);
  app.post(paths.edit(':id'), byId, submitEditConversation);
  app.get(paths.manage(':id'), { schema: { params: idParams, querystring: manageQuery } }, showManage);
  app.post(paths.open(':id'), byId, submitOpenConversation);
  app.post(paths.close(':id'), byId, submitCloseConversation);
  app.get(paths.moderation(':id'), { schema: { params: idParams, querystring: moderationQuery } }, showModeration);
  app.post(paths.moderate(':id', ':statementId'), { schema: { params: statementParams } }, submitModeration);
}
