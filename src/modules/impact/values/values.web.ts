import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext } from '../../../platform/auth.js';
import { notice } from '../impact.fields.js';
import { officerForm } from '../impact.forms.js';
import { impactPaths as paths } from '../impact.paths.js';
import { londonYear } from '../impact.periods.js';
import { impactPermissions } from '../impact.permissions.js';
import type { ValuesService } from './values.service.js';
import { valueFormSchema } from './values.validation.js';
import { libraryRows, newValueView } from './values.view-models.js';

const libraryQuery = z.object({
  // A year out of range is brought within it; anything else shows the default year.
  priceYear: z
    .string()
    .regex(/^\d{4}$/)
    .optional()
    .catch(undefined),
  imported: notice,
  added: notice,
});

/** The value library and the "Add a value" form. */
export function valuesWeb(app: FastifyInstance, { values }: { values: ValuesService }) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  web.get(paths.values, { schema: { querystring: libraryQuery } }, async function showValueLibrary(request, reply) {
    impactPermissions.requireOfficer(request);
    const q = request.query;
    const toYear = q.priceYear ? Math.min(2100, Math.max(1990, Number(q.priceYear))) : londonYear() - 1;
    const [list, settings] = await Promise.all([
      values.list(request.place.id, toYear),
      values.settings(request.place.id),
    ]);
    return reply.render('impact/values/views/values.njk', {
      toYear,
      settings,
      values: libraryRows(list),
      imported: q.imported,
      added: q.added,
    });
  });

  officerForm(app, paths.newValue, {
    schema: valueFormSchema,
    show: (_request, reply, errors, formValues = {}) =>
      reply.render('impact/values/views/value-new.njk', { errors, ...newValueView(formValues) }),
    async save(request, user, data) {
      const v = await values.add(actionContext(request), user.id, data);
      return `${paths.values}?added=${v.id}`;
    },
  });
}
