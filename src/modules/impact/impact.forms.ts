import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { CurrentUser } from '../../platform/context.js';
import { handleForm, type FormErrors } from '../../platform/forms.js';
import { impactPermissions } from './impact.permissions.js';

/** Shows a form of /impact: blank, or again with a refused post's errors and what was typed. */
type ShowForm = (
  request: FastifyRequest,
  reply: FastifyReply,
  errors?: FormErrors,
  values?: Record<string, unknown>,
) => FastifyReply | Promise<FastifyReply>;

type OfficerForm<S extends z.ZodType> = {
  schema: S;
  show: ShowForm;
  /** Saves what was sent; returns the path to go to next. */
  save: (request: FastifyRequest, user: CurrentUser, data: z.output<S>) => Promise<string>;
};

/**
 * An officer's form post in /impact, in the house pattern: validated with the shared schema,
 * saved (303 to the path `save` returns), or shown again by `show` with 422 and the errors.
 */
export function officerPost<S extends z.ZodType>(app: FastifyInstance, url: string, form: OfficerForm<S>) {
  app.post(url, async function submitOfficerForm(request, reply) {
    const user = impactPermissions.requireOfficer(request);
    return handleForm(
      reply,
      form.schema,
      request.body,
      (data) => form.save(request, user, data),
      (errors, values) => form.show(request, reply, errors, values),
    );
  });
}

/** An officer's form in /impact that makes something: the page (GET) and its post, as `officerPost`. */
export function officerForm<S extends z.ZodType>(app: FastifyInstance, url: string, form: OfficerForm<S>) {
  app.get(url, async function showOfficerForm(request, reply) {
    impactPermissions.requireOfficer(request);
    return form.show(request, reply);
  });
  officerPost(app, url, form);
}
