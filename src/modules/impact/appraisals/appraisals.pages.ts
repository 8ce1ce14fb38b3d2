import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext } from '../../../platform/auth.js';
import type { ActionContext } from '../../../platform/context.js';
import { idField, idParams } from '../../../platform/fields.js';
import { parseForm, type FormErrors } from '../../../platform/forms.js';
import { impactPaths as paths } from '../impact.paths.js';
import { impactPermissions } from '../impact.permissions.js';
import type { Appraisal, AppraisalsService } from './appraisals.service.js';
import { editView } from './appraisals.view-models.js';

/**
 * What the appraisal route files share: their params, opening the appraisal a URL names, and the
 * edit page that several forms fall back to.
 */

/** A line id inside an appraisal document (the module makes them like "cost-1"; imported files may differ). */
export const lineParams = z.object({
  id: idField('There is nothing at this address'),
  line: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'There is nothing at this address'),
});

/** The appraisal the URL names, for an officer of this place; 404 for any other place's. */
export async function openAppraisal(
  request: FastifyRequest,
  appraisals: AppraisalsService,
  id: string,
): Promise<Appraisal> {
  impactPermissions.requireOfficer(request);
  return appraisals.find(request.place.id, id);
}

/** The edit page: details, optimism bias, costs and benefits; `state` carries a refused form's errors. */
export async function renderEdit(
  request: FastifyRequest,
  reply: FastifyReply,
  appraisals: AppraisalsService,
  id: string,
  state: { detailErrors?: FormErrors; biasErrors?: FormErrors; values?: Record<string, unknown> } = {},
  saved?: string,
) {
  const a = await openAppraisal(request, appraisals, id);
  return reply.render('impact/appraisals/views/appraisal-edit.njk', { ...editView(a, state), saved });
}

/** Shows a page about the appraisal the URL names. */
type ShowAppraisalPage = (
  request: FastifyRequest,
  reply: FastifyReply,
  a: Appraisal,
) => Promise<FastifyReply> | FastifyReply;

/** A page (GET) about the appraisal the URL names, for its place's officers. */
export function appraisalPage(
  app: FastifyInstance,
  appraisals: AppraisalsService,
  url: string,
  show: ShowAppraisalPage,
) {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(url, { schema: { params: idParams } }, async function showAppraisalPage(request, reply) {
      return show(request, reply, await openAppraisal(request, appraisals, request.params.id));
    });
}

const noFields = z.strictObject({});

/**
 * One kind of line of an appraisal (its costs or its benefits): the form to add one, the form to
 * change one, and the button to remove one, at `/impact/appraisals/:id/<kind>/…`.
 */
export function lineRoutes<L extends { id: string }>(
  app: FastifyInstance,
  appraisals: AppraisalsService,
  kind: {
    /** The URL segment, and the edit page's section that lists them. */
    name: 'costs' | 'benefits';
    lines: (a: Appraisal) => L[];
    /** The line's form: blank for a new line, or filled in with `line`. */
    show: (
      request: FastifyRequest,
      reply: FastifyReply,
      a: Appraisal,
      line?: L,
    ) => Promise<FastifyReply> | FastifyReply;
    /** Saves a new line, or changes line `lineId`; answers the request either way. */
    save: (request: FastifyRequest, reply: FastifyReply, id: string, lineId?: string) => Promise<unknown>;
    remove: (ctx: ActionContext, userId: string | null, id: string, lineId: string) => Promise<unknown>;
  },
) {
  const web = app.withTypeProvider<ZodTypeProvider>();
  const base = `/impact/appraisals/:id/${kind.name}`;

  appraisalPage(app, appraisals, `${base}/new`, kind.show);

  web.post(`${base}/new`, { schema: { params: idParams } }, async function submitNewLine(request, reply) {
    return kind.save(request, reply, request.params.id);
  });

  web.get(`${base}/:line`, { schema: { params: lineParams } }, async function showLine(request, reply) {
    const a = await openAppraisal(request, appraisals, request.params.id);
    const line = kind.lines(a).find((l) => l.id === request.params.line);
    if (!line) {
      reply.callNotFound();
      return reply;
    }
    return kind.show(request, reply, a, line);
  });

  web.post(`${base}/:line`, { schema: { params: lineParams } }, async function submitLine(request, reply) {
    return kind.save(request, reply, request.params.id, request.params.line);
  });

  web.post(`${base}/:line/remove`, { schema: { params: lineParams } }, async function removeLine(request, reply) {
    const a = await openAppraisal(request, appraisals, request.params.id);
    const parsed = parseForm(noFields, request.body);
    if (!parsed.ok) return renderEdit(request, reply.code(422), appraisals, a.id, { detailErrors: parsed.errors });
    await kind.remove(actionContext(request), request.user!.id, a.id, request.params.line);
    return reply.redirect(`${paths.editAppraisal(a.id)}?saved=removed#${kind.name}`, 303);
  });
}
