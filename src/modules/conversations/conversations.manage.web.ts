import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actionContext, requireRole } from '../../platform/auth.js';
import { Conflict, Invalid } from '../../platform/errors.js';
import { idParams } from '../../platform/fields.js';
import { handleForm, parseForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import { paths } from './conversations.paths.js';
import type { Conversation } from './conversations.repository.js';
import type { ConversationsService } from './conversations.service.js';
import { conversationFormSchema, emptyFormSchema, STATEMENT_MAX } from './conversations.validation.js';
import { datesText, formValues, labels, manageNotice, paragraphs, type Notice } from './conversations.view-models.js';

const flag = z.string().optional().catch(undefined);
/** Banners after a redirect; anything else in the query is ignored. */
const manageQuery = z.object({ created: flag, updated: flag, opened: flag, closed: flag });

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type FormState = { errors?: FormErrors; values?: Record<string, unknown> };
const NEW_VALUES = { audience: 'residents', anonymousAllowed: 'no', moderation: 'strict' };

/** Officers' pages: starting and changing a conversation, and opening and closing it. */
export function conversationsManageWeb(
  app: FastifyInstance,
  { conversations }: { conversations: ConversationsService },
): void {
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

  const byId = { schema: { params: idParams } };
  app.get(paths.newConversation, showNewConversation);
  app.post(paths.newConversation, submitNewConversation);
  app.get(paths.edit(':id'), byId, showEditConversation);
  app.post(paths.edit(':id'), byId, submitEditConversation);
  app.get(paths.manage(':id'), { schema: { params: idParams, querystring: manageQuery } }, showManage);
  app.post(paths.open(':id'), byId, submitOpenConversation);
  app.post(paths.close(':id'), byId, submitCloseConversation);
}
