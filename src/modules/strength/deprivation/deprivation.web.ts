import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AreasService } from '../../../core/areas/index.js';
import { actionContext, requireRole } from '../../../platform/auth.js';
import { Invalid } from '../../../platform/errors.js';
import { toFormErrors, type FormErrors } from '../../../platform/forms.js';
import { strengthPaths as paths } from '../strength.paths.js';
import type { DeprivationService, NamedFile } from './deprivation.service.js';

/** The national File 2 is about 5 MB as CSV; three files of up to 10 MB each are plenty. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

const doneQuery = z.object({ imported: z.enum(['2019', '2025']).optional().catch(undefined) });

/** An uploaded file as the form's body holds it: its name (for messages) and its bytes. */
type Upload = { filename: string; data: Buffer };

function uploadsOf(body: unknown): Upload[] {
  const files = (body as { files?: unknown } | null)?.files;
  const list = Array.isArray(files) ? files : files === undefined ? [] : [files];
  return list.filter(
    (f): f is Upload =>
      typeof f === 'object' && f !== null && Buffer.isBuffer((f as Upload).data) && (f as Upload).data.length > 0,
  );
}

/** Officers import MHCLG's Indices of Deprivation files for the place's LSOAs, all or nothing. */
export async function deprivationWeb(
  app: FastifyInstance,
  { deprivation, areas }: { deprivation: DeprivationService; areas: AreasService },
) {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    // Each file keeps its name, so every problem can say which file it is in.
    async onFile(part: MultipartFile) {
      (part as MultipartFile & { value: Upload }).value = {
        filename: part.filename.slice(0, 100),
        data: await part.toBuffer(),
      };
    },
    limits: { files: 3, fileSize: MAX_FILE_BYTES, fields: 2, fieldSize: 1024, parts: 5 },
  });
  const web = app.withTypeProvider<ZodTypeProvider>();
  // Only officers may send files here: refused before any upload is read.
  const officersOnly = {
    onRequest(request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) {
      try {
        requireRole(request, 'officer');
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  };

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { errors?: FormErrors; imported?: string } = {},
    status = 200,
  ) {
    const placeId = request.place.id;
    const [releases, lsoas, wards] = await Promise.all([
      deprivation.releases(placeId),
      areas.list(placeId, { kind: 'lsoa' }),
      areas.listWards(placeId),
    ]);
    return reply.header('cache-control', 'no-store').render(
      'strength/views/deprivation.njk',
      {
        releases,
        lsoas: lsoas.length,
        placed: lsoas.filter((l) => l.parentId).length,
        wards: wards.length,
        ...state,
      },
      status,
    );
  }

  web.get(
    paths.deprivation,
    { ...officersOnly, schema: { querystring: doneQuery } },
    async function showDeprivationImport(request, reply) {
      return render(request, reply, request.query.imported ? { imported: request.query.imported } : {});
    },
  );

  web.post(
    paths.deprivation,
    { ...officersOnly, bodyLimit: 3 * MAX_FILE_BYTES + 64 * 1024 },
    async function importDeprivation(request, reply) {
      const files: NamedFile[] = uploadsOf(request.body).map((u) => ({
        name: u.filename || 'the file',
        text: u.data.toString('utf8'),
      }));
      if (files.length === 0)
        return render(
          request,
          reply,
          { errors: toFormErrors([{ field: 'files', message: 'Choose one, two or three CSV files to import' }]) },
          422,
        );
      let release;
      try {
        ({ release } = await deprivation.importFiles(actionContext(request), files));
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        // Every problem in the summary, each linking to the file input.
        const errors: FormErrors = {
          summary: err.errors.map((e) => ({ text: e.message, href: '#files' })),
          fields: {
            files: {
              text: `Nothing was imported: the files have ${String(err.errors.length)} ${err.errors.length === 1 ? 'problem' : 'problems'}, listed above`,
            },
          },
        };
        return render(request, reply, { errors }, 422);
      }
      return reply.redirect(`${paths.deprivation}?imported=${String(release)}`, 303);
    },
  );
}
