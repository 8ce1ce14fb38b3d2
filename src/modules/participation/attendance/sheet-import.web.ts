import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actionContext, requireUser } from '../../../platform/auth.js';
import { hasRole } from '../../../platform/context.js';
import { Invalid } from '../../../platform/errors.js';
import { idParams } from '../../../platform/fields.js';
import { parseForm, toFormErrors, type FormErrors } from '../../../platform/forms.js';
import { decodeSheet, SHEET_MAX_BYTES, type SheetProblem } from './attendance.csv.js';
import { participationPaths } from '../participation.paths.js';
import type { AttendanceService } from './attendance.service.js';
import { confirmSchema, noQuery, pasteSchema } from './attendance.validation.js';
import { importRows } from './attendance.view-models.js';

type ImportState = { errors?: FormErrors; problems?: SheetProblem[]; csv?: string | undefined };

/** Sign-in sheet import: upload or paste, a row-by-row report, then a confirm step. */
export async function sheetImportWeb(app: FastifyInstance, { attendance }: { attendance: AttendanceService }) {
  // Uploads only here, in this plugin's scope: one file of up to 1 MB.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { files: 1, fileSize: SHEET_MAX_BYTES, fields: 5, fieldSize: 2 * SHEET_MAX_BYTES, parts: 6 },
  });
  const web = app.withTypeProvider<ZodTypeProvider>();
  const route = { params: idParams, querystring: noQuery };

  async function renderImport(request: FastifyRequest, reply: FastifyReply, id: string, state: ImportState = {}) {
    const user = requireUser(request);
    const { session, project } = await attendance.openRegister({ user }, request.place.id, id);
    return reply.header('cache-control', 'no-store').render('participation/attendance/views/attendance-import.njk', {
      session,
      project,
      canUseEmail: hasRole(user.role, 'officer'),
      errors: state.errors,
      problems: state.problems,
      csv: state.csv ?? '',
    });
  }

  function refuse(request: FastifyRequest, reply: FastifyReply, id: string, state: ImportState) {
    reply.code(422);
    return renderImport(request, reply, id, state);
  }

  web.get('/sessions/:id/attendance/import', { schema: route }, async function showSheetImport(request, reply) {
    return renderImport(request, reply, request.params.id);
  });

  web.post(
    '/sessions/:id/attendance/import',
    { schema: route, bodyLimit: 2 * SHEET_MAX_BYTES },
    async function checkSheetImport(request, reply) {
      const user = requireUser(request);
      const id = request.params.id;
      const { session, project } = await attendance.openRegister({ user }, request.place.id, id);
      const parsed = parseForm(pasteSchema, (request.body ?? {}) as Record<string, unknown>);
      if (!parsed.ok) return refuse(request, reply, id, { errors: parsed.errors });
      let text: string;
      const file = parsed.data.sheet;
      if (Buffer.isBuffer(file) && file.length > 0) {
        const decoded = decodeSheet(file);
        if ('problem' in decoded)
          return refuse(request, reply, id, { errors: toFormErrors([{ field: 'sheet', message: decoded.problem }]) });
        text = decoded.text;
      } else if (parsed.data.csv !== undefined) {
        text = parsed.data.csv;
      } else {
        return refuse(request, reply, id, {
          errors: toFormErrors([{ field: 'sheet', message: 'Choose a CSV file, or paste the sign-in sheet' }]),
        });
      }
      const checked = await attendance.checkSheet(user, request.place.id, text);
      if (checked.problems.length) {
        const count = checked.problems.length;
        return refuse(request, reply, id, {
          errors: toFormErrors([
            {
              field: 'report',
              message: `The sheet has ${count} ${count === 1 ? 'problem' : 'problems'}. Nothing has been imported: fix the sheet and try again.`,
            },
          ]),
          problems: checked.problems,
          csv: parsed.data.csv,
        });
      }
      return reply
        .header('cache-control', 'no-store')
        .render('participation/attendance/views/attendance-import-confirm.njk', {
          session,
          project,
          rows: importRows(checked.matched, hasRole(user.role, 'officer')),
          sheet: Buffer.from(text, 'utf8').toString('base64'),
        });
    },
  );

  web.post(
    '/sessions/:id/attendance/import/confirm',
    { schema: route, bodyLimit: 3 * SHEET_MAX_BYTES },
    async function confirmSheetImport(request, reply) {
      const user = requireUser(request);
      const id = request.params.id;
      const parsed = parseForm(confirmSchema, request.body);
      const text = parsed.ok ? decodeSheet(Buffer.from(parsed.data.sheet, 'base64')) : undefined;
      if (!text || 'problem' in text)
        return refuse(request, reply, id, {
          errors: toFormErrors([{ field: 'sheet', message: 'The sheet to import was lost. Choose the file again.' }]),
        });
      try {
        const result = await attendance.importSheet(actionContext(request), user, id, text.text);
        return await reply.redirect(
          `${participationPaths.register(id)}?imported=${result.added + result.changed}`,
          303,
        );
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        const checked = await attendance.checkSheet(user, request.place.id, text.text);
        return refuse(request, reply, id, {
          errors: toFormErrors([{ field: 'report', message: 'The sheet has problems. Nothing has been imported.' }]),
          problems: checked.problems,
        });
      }
    },
  );
}
