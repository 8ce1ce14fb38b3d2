import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appraisalJsonSchema } from '../../../lib/appraisal/index.js';
import { actionContext } from '../../../platform/auth.js';
import { Invalid } from '../../../platform/errors.js';
import { idParams } from '../../../platform/fields.js';
import { handleForm, parseForm, toFormErrors, type FormErrors } from '../../../platform/forms.js';
import type { FrameworksService } from '../frameworks/index.js';
import { notice } from '../impact.fields.js';
import { impactPaths as paths } from '../impact.paths.js';
import { londonYear } from '../impact.periods.js';
import { impactPermissions } from '../impact.permissions.js';
import { biasRecord, optimismBiasFormSchema, type ValuesService } from '../values/index.js';
import { officerForm } from '../impact.forms.js';
import { openAppraisal, renderEdit } from './appraisals.pages.js';
import type { Appraisal, AppraisalsService } from './appraisals.service.js';
import { appraisalDetailsFormSchema, appraisalFormSchema, importJsonFormSchema } from './appraisals.validation.js';
import { appraisalRows, newAppraisalView } from './appraisals.view-models.js';

const JSON_MAX_BYTES = 1024 * 1024;

/** Multipart limits of the appraisal pages: one appraisal file (or its text pasted), nothing else of size. */
export const appraisalUploadLimits = {
  attachFieldsToBody: 'keyValues',
  limits: { files: 1, fileSize: JSON_MAX_BYTES, fields: 3, fieldSize: JSON_MAX_BYTES, parts: 4 },
} as const;

const editQuery = z.object({ saved: notice });

/** Appraisals: the list, starting one, importing a file, the edit page's own forms, and the history. */
export function appraisalsWeb(
  app: FastifyInstance,
  deps: { values: ValuesService; frameworks: FrameworksService; appraisals: AppraisalsService },
) {
  const { appraisals, values } = deps;
  const web = app.withTypeProvider<ZodTypeProvider>();

  web.get(paths.appraisals, async function showAppraisals(request, reply) {
    impactPermissions.requireOfficer(request);
    const list = await appraisals.list(request.place.id);
    return reply.render('impact/appraisals/views/appraisals.njk', { appraisals: appraisalRows(list) });
  });

  const renderNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    v?: Record<string, unknown>,
  ) => {
    const placeId = request.place.id;
    const lastDeflatorYear = (await values.settings(placeId)).deflator.values.at(-1)?.year;
    // The price year defaults to this year, or the last the deflator series covers if that is earlier.
    const priceYear = Math.min(londonYear(), lastDeflatorYear ?? 9999);
    return reply.render('impact/appraisals/views/appraisal-new.njk', {
      errors,
      lastDeflatorYear,
      ...newAppraisalView(v, await deps.frameworks.projectChoices(placeId), priceYear),
    });
  };

  officerForm(app, paths.newAppraisal, {
    schema: appraisalFormSchema,
    show: renderNew,
    async save(request, user, data) {
      const a = await appraisals.create(actionContext(request), user.id, {
        ...data,
        priceYear: data.priceYear!,
        appraisalYears: data.appraisalYears!,
      });
      return paths.editAppraisal(a.id);
    },
  });

  const renderImport = (reply: FastifyReply, errors?: FormErrors, json = '') =>
    reply.render('impact/appraisals/views/appraisal-import.njk', { errors, json });

  web.get(paths.importAppraisal, async function showImportAppraisal(request, reply) {
    impactPermissions.requireOfficer(request);
    return renderImport(reply);
  });

  web.post(
    paths.importAppraisal,
    { bodyLimit: 2 * JSON_MAX_BYTES + 64 * 1024 },
    async function submitImportAppraisal(request, reply) {
      const user = impactPermissions.requireOfficer(request);
      const parsed = parseForm(importJsonFormSchema, request.body);
      if (!parsed.ok) return renderImport(reply.code(422), parsed.errors);
      let text: string | undefined;
      const file = parsed.data.file;
      if (Buffer.isBuffer(file) && file.length > 0) {
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(file);
        } catch {
          return renderImport(
            reply.code(422),
            toFormErrors([
              { field: 'file', message: 'The file is not UTF-8 text. Choose the appraisal’s .json file.' },
            ]),
          );
        }
      } else if (parsed.data.json?.trim()) text = parsed.data.json;
      if (!text)
        return renderImport(
          reply.code(422),
          toFormErrors([{ field: 'file', message: 'Choose an appraisal file (.json), or paste its text' }]),
        );
      let id: string;
      try {
        id = (await appraisals.importJson(actionContext(request), user.id, text)).id;
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        // Every problem in the summary, each with its own anchor (up to 50).
        const errors = err.errors.slice(0, 50).map((e, i) => ({ ...e, field: i ? `${e.field}-${i}` : e.field }));
        return renderImport(reply.code(422), toFormErrors(errors), parsed.data.json ?? '');
      }
      return reply.redirect(`${paths.appraisal(id)}?imported=1`, 303);
    },
  );

  web.get(paths.schema, async function showAppraisalSchema(_request, reply) {
    return reply.type('application/schema+json; charset=utf-8').send(JSON.stringify(appraisalJsonSchema(), null, 2));
  });

  web.get(
    '/impact/appraisals/:id/edit',
    { schema: { params: idParams, querystring: editQuery } },
    async function showEditAppraisal(request, reply) {
      return renderEdit(request, reply, appraisals, request.params.id, {}, request.query.saved);
    },
  );

  /**
   * A form of the edit page, posted to `/impact/appraisals/:id/<name>`: saved, it goes back to the
   * edit page saying `name` was; refused, the edit page shows it again with its errors.
   */
  function editPageForm<S extends z.ZodType>(
    name: 'details' | 'optimism-bias',
    schema: S,
    save: (request: FastifyRequest, a: Appraisal, data: z.output<S>) => Promise<unknown>,
  ) {
    const errorsOf = name === 'details' ? 'detailErrors' : 'biasErrors';
    web.post(
      `/impact/appraisals/:id/${name}`,
      { schema: { params: idParams } },
      async function submitEditPageForm(request, reply) {
        const a = await openAppraisal(request, appraisals, request.params.id);
        return handleForm(
          reply,
          schema,
          request.body,
          async (data) => {
            await save(request, a, data);
            return `${paths.editAppraisal(a.id)}?saved=${name}`;
          },
          (errors, v) => renderEdit(request, reply, appraisals, a.id, { [errorsOf]: errors, values: v }),
        );
      },
    );
  }

  editPageForm('details', appraisalDetailsFormSchema, (request, a, data) =>
    appraisals.updateDetails(actionContext(request), request.user!.id, a.id, {
      ...data,
      priceYear: data.priceYear!,
      appraisalYears: data.appraisalYears!,
    }),
  );

  editPageForm('optimism-bias', optimismBiasFormSchema, (request, a, data) =>
    appraisals.setOptimismBias(actionContext(request), request.user!.id, a.id, biasRecord(data)),
  );

  web.get(
    '/impact/appraisals/:id/history',
    { schema: { params: idParams } },
    async function showAppraisalHistory(request, reply) {
      const a = await openAppraisal(request, appraisals, request.params.id);
      const versions = await appraisals.versions(request.place.id, a.id);
      return reply.render('impact/appraisals/views/history.njk', { appraisal: a, versions });
    },
  );
}
