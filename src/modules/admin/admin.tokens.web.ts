import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actionContext, requireRole } from '../../platform/auth.js';
import { idParams } from '../../platform/fields.js';
import { echoValues, parseForm, type FormErrors } from '../../platform/forms.js';
import { createTokenSchema, type ApiTokensService } from '../../core/api-tokens/index.js';
import { adminPaths as paths } from './admin.paths.js';
import { updatedQuery } from './admin.validation.js';
import { tokensView } from './admin.view-models.js';

/** API tokens, for admins: the list, creating one (its secret shown once) and revoking one. */
export function adminTokensWeb(app: FastifyInstance, { apiTokens }: { apiTokens: ApiTokensService }) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  async function renderTokens(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
    created?: { secret: string; name: string },
  ) {
    requireRole(request, 'admin');
    const tokens = await apiTokens.list(request.place.id);
    return reply.render('admin/views/tokens.njk', tokensView({ tokens, errors, values, created }));
  }

  web.get(paths.tokens, { schema: { querystring: updatedQuery } }, async function showTokens(request, reply) {
    return renderTokens(request, reply);
  });

  web.post(paths.tokens, async function submitToken(request, reply) {
    const admin = requireRole(request, 'admin');
    // The new token is shown on this response, once, rather than after a redirect: it is never stored in a retrievable form.
    const parsed = parseForm(createTokenSchema, request.body);
    if (!parsed.ok) return renderTokens(request, reply.code(422), parsed.errors, echoValues(request.body));
    const { token, secret } = await apiTokens.create(actionContext(request), { ...parsed.data, createdBy: admin.id });
    return renderTokens(request, reply.code(201), undefined, {}, { secret, name: token.name });
  });

  web.post(paths.revokeToken(':id'), { schema: { params: idParams } }, async function submitRevoke(request, reply) {
    requireRole(request, 'admin');
    await apiTokens.revoke(actionContext(request), request.params.id);
    return reply.redirect(`${paths.tokens}?updated=revoked`, 303);
  });
}
