import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actionContext, requireRole } from '../../platform/auth.js';
import { handleForm, type FormErrors } from '../../platform/forms.js';
import type { PlacesService } from '../../core/places/index.js';
import { adminPaths as paths } from './admin.paths.js';
import { placeSettingsFrom, settingsSchema, updatedQuery } from './admin.validation.js';
import { settingsValues } from './admin.view-models.js';

/** The place's settings, for admins: its name, contact, how projects are published and participation figures. */
export function adminSettingsWeb(app: FastifyInstance, { places }: { places: PlacesService }) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  function renderSettings(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) {
    requireRole(request, 'admin');
    return reply.render('admin/views/settings.njk', { errors, values: values ?? settingsValues(request.place) });
  }

  web.get(paths.settings, { schema: { querystring: updatedQuery } }, async function showSettings(request, reply) {
    return renderSettings(request, reply);
  });

  web.post(paths.settings, async function submitSettings(request, reply) {
    requireRole(request, 'admin');
    return handleForm(
      reply,
      settingsSchema,
      request.body,
      async (data) => {
        await places.updateSettings(actionContext(request), placeSettingsFrom(data));
        return `${paths.settings}?updated=1`;
      },
      (errors, values) => renderSettings(request, reply, errors, values),
    );
  });
}
