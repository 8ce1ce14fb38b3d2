import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { planImport, POLIS_EXPORT_FILES, PolisInputError, type ImportPlan } from '../../../lib/polis/index.js';
import { zip, type ZipEntry } from '../../../lib/zip.js';
import { actionContext, linkContext, requireRole } from '../../../platform/auth.js';
import type { FieldError } from '../../../platform/errors.js';
import { idField, idParams } from '../../../platform/fields.js';
import { issuesToFieldErrors, toFormErrors, type FormErrors } from '../../../platform/forms.js';
import { paths } from '../conversations.paths.js';
import { attributionText, defaultImportValues, importErrorField } from './polis-files.view-models.js';
import type { PolisFilesService } from './polis-files.service.js';
import { fileText, IMPORT_FILE_MAX_BYTES, importDetailsSchema } from './polis-files.validation.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const ZIP = 'polis-export.zip';
const fileParams = z.object({
  id: idField('There is nothing at this address'),
  file: z.enum([ZIP, ...POLIS_EXPORT_FILES], { error: 'There is no such file in a Polis export.' }),
});
type FileRequest = FastifyRequest<{ Params: z.output<typeof fileParams> }>;

/**
 * Polis open-data export (/conversations/:id/export) and import (/conversations/import), officers
 * only. Exports list any status; imports become new, closed conversations.
 */
export async function polisFilesWeb(app: FastifyInstance, { polisFiles }: { polisFiles: PolisFilesService }) {
  async function showExport(request: IdRequest, reply: FastifyReply) {
    requireRole(request, 'officer');
    const { id } = request.params;
    const { conversation, imported } = await polisFiles.exportFiles(request.place.id, id, linkContext(request).baseUrl);
    return reply.render('conversations/polis-files/views/export.njk', {
      conversation,
      imported,
      files: POLIS_EXPORT_FILES,
    });
  }

  async function downloadExport(request: FileRequest, reply: FastifyReply) {
    requireRole(request, 'officer');
    const { id, file } = request.params;
    const { files, imported } = await polisFiles.exportFiles(request.place.id, id, linkContext(request).baseUrl);
    reply.header('cache-control', 'no-store');
    if (file === ZIP) {
      const entries: ZipEntry[] = POLIS_EXPORT_FILES.map((f) => ({ name: f, data: files[f] }));
      // Imported data keeps its licence terms when passed on (CC BY asks for the attribution).
      if (imported) entries.push({ name: 'ATTRIBUTION.txt', data: attributionText(imported) });
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="conversation-${id.slice(0, 8)}-polis.zip"`)
        .send(zip(entries));
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file}"`)
      .send(files[file]);
  }

  const renderImport = (reply: FastifyReply, state: { errors?: FormErrors; values?: Record<string, unknown> } = {}) =>
    reply.render('conversations/polis-files/views/import.njk', {
      errors: state.errors,
      values: state.values ?? defaultImportValues(),
    });

  async function showImport(request: FastifyRequest, reply: FastifyReply) {
    requireRole(request, 'officer');
    return renderImport(reply);
  }

  async function submitImport(request: FastifyRequest, reply: FastifyReply) {
    const user = requireRole(request, 'officer');
    const body = { ...((request.body ?? {}) as Record<string, unknown>) };
    delete body._csrf;
    const { comments: commentsFile, votes: votesFile, summary: summaryFile, ...text } = body;
    const values = Object.fromEntries(Object.entries(text).filter(([, v]) => typeof v === 'string'));
    const errors: FieldError[] = [];
    const details = importDetailsSchema.safeParse(text);
    if (!details.success) errors.push(...issuesToFieldErrors(details.error.issues));
    const comments = fileText(commentsFile, 'comments.csv', true);
    const votes = fileText(votesFile, 'votes.csv', true);
    const summary = fileText(summaryFile, 'summary.csv', false);
    if (comments.error) errors.push({ field: 'comments', message: comments.error });
    if (votes.error) errors.push({ field: 'votes', message: votes.error });
    if (summary.error) errors.push({ field: 'summary', message: summary.error });
    let plan: ImportPlan | undefined;
    if (!errors.length) {
      try {
        plan = planImport({ comments: comments.text!, votes: votes.text!, summary: summary.text });
      } catch (err) {
        if (!(err instanceof PolisInputError)) throw err;
        errors.push({ field: importErrorField(err.message), message: err.message });
      }
    }
    const question = details.success ? details.data.question || plan?.topic || '' : '';
    if (plan && details.success && !question)
      errors.push({ field: 'question', message: 'Enter the question: the files have no summary.csv topic' });
    if (errors.length || !plan || !details.success)
      return renderImport(reply.code(422), { errors: toFormErrors(errors), values });
    const created = await polisFiles.importConversation(actionContext(request), user.id, plan, {
      question: question.slice(0, 500),
      licence: details.data.licence,
      attribution: details.data.attribution,
      sourceUrl: details.data.sourceUrl || plan.url,
    });
    return reply.redirect(paths.report(created.id), 303);
  }

  app.get(paths.export(':id'), { schema: { params: idParams } }, showExport);
  app.get(paths.exportFile(':id', ':file'), { schema: { params: fileParams } }, downloadExport);

  await app.register(async (scope) => {
    // Uploads only in this scope: the three files of an export and a few text fields.
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { files: 3, fileSize: IMPORT_FILE_MAX_BYTES, fields: 6, fieldSize: 64 * 1024, parts: 9 },
    });
    scope.get(paths.importConversation, showImport);
    scope.post(paths.importConversation, { bodyLimit: 3 * IMPORT_FILE_MAX_BYTES + 1024 * 1024 }, submitImport);
  });
}
