import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actionContext, requireRole } from '../../platform/auth.js';
import { idField, idParams } from '../../platform/fields.js';
import { parseForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import { paths } from './conversations.paths.js';
import type { ConversationsService } from './conversations.service.js';
import { moderationFormSchema } from './conversations.validation.js';
import { labels, moderationNotice, moderationRow, type Notice } from './conversations.view-models.js';

const statementNumber = z.coerce.number().int().min(0).optional().catch(undefined);
/** The banner after a decision; anything else in the query is ignored. */
const moderationQuery = z.object({ accepted: statementNumber, removed: statementNumber });
const statementParams = z.object({
  id: idField('There is nothing at this address'),
  statementId: idField('There is nothing at this address'),
});

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type FormState = { errors?: FormErrors; values?: Record<string, unknown> };

/** Moderation, for officers: statements waiting, published and removed, and a decision on each. */
export function conversationsModerationWeb(
  app: FastifyInstance,
  { conversations }: { conversations: ConversationsService },
): void {
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

  app.get(paths.moderation(':id'), { schema: { params: idParams, querystring: moderationQuery } }, showModeration);
  app.post(paths.moderate(':id', ':statementId'), { schema: { params: statementParams } }, submitModeration);
}
