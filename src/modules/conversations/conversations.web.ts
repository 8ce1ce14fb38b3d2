import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actionContext, requireRole } from '../../platform/auth.js';
import { Conflict, Invalid, NotFound } from '../../platform/errors.js';
import { handleForm, parseForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import { conversationPermissions } from './conversations.permissions.js';
import type { Conversation } from './conversations.repository.js';
import type { ConversationsService, Identity } from './conversations.service.js';
import {
  conversationFormSchema,
  emptyFormSchema,
  moderationFormSchema,
  STATEMENT_MAX,
  statementFormSchema,
  voteFormSchema,
} from './conversations.validation.js';
import {
  audienceLabels,
  datesText,
  formValues,
  moderationLabels,
  moderationRow,
  paragraphs,
  progressText,
  statusLabels,
  statusTagClasses,
} from './conversations.view-models.js';

/** The URLs of the conversation pages. */
export const paths = {
  conversations: '/conversations',
  newConversation: '/conversations/new',
  conversation: (id: string) => `/conversations/${id}`,
  vote: (id: string) => `/conversations/${id}/vote`,
  statements: (id: string) => `/conversations/${id}/statements`,
  manage: (id: string) => `/conversations/${id}/manage`,
  edit: (id: string) => `/conversations/${id}/edit`,
  open: (id: string) => `/conversations/${id}/open`,
  close: (id: string) => `/conversations/${id}/close`,
  moderation: (id: string) => `/conversations/${id}/moderation`,
  moderate: (id: string, statementId: string) => `/conversations/${id}/moderation/${statementId}`,
  report: (id: string) => `/conversations/${id}/report`,
  outcome: (id: string) => `/conversations/${id}/outcome`,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
type IdRequest = FastifyRequest<{ Params: { id: string } }>;

function idParam(value: string, what = 'conversation'): string {
  if (!UUID.test(value)) throw new NotFound(`There is no such ${what}.`);
  return value.toLowerCase();
}

const labels = { audienceLabels, moderationLabels, statusLabels, statusTagClasses };

type Deps = { conversations: ConversationsService; cookieSecure: boolean };

/** The conversation pages: list, officers' forms and moderation, and the one-statement-at-a-time voting page. */
export async function conversationsWeb(app: FastifyInstance, { conversations, cookieSecure }: Deps) {
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

  const viewer = (request: FastifyRequest) => request.user;
  const canManage = (request: FastifyRequest) => conversationPermissions.canManage(request.user, request.place.id);

  // The list
  app.get(paths.conversations, async function listConversations(request, reply) {
    const list = await conversations.list(viewer(request), request.place.id);
    return reply.render('conversations/views/list.njk', {
      ...labels,
      conversations: list.map((c) => ({ ...c, datesText: datesText(c) })),
      canManage: canManage(request),
    });
  });

  // Officers: a new conversation
  const showForm = (
    reply: FastifyReply,
    mode: { action: string; title: string; conversation?: Conversation },
    errors?: FormErrors,
    values: Record<string, unknown> = { audience: 'residents', anonymousAllowed: 'no', moderation: 'strict' },
  ) =>
    reply.render('conversations/views/form.njk', {
      ...labels,
      ...mode,
      errors,
      values,
      statementMax: STATEMENT_MAX,
    });

  app.get(paths.newConversation, async function newConversation(request, reply) {
    requireRole(request, 'officer');
    return showForm(reply, { action: paths.newConversation, title: 'Start a conversation' });
  });
  app.post(paths.newConversation, async function createConversation(request, reply) {
    const user = requireRole(request, 'officer');
    return handleForm(
      reply,
      conversationFormSchema,
      request.body,
      async (input) => {
        const c = await conversations.create(actionContext(request), user, input);
        return `${paths.manage(c.id)}?created=1`;
      },
      (errors, values) =>
        showForm(reply, { action: paths.newConversation, title: 'Start a conversation' }, errors, values),
    );
  });

  // Officers: change one
  app.get<{ Params: { id: string } }>('/conversations/:id/edit', async function editConversation(request, reply) {
    const user = requireRole(request, 'officer');
    const c = await conversations.visible(user, request.place.id, idParam(request.params.id));
    return showForm(
      reply,
      { action: paths.edit(c.id), title: 'Change the conversation', conversation: c },
      undefined,
      formValues(c),
    );
  });
  app.post<{ Params: { id: string } }>('/conversations/:id/edit', async function updateConversation(request, reply) {
    const user = requireRole(request, 'officer');
    const c = await conversations.visible(user, request.place.id, idParam(request.params.id));
    const mode = { action: paths.edit(c.id), title: 'Change the conversation', conversation: c };
    try {
      return await handleForm(
        reply,
        conversationFormSchema,
        request.body,
        async (input) => {
          await conversations.update(actionContext(request), user, c.id, input);
          return `${paths.manage(c.id)}?updated=1`;
        },
        (errors, values) => showForm(reply, mode, errors, values),
      );
    } catch (err) {
      if (err instanceof Conflict)
        return showForm(
          reply.code(409),
          mode,
          toFormErrors([{ field: 'question', message: err.message }]),
          formValues(c),
        );
      throw err;
    }
  });

  // Officers: the conversation's own page (status, figures, actions)
  const showManage = async (request: IdRequest, reply: FastifyReply, errors?: FormErrors) => {
    const user = requireRole(request, 'officer');
    const c = await conversations.visible(user, request.place.id, idParam(request.params.id));
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
      errors,
      paths,
    });
  };
  app.get<{ Params: { id: string } }>('/conversations/:id/manage', async (request, reply) =>
    showManage(request, reply),
  );

  const statusAction = (action: 'open' | 'close') =>
    async function (request: IdRequest, reply: FastifyReply) {
      const user = requireRole(request, 'officer');
      const id = idParam(request.params.id);
      const parsed = parseForm(emptyFormSchema, request.body);
      if (!parsed.ok) return showManage(request, reply.code(422), parsed.errors);
      try {
        if (action === 'open') await conversations.open(actionContext(request), user, id);
        else await conversations.close(actionContext(request), user, id);
      } catch (err) {
        if (err instanceof Invalid)
          return showManage(
            request,
            reply.code(422),
            toFormErrors(err.errors.map((e) => ({ field: action, message: e.message }))),
          );
        if (err instanceof Conflict)
          return showManage(request, reply.code(409), toFormErrors([{ field: action, message: err.message }]));
        throw err;
      }
      return reply.redirect(`${paths.manage(id)}?${action === 'open' ? 'opened' : 'closed'}=1`, 303);
    };
  app.post<{ Params: { id: string } }>('/conversations/:id/open', statusAction('open'));
  app.post<{ Params: { id: string } }>('/conversations/:id/close', statusAction('close'));

  // Officers: moderation
  const showModeration = async (
    request: IdRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) => {
    const user = requireRole(request, 'officer');
    const c = await conversations.visible(user, request.place.id, idParam(request.params.id));
    const list = await conversations.moderationList(user, c);
    return reply.render('conversations/views/moderation.njk', {
      ...labels,
      conversation: c,
      pending: list.pending.map(moderationRow),
      accepted: list.accepted.map(moderationRow),
      rejected: list.rejected.map(moderationRow),
      errors,
      values,
      paths,
    });
  };
  app.get<{ Params: { id: string } }>('/conversations/:id/moderation', async (request, reply) =>
    showModeration(request, reply),
  );
  app.post<{ Params: { id: string; statementId: string } }>(
    '/conversations/:id/moderation/:statementId',
    async function moderateStatement(request, reply) {
      const user = requireRole(request, 'officer');
      const c = await conversations.visible(user, request.place.id, idParam(request.params.id));
      const statementId = idParam(request.params.statementId, 'statement');
      const parsed = parseForm(moderationFormSchema, request.body);
      const fieldOf = (f: string) => `${f}-${statementId}`;
      if (!parsed.ok) {
        const errors = toFormErrors(
          parsed.errors.summary.map((e) => ({ field: fieldOf(e.href.slice(1)), message: e.text })),
        );
        return showModeration(request, reply.code(422), errors, { statementId, ...(request.body as object) });
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
    },
  );

  // Taking part: one statement at a time
  const showConversation = async (
    request: IdRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) => {
    const c = await conversations.visible(request.user, request.place.id, idParam(request.params.id));
    const identity = identityOf(request, c);
    const ballot = await conversations.ballot(c, identity);
    const notAccepting = conversations.notAccepting(c);
    return reply.render('conversations/views/show.njk', {
      ...labels,
      conversation: c,
      context: paragraphs(c.context),
      datesText: datesText(c),
      ballot,
      progressText: progressText(ballot),
      notAccepting,
      mayTakePart: conversationPermissions.mayTakePart(request.user, c),
      pseudonymous: !request.user && c.audience === 'link' && c.anonymousAllowed,
      canManage: canManage(request),
      statementMax: STATEMENT_MAX,
      errors,
      values,
      paths,
    });
  };
  app.get<{ Params: { id: string } }>('/conversations/:id', async (request, reply) => showConversation(request, reply));

  app.post<{ Params: { id: string } }>('/conversations/:id/vote', async function castVote(request, reply) {
    const c = await conversations.visible(request.user, request.place.id, idParam(request.params.id));
    const parsed = parseForm(voteFormSchema, request.body);
    if (!parsed.ok) return showConversation(request, reply.code(422), parsed.errors);
    const { identity, newToken } = actingIdentity(request, c);
    try {
      await conversations.vote(actionContext(request), c, identity, parsed.data.statement, parsed.data.vote);
    } catch (err) {
      if (err instanceof Invalid || err instanceof Conflict) {
        const status = err instanceof Conflict ? 409 : 422;
        const errors =
          err instanceof Invalid
            ? toFormErrors(err.errors)
            : toFormErrors([{ field: 'statement', message: err.message }]);
        return showConversation(request, reply.code(status), errors);
      }
      throw err;
    }
    keepPseudonym(reply, c, newToken);
    return reply.redirect(`${paths.conversation(c.id)}?voted=${parsed.data.vote}#statement`, 303);
  });

  app.post<{ Params: { id: string } }>('/conversations/:id/statements', async function addStatement(request, reply) {
    const c = await conversations.visible(request.user, request.place.id, idParam(request.params.id));
    const parsed = parseForm(statementFormSchema, request.body);
    const values = { text: (request.body as Record<string, unknown> | undefined)?.text };
    if (!parsed.ok) return showConversation(request, reply.code(422), parsed.errors, values);
    let status: string;
    const { identity, newToken } = actingIdentity(request, c);
    try {
      status = (await conversations.submitStatement(actionContext(request), c, identity, parsed.data.text)).status;
    } catch (err) {
      if (err instanceof Invalid || err instanceof Conflict) {
        const errors =
          err instanceof Invalid ? toFormErrors(err.errors) : toFormErrors([{ field: 'text', message: err.message }]);
        return showConversation(request, reply.code(err instanceof Conflict ? 409 : 422), errors, values);
      }
      throw err;
    }
    keepPseudonym(reply, c, newToken);
    return reply.redirect(`${paths.conversation(c.id)}?added=${status}#add-statement`, 303);
  });
}
