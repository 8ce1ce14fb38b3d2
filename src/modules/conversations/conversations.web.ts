import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actionContext } from '../../platform/auth.js';
import { Conflict, Invalid } from '../../platform/errors.js';
import { idParams } from '../../platform/fields.js';
import { parseForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import { paths } from './conversations.paths.js';
import { conversationPermissions } from './conversations.permissions.js';
import type { Conversation } from './conversations.repository.js';
import type { ConversationsService, Identity } from './conversations.service.js';
import { STATEMENT_MAX, statementFormSchema, voteFormSchema } from './conversations.validation.js';
import {
  datesText,
  labels,
  paragraphs,
  progressText,
  takingPartNotice,
  type Notice,
} from './conversations.view-models.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** The banner after a vote or a new statement; anything else in the query is ignored. */
const takingPartQuery = z.object({
  voted: z.string().optional().catch(undefined),
  added: z.enum(['pending', 'accepted']).optional().catch(undefined),
});

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type ShowRequest = FastifyRequest<{ Params: { id: string }; Querystring: z.output<typeof takingPartQuery> }>;

type Deps = { conversations: ConversationsService; cookieSecure: boolean };

/** The public conversation pages: the list, and one statement at a time to vote on, with a form to add one. */
export function conversationsWeb(app: FastifyInstance, { conversations, cookieSecure }: Deps): void {
  // A pseudonymous participant is a random token in a cookie for this conversation only; the
  // database keeps its SHA-256, so the cookie cannot be rebuilt from what is stored.
  const cookieName = (id: string) => `${cookieSecure ? '__Host-' : ''}cg_conv_${id.replaceAll('-', '')}`;
  const cookieOptions = { httpOnly: true, secure: cookieSecure, sameSite: 'lax' as const, path: '/' };

  function identityOf(request: FastifyRequest, c: Conversation): Identity | null {
    if (request.user && request.user.placeId === c.placeId) return { userId: request.user.id };
    const token = request.cookies[cookieName(c.id)];
    if (token && TOKEN.test(token) && c.audience === 'link' && c.anonymousAllowed) return { token };
    return null;
  }

  /**
   * The identity to act as, with a new pseudonym when anonymous taking part is allowed and this
   * browser has none yet; its cookie is set only once the action has succeeded.
   */
  function actingIdentity(request: FastifyRequest, c: Conversation): { identity: Identity | null; newToken?: string } {
    const known = identityOf(request, c);
    if (known || !(c.audience === 'link' && c.anonymousAllowed)) return { identity: known };
    const token = randomBytes(32).toString('base64url');
    return { identity: { token }, newToken: token };
  }
  const keepPseudonym = (reply: FastifyReply, c: Conversation, token: string | undefined) => {
    if (token) reply.setCookie(cookieName(c.id), token, { ...cookieOptions, maxAge: 365 * 24 * 60 * 60 });
  };
  const canManage = (request: FastifyRequest) => conversationPermissions.canManage(request.user, request.place.id);

  async function listConversations(request: FastifyRequest, reply: FastifyReply) {
    const list = await conversations.list(request.user, request.place.id);
    return reply.render('conversations/views/list.njk', {
      ...labels,
      conversations: list.map((c) => ({ ...c, datesText: datesText(c) })),
      canManage: canManage(request),
    });
  }

  const renderConversation = async (
    request: IdRequest,
    reply: FastifyReply,
    state: { errors?: FormErrors; values?: Record<string, unknown>; notice?: Notice } = {},
  ) => {
    const c = await conversations.visible(request.user, request.place.id, request.params.id);
    const ballot = await conversations.ballot(c, identityOf(request, c));
    return reply.render('conversations/views/show.njk', {
      ...labels,
      conversation: c,
      context: paragraphs(c.context),
      datesText: datesText(c),
      ballot,
      progressText: progressText(ballot),
      notAccepting: conversations.notAccepting(c),
      mayTakePart: conversationPermissions.mayTakePart(request.user, c),
      pseudonymous: !request.user && c.audience === 'link' && c.anonymousAllowed,
      canManage: canManage(request),
      statementMax: STATEMENT_MAX,
      errors: state.errors,
      values: state.values ?? {},
      notice: state.notice ?? null,
    });
  };

  async function showConversation(request: ShowRequest, reply: FastifyReply) {
    return renderConversation(request, reply, { notice: takingPartNotice(request.query) });
  }

  async function castVote(request: IdRequest, reply: FastifyReply) {
    const c = await conversations.visible(request.user, request.place.id, request.params.id);
    const parsed = parseForm(voteFormSchema, request.body);
    if (!parsed.ok) return renderConversation(request, reply.code(422), { errors: parsed.errors });
    const { identity, newToken } = actingIdentity(request, c);
    try {
      await conversations.vote(actionContext(request), c, identity, parsed.data.statement, parsed.data.vote);
    } catch (err) {
      if (err instanceof Invalid || err instanceof Conflict) {
        const errors =
          err instanceof Invalid
            ? toFormErrors(err.errors)
            : toFormErrors([{ field: 'statement', message: err.message }]);
        return renderConversation(request, reply.code(err instanceof Conflict ? 409 : 422), { errors });
      }
      throw err;
    }
    keepPseudonym(reply, c, newToken);
    return reply.redirect(`${paths.conversation(c.id)}?voted=${parsed.data.vote}#statement`, 303);
  }

  async function addStatement(request: IdRequest, reply: FastifyReply) {
    const c = await conversations.visible(request.user, request.place.id, request.params.id);
    const parsed = parseForm(statementFormSchema, request.body);
    const values = { text: (request.body as Record<string, unknown> | undefined)?.text };
    if (!parsed.ok) return renderConversation(request, reply.code(422), { errors: parsed.errors, values });
    let status: string;
    const { identity, newToken } = actingIdentity(request, c);
    try {
      status = (await conversations.submitStatement(actionContext(request), c, identity, parsed.data.text)).status;
    } catch (err) {
      if (err instanceof Invalid || err instanceof Conflict) {
        const errors =
          err instanceof Invalid ? toFormErrors(err.errors) : toFormErrors([{ field: 'text', message: err.message }]);
        return renderConversation(request, reply.code(err instanceof Conflict ? 409 : 422), { errors, values });
      }
      throw err;
    }
    keepPseudonym(reply, c, newToken);
    return reply.redirect(`${paths.conversation(c.id)}?added=${status}#add-statement`, 303);
  }

  app.get(paths.conversations, listConversations);
  app.get(paths.conversation(':id'), { schema: { params: idParams, querystring: takingPartQuery } }, showConversation);
  app.post(paths.vote(':id'), { schema: { params: idParams } }, castVote);
  app.post(paths.statements(':id'), { schema: { params: idParams } }, addStatement);
}
