import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { actionContext } from '../../../platform/auth.js';
import { Invalid } from '../../../platform/errors.js';
import { parseForm, toFormErrors, type FormErrors } from '../../../platform/forms.js';
import { impactPaths as paths } from '../impact.paths.js';
import { impactPermissions } from '../impact.permissions.js';
import { GMCA_MAX_BYTES, gmcaThemes, type GmcaProblem } from './values.gmca.js';
import type { ValuesService } from './values.service.js';
import { gmcaConfirmView } from './values.view-models.js';

/** Multipart limits of the value library's pages: one workbook, nothing else of size. */
export const gmcaUploadLimits = {
  attachFieldsToBody: 'keyValues',
  limits: { files: 1, fileSize: GMCA_MAX_BYTES, fields: 3, fieldSize: 1024, parts: 4 },
} as const;

const uploadSchema = z.strictObject({ workbook: z.unknown().optional() });
/** The checked workbook travels back in the confirm form, base64, so nothing is stored before the confirm. */
const confirmSchema = z.strictObject({
  workbook: z
    .string()
    .min(1, 'The workbook is missing.')
    .max(Math.ceil((GMCA_MAX_BYTES * 4) / 3) + 8, 'The workbook is too large.'),
});

/** The GMCA Unit Cost Database import: upload, a row-by-row report, then a confirm step. */
export function valuesImportWeb(app: FastifyInstance, { values }: { values: ValuesService }) {
  const renderImport = (reply: FastifyReply, state: { errors?: FormErrors; problems?: GmcaProblem[] } = {}) =>
    reply.render('impact/values/views/values-import.njk', {
      themes: gmcaThemes,
      errors: state.errors,
      problems: state.problems?.slice(0, 500),
      moreProblems: Math.max(0, (state.problems?.length ?? 0) - 500),
    });

  app.get(paths.importValues, async function showGmcaImport(request, reply) {
    impactPermissions.requireOfficer(request);
    return renderImport(reply);
  });

  app.post(
    paths.importValues,
    { bodyLimit: GMCA_MAX_BYTES + 64 * 1024 },
    async function checkGmcaImport(request, reply) {
      impactPermissions.requireOfficer(request);
      const parsed = parseForm(uploadSchema, request.body);
      const file = parsed.ok ? parsed.data.workbook : undefined;
      if (!Buffer.isBuffer(file) || file.length === 0) {
        return renderImport(reply.code(422), {
          errors: toFormErrors([
            { field: 'workbook', message: 'Choose the Unit Cost Database workbook (.xlsx) to upload' },
          ]),
        });
      }
      const checked = await values.checkGmca(file);
      if (checked.problems.length) {
        const n = checked.problems.length;
        return renderImport(reply.code(422), {
          errors: toFormErrors([
            {
              field: 'report',
              message: `The workbook has ${n} ${n === 1 ? 'problem' : 'problems'}. Nothing has been imported: fix the workbook and try again.`,
            },
          ]),
          problems: checked.problems,
        });
      }
      return reply.render('impact/values/views/values-import-confirm.njk', {
        ...gmcaConfirmView(checked, file),
      });
    },
  );

  app.post(
    paths.confirmImport,
    { bodyLimit: Math.ceil((GMCA_MAX_BYTES * 4) / 3) + 64 * 1024 },
    async function confirmGmcaImport(request, reply) {
      const user = impactPermissions.requireOfficer(request);
      const parsed = parseForm(confirmSchema, request.body);
      if (!parsed.ok) {
        return renderImport(reply.code(422), {
          errors: toFormErrors([
            { field: 'workbook', message: 'The workbook to import was lost. Choose the file again.' },
          ]),
        });
      }
      const bytes = Buffer.from(parsed.data.workbook, 'base64');
      let imported: number;
      try {
        imported = (await values.importGmca(actionContext(request), user.id, bytes)).imported;
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        const checked = await values.checkGmca(bytes);
        return renderImport(reply.code(422), {
          errors: toFormErrors([{ field: 'report', message: 'The workbook has problems. Nothing has been imported.' }]),
          problems: checked.problems,
        });
      }
      return reply.redirect(`${paths.values}?imported=${imported}`, 303);
    },
  );
}
