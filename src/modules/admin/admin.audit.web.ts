import type { FastifyInstance, FastifySchemaValidationError } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { londonEndOfDay, londonStartOfDay } from '../../lib/london-time.js';
import { requireRole } from '../../platform/auth.js';
import { NotFound } from '../../platform/errors.js';
import { idParams } from '../../platform/fields.js';
import { toFormErrors } from '../../platform/forms.js';
import type { AuditService } from '../../core/audit/index.js';
import type { MailService } from '../../core/mail/index.js';
import { adminPaths as paths } from './admin.paths.js';
import { auditFilterSchema } from './admin.validation.js';
import { auditErrorView, auditView } from './admin.view-models.js';

/** Audit events on a page of the log. */
const PAGE_SIZE = 50;
/** Emails the outbox lists, newest first. */
const OUTBOX_SIZE = 100;

/** Each refused filter field with its message; the action field when the whole filter was refused. */
function filterErrors(validation: FastifySchemaValidationError[]) {
  return toFormErrors(
    validation.map((v) => ({ field: v.instancePath.split('/')[1] || 'action', message: v.message ?? 'Invalid value' })),
  );
}

/**
 * The audit log and the outbox, for admins only: the log shows who did what, and without SMTP the
 * outbox is the only place the service's emails are delivered.
 */
export function adminAuditWeb(app: FastifyInstance, { audit, mail }: { audit: AuditService; mail: MailService }) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  web.get(
    paths.audit,
    // A filter that is not understood is answered 422 with the form and its messages, not an error page.
    { schema: { querystring: auditFilterSchema }, attachValidation: true },
    async function showAudit(request, reply) {
      requireRole(request, 'admin');
      const actions = await audit.actions(request.place.id);
      if (request.validationError) {
        // Validation failed, so the query is still as it was sent: show it back as typed.
        const typed = request.query as Record<string, unknown>;
        return reply.render(
          'admin/views/audit.njk',
          auditErrorView(
            actions,
            typed,
            filterErrors(request.validationError.validation as FastifySchemaValidationError[]),
          ),
          422,
        );
      }
      const filter = request.query;
      const events = await audit.list(
        request.place.id,
        {
          action: filter.action,
          actorId: filter.actor,
          subjectType: filter.subject,
          // Days are London days; "to" includes the whole of that day.
          from: filter.from ? londonStartOfDay(filter.from) : undefined,
          to: filter.to ? londonEndOfDay(filter.to) : undefined,
          beforeId: filter.before,
        },
        PAGE_SIZE + 1,
      );
      const shown = events.slice(0, PAGE_SIZE);
      const olderThan = events.length > PAGE_SIZE ? shown.at(-1) : undefined;
      return reply.render('admin/views/audit.njk', auditView({ events: shown, actions, filter, olderThan }));
    },
  );

  web.get(paths.outbox, async function showOutbox(request, reply) {
    requireRole(request, 'admin');
    const messages = await mail.list(request.place.id, OUTBOX_SIZE, 0);
    return reply.render('admin/views/outbox.njk', { messages, usesSmtp: mail.usesSmtp });
  });

  web.get(
    paths.outboxMessage(':id'),
    { schema: { params: idParams } },
    async function showOutboxMessage(request, reply) {
      requireRole(request, 'admin');
      const message = await mail.find(request.place.id, request.params.id);
      if (!message) throw new NotFound('There is no such message.');
      return reply.render('admin/views/outbox-message.njk', { message });
    },
  );
}
