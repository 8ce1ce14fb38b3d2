import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext } from '../../../platform/auth.js';
import type { FormErrors } from '../../../platform/forms.js';
import { notice } from '../impact.fields.js';
import { officerPost } from '../impact.forms.js';
import { impactPaths as paths } from '../impact.paths.js';
import { impactPermissions } from '../impact.permissions.js';
import type { ValuesService } from './values.service.js';
import { biasRecord, deflatorFormSchema, deflatorSeries, optimismBiasFormSchema } from './values.validation.js';
import { settingsView } from './values.view-models.js';

const settingsQuery = z.object({ saved: notice });

/** The place's deflator series and optimism-bias table, which new appraisals copy. */
export function settingsWeb(app: FastifyInstance, { values }: { values: ValuesService }) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  const renderSettings = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { deflatorErrors?: FormErrors; biasErrors?: FormErrors; values?: Record<string, unknown> } = {},
    saved?: string,
  ) =>
    reply.render('impact/values/views/settings.njk', {
      ...settingsView(await values.settings(request.place.id), state),
      saved,
    });

  web.get(
    paths.settings,
    { schema: { querystring: settingsQuery } },
    async function showImpactSettings(request, reply) {
      impactPermissions.requireOfficer(request);
      return renderSettings(request, reply, {}, request.query.saved);
    },
  );

  officerPost(app, paths.deflators, {
    schema: deflatorFormSchema,
    show: (request, reply, errors, v) => renderSettings(request, reply, { deflatorErrors: errors, values: v }),
    async save(request, _user, data) {
      await values.saveDeflators(actionContext(request), deflatorSeries(data.series), data.source);
      return `${paths.settings}?saved=deflators`;
    },
  });

  officerPost(app, paths.optimismBias, {
    schema: optimismBiasFormSchema,
    show: (request, reply, errors, v) => renderSettings(request, reply, { biasErrors: errors, values: v }),
    async save(request, _user, data) {
      await values.saveOptimismBias(actionContext(request), biasRecord(data));
      return `${paths.settings}?saved=optimism-bias`;
    },
  });
}
