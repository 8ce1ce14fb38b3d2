import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idField } from '../../../platform/fields.js';
import type { FormErrors } from '../../../platform/forms.js';
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
