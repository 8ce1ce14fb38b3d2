import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { zip, type ZipEntry } from '../../lib/zip.js';
import { PolisInputError } from '../../lib/polis/index.js';
import { actionContext, linkContext, requireRole } from '../../platform/auth.js';
import type { FieldError } from '../../platform/errors.js';
import { NotFound } from '../../platform/errors.js';
import { issuesToFieldErrors, toFormErrors, type FormErrors } from '../../platform/forms.js';
import type { Db } from '../../platform/db.js';
import type { ConversationsService } from './conversations.service.js';
import { planImport, polisAttribution, type ImportPlan } from './import-export.js';
import { createImportExportService } from './import-export.service.js';
import { conversationIdParam } from './report.service.js';

type Params = { Params: { id: string } };
type FileParams = { Params: { id: string; file: string } };

/** Largest accepted file: Polis's biggest open exports have a few million votes (about 100 MB). */
export const IMPORT_FILE_MAX_BYTES = 100 * 1024 * 1024;
const EXPORT_FILES = ['comments.csv', 'votes.csv', 'participants-votes.csv', 'summary.csv'] as const;
type ExportFile = (typeof EXPORT_FILES)[number];

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const detailsSchema = z.strictObject({
  question: z
    .string()
    .optional()
    .transform((s) => (s ?? '').replace(/\s+/g, ' ').trim())
    .pipe(
      z
        .string()
        .max(500, 'The question must be 500 characters or fewer')
        .refine((s) => !CONTROL.test(s), 'The question must not contain control characters'),
    ),
  licence: z
    .string({ error: 'Enter the licence of the data, for example CC BY 4.0' })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, 'Enter the licence of the data, for example CC BY 4.0')
        .max(200, 'The licence must be 200 characters or fewer'),
    ),
  attribution: z
    .string({ error: 'Enter the attribution the licence asks for' })
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, 'Enter the attribution the licence asks for')
        .max(5000, 'The attribution must be 5,000 characters or fewer')
        .refine((s) => !CONTROL.test(s), 'The attribution must not contain control characters'),
    ),
  sourceUrl: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .pipe(
      z
        .string()
        .max(1000, 'The source address must be 1,000 characters or fewer')
        .refine(
          (s) => s === '' || /^https?:\/\/[^\s]+$/i.test(s),
          'Enter the source as a web address starting with https://',
        ),
    ),
});

/** A file's text, or why it cannot be read. */
function fileText(value: unknown, name: string, required: boolean): { text: string | null; error?: string } {
  if (!Buffer.isBuffer(value) || value.length === 0)
    return required ? { text: null, error: `Choose the ${name} file from the Polis export` } : { text: null };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(value) };
  } catch {
    return { text: null, error: `${name} must be a CSV file saved as UTF-8` };
  }
}

/** Polis open-data export (/conversations/:id/export) and import (/conversations/import): officers only. */
export async function registerImportExportRoutes(
  app: FastifyInstance,
  services: { db: Db; conversations?: ConversationsService },
): Promise<void> {
  const io = createImportExportService({
    db: services.db,
    notify: services.conversations ? (placeId, id) => services.conversations!.analysis.notify(placeId, id) : undefined,
  });

  app.get<Params>('/conversations/:id/export', async function showExport(request, reply) {
    requireRole(request, 'officer');
    const id = conversationIdParam(request.params.id);
    const { conversation, imported } = await io.exportFiles(request.place.id, id, linkContext(request).baseUrl);
    return reply.render('conversations/views/report-export.njk', { conversation, imported, files: EXPORT_FILES });
  });

  app.get<FileParams>('/conversations/:id/export/:file', async function downloadExport(request, reply) {
    requireRole(request, 'officer');
    const id = conversationIdParam(request.params.id);
    const name = request.params.file;
    if (name !== 'polis-export.zip' && !EXPORT_FILES.includes(name as ExportFile))
      throw new NotFound('There is no such file in a Polis export.');
    const { files, imported } = await io.exportFiles(request.place.id, id, linkContext(request).baseUrl);
    reply.header('cache-control', 'no-store');
    if (name === 'polis-export.zip') {
      const entries: ZipEntry[] = EXPORT_FILES.map((f) => ({ name: f, data: files[f] }));
      // Imported data keeps its licence terms when passed on (CC BY asks for the attribution).
      if (imported)
        entries.push({
          name: 'ATTRIBUTION.txt',
          data: `Licence: ${imported.licence}\n\n${imported.attribution}\n${imported.sourceUrl ? `\nSource: ${imported.sourceUrl}\n` : ''}`,
        });
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="conversation-${id.slice(0, 8)}-polis.zip"`)
        .send(zip(entries));
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(files[name as ExportFile]);
  });

  await app.register(async (scope) => {
    // Uploads only in this scope: the three files of an export and a few text fields.
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { files: 3, fileSize: IMPORT_FILE_MAX_BYTES, fields: 6, fieldSize: 64 * 1024, parts: 9 },
    });

    const showImport = (
      request: FastifyRequest,
      reply: FastifyReply,
      state: { errors?: FormErrors; values?: Record<string, unknown> } = {},
    ) =>
      reply.render('conversations/views/report-import.njk', {
        errors: state.errors,
        values: state.values ?? {
          licence: 'CC BY 4.0',
          attribution: polisAttribution([]),
        },
      });

    scope.get('/conversations/import', async function showImportConversation(request, reply) {
      requireRole(request, 'officer');
      return showImport(request, reply);
    });

    scope.post(
      '/conversations/import',
      { bodyLimit: 3 * IMPORT_FILE_MAX_BYTES + 1024 * 1024 },
      async function submitImportConversation(request, reply) {
        const user = requireRole(request, 'officer');
        const body = { ...((request.body ?? {}) as Record<string, unknown>) };
        delete body._csrf;
        const { comments: commentsFile, votes: votesFile, summary: summaryFile, ...text } = body;
        const values = Object.fromEntries(Object.entries(text).filter(([, v]) => typeof v === 'string'));
        const errors: FieldError[] = [];
        const details = detailsSchema.safeParse(text);
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
            const field = err.message.startsWith('votes.csv')
              ? 'votes'
              : err.message.startsWith('summary.csv')
                ? 'summary'
                : 'comments';
            errors.push({ field, message: err.message });
          }
        }
        const question = details.success ? details.data.question || plan?.topic || '' : '';
        if (plan && details.success && !question)
          errors.push({ field: 'question', message: 'Enter the question: the files have no summary.csv topic' });
        if (errors.length || !plan || !details.success) {
          reply.code(422);
          return showImport(request, reply, { errors: toFormErrors(errors), values });
        }
        const created = await io.importConversation(actionContext(request), user.id, plan, {
          question: question.slice(0, 500),
          licence: details.data.licence,
          attribution: details.data.attribution,
          sourceUrl: details.data.sourceUrl || plan.url,
        });
        return reply.redirect(`/conversations/${created.id}/report`, 303);
      },
    );
  });
}
