import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { londonEndOfDay, londonStartOfDay } from '../../lib/london-time.js';
import { actionContext, requireRole } from '../../platform/auth.js';
import { roleLabels, roles, type Role } from '../../platform/context.js';
import { NotFound } from '../../platform/errors.js';
import { echoValues, handleForm, parseForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import { defineModule } from '../../platform/modules.js';
import { paths } from '../../platform/paths.js';
import { accountsValidation, consentMethods, type AccountsService } from '../../core/accounts/index.js';
import { createTokenSchema, type ApiTokensService } from '../../core/api-tokens/index.js';
import type { AreasService } from '../../core/areas/index.js';
import type { AuditService } from '../../core/audit/index.js';
import type { MailService } from '../../core/mail/index.js';
import type { PlacesService } from '../../core/places/index.js';
import { auditFilterSchema, peopleFilterSchema, settingsSchema } from './admin.validation.js';

type AdminDeps = {
  accounts: AccountsService;
  areas: AreasService;
  audit: AuditService;
  mail: MailService;
  apiTokens: ApiTokensService;
  places: PlacesService;
};

const PAGE_SIZE = 50;
const consentLabels: Record<string, string> = {
  'in-person': 'In person',
  phone: 'On the phone',
  'paper-form': 'On a paper form',
};

/** The council's side: people and roles, assisted accounts, audit log, outbox, API tokens, settings. */
export const adminModule = defineModule<AdminDeps>()({
  name: 'admin',
  nav: [{ text: 'Admin', href: '/admin', order: 90, role: 'officer' }],
  async register(app: FastifyInstance, deps) {
    const { accounts, areas, audit, mail, apiTokens, places } = deps;

    app.get(paths.admin, async (request, reply) => {
      requireRole(request, 'officer');
      return reply.render('admin/views/index.njk');
    });

    // People and roles (officers can see people and make assisted accounts; only admins change roles)

    app.get(paths.adminPeople, async (request, reply) => {
      requireRole(request, 'officer');
      const parsed = peopleFilterSchema.safeParse(request.query);
      const filter = parsed.success ? parsed.data : { page: 1, role: undefined, q: undefined };
      const [people, total] = await Promise.all([
        accounts.listPeople(
          request.place.id,
          { role: filter.role, search: filter.q },
          PAGE_SIZE,
          (filter.page - 1) * PAGE_SIZE,
        ),
        accounts.countPeople(request.place.id, { role: filter.role, search: filter.q }),
      ]);
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      return reply.render('admin/views/people.njk', {
        people,
        total,
        filter,
        page: filter.page,
        pages,
        roleItems: [
          { value: '', text: 'Any role' },
          ...roles.map((r) => ({ value: r, text: roleLabels[r], selected: r === filter.role })),
        ],
        errors: parsed.success ? undefined : toFormErrors([{ field: 'role', message: 'Choose a role from the list' }]),
      });
    });

    const showPerson = async (request: FastifyRequest, reply: FastifyReply, id: string, errors?: FormErrors) => {
      const viewer = requireRole(request, 'officer');
      const person = await accounts.findPerson(request.place.id, id);
      if (!person) throw new NotFound('There is no such person in this place.');
      const ward = person.homeAreaId ? await areas.findInPlace(request.place.id, person.homeAreaId) : undefined;
      return reply.render('admin/views/person.njk', {
        person,
        ward,
        canChangeRole: viewer.role === 'admin',
        roleItems: roles.map((r) => ({ value: r, text: roleLabels[r], checked: r === person.role })),
        consentLabel: person.consentMethod ? consentLabels[person.consentMethod] : undefined,
        errors,
      });
    };
    app.get<{ Params: { id: string } }>('/admin/people/:id', async (request, reply) => {
      if (!isUuid(request.params.id)) throw new NotFound();
      return showPerson(request, reply, request.params.id);
    });
    app.post<{ Params: { id: string } }>('/admin/people/:id/role', async (request, reply) => {
      const admin = requireRole(request, 'admin');
      const id = request.params.id;
      if (!isUuid(id)) throw new NotFound();
      return handleForm(
        reply,
        accountsValidation.roleSchema,
        request.body,
        async (data) => {
          await accounts.changeRole(actionContext(request), admin.role, id, data.role as Role);
          return `${paths.adminPerson(id)}?updated=role`;
        },
        (errors) => showPerson(request, reply, id, errors),
      );
    });

    const showAssisted = async (
      request: FastifyRequest,
      reply: FastifyReply,
      errors?: FormErrors,
      values: Record<string, unknown> = {},
    ) => {
      requireRole(request, 'officer');
      const wards = await areas.listWards(request.place.id);
      return reply.render('admin/views/assisted.njk', {
        errors,
        values,
        wards: [
          { value: '', text: 'Choose a ward' },
          ...wards.map((w) => ({ value: w.id, text: w.name, selected: w.id === values.homeAreaId })),
        ],
        consentItems: consentMethods.map((m) => ({
          value: m,
          text: consentLabels[m],
          checked: m === values.consentMethod,
        })),
      });
    };
    app.get(paths.adminAssisted, async (request, reply) => showAssisted(request, reply));
    app.post(paths.adminAssisted, async (request, reply) => {
      const staff = requireRole(request, 'officer');
      return handleForm(
        reply,
        accountsValidation.assistedAccountSchema,
        request.body,
        async (data) => {
          const ctx = { ...actionContext(request), actor: { type: 'user' as const, id: staff.id } };
          const person = await accounts.createAssisted(ctx, data);
          return `${paths.adminPerson(person.id)}?updated=created`;
        },
        (errors, values) => showAssisted(request, reply, errors, values),
      );
    });

    // Audit log (admins only: it shows who did what)

    app.get(paths.adminAudit, async (request, reply) => {
      requireRole(request, 'admin');
      const parsed = auditFilterSchema.safeParse(request.query);
      const q = request.query as Record<string, string>;
      if (!parsed.success) {
        const errors = parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'action'), message: i.message }));
        return reply.render(
          'admin/views/audit.njk',
          { events: [], values: q, actions: await audit.actions(request.place.id), errors: toFormErrors(errors) },
          422,
        );
      }
      const f = parsed.data;
      // Days are London days; "to" includes the whole of that day.
      const from = f.from ? londonStartOfDay(f.from) : undefined;
      const to = f.to ? londonEndOfDay(f.to) : undefined;
      const events = await audit.list(
        request.place.id,
        {
          action: f.action,
          actorId: f.actor,
          subjectType: f.subject,
          from,
          to,
          beforeId: f.before,
        },
        PAGE_SIZE + 1,
      );
      const more = events.length > PAGE_SIZE;
      const shown = events.slice(0, PAGE_SIZE);
      const next = more
        ? new URLSearchParams({ ...stringParams(q), before: String(shown.at(-1)!.id) }).toString()
        : undefined;
      return reply.render('admin/views/audit.njk', {
        events: shown,
        values: q,
        actions: await audit.actions(request.place.id),
        next,
      });
    });

    // Outbox (admins read what the service sent; without SMTP this is the only delivery)

    app.get(paths.adminOutbox, async (request, reply) => {
      requireRole(request, 'admin');
      const messages = await mail.list(request.place.id, 100, 0);
      return reply.render('admin/views/outbox.njk', { messages, usesSmtp: mail.usesSmtp });
    });
    app.get<{ Params: { id: string } }>('/admin/outbox/:id', async (request, reply) => {
      requireRole(request, 'admin');
      if (!isUuid(request.params.id)) throw new NotFound();
      const message = await mail.find(request.place.id, request.params.id);
      if (!message) throw new NotFound('There is no such message.');
      return reply.render('admin/views/outbox-message.njk', { message });
    });

    // API tokens

    const showTokens = async (
      request: FastifyRequest,
      reply: FastifyReply,
      errors?: FormErrors,
      values: Record<string, unknown> = {},
      created?: { secret: string; name: string },
    ) => {
      requireRole(request, 'admin');
      const tokens = await apiTokens.list(request.place.id);
      return reply.render('admin/views/tokens.njk', {
        tokens,
        errors,
        values,
        created,
        roleItems: roles.map((r) => ({ value: r, text: roleLabels[r], checked: r === (values.role ?? 'officer') })),
      });
    };
    app.get(paths.adminTokens, async (request, reply) => showTokens(request, reply));
    app.post(paths.adminTokens, async (request, reply) => {
      const admin = requireRole(request, 'admin');
      // The new token is shown on this response, once, rather than after a redirect: it is never stored in a retrievable form.
      const parsed = parseForm(createTokenSchema, request.body);
      if (!parsed.ok) return showTokens(request, reply.code(422), parsed.errors, echoValues(request.body));
      const { token, secret } = await apiTokens.create(actionContext(request), { ...parsed.data, createdBy: admin.id });
      return showTokens(request, reply.code(201), undefined, {}, { secret, name: token.name });
    });
    app.post<{ Params: { id: string } }>('/admin/tokens/:id/revoke', async (request, reply) => {
      requireRole(request, 'admin');
      if (!isUuid(request.params.id)) throw new NotFound();
      await apiTokens.revoke(actionContext(request), request.params.id);
      return reply.redirect(`${paths.adminTokens}?updated=revoked`, 303);
    });

    // Place settings

    const showSettings = (
      request: FastifyRequest,
      reply: FastifyReply,
      errors?: FormErrors,
      values?: Record<string, unknown>,
    ) => {
      requireRole(request, 'admin');
      const v = values ?? {
        name: request.place.name,
        contactEmail: request.place.settings.contactEmail ?? '',
        projectModeration: request.place.settings.projectModeration ?? 'pre',
        suppressBelow: String(request.place.settings.suppressBelow ?? 10),
        targetResidents: request.place.settings.participationTarget?.residents ?? '',
        targetYears: request.place.settings.participationTarget?.years ?? '',
        targetStart: request.place.settings.participationTarget?.startDate ?? '',
      };
      return reply.render('admin/views/settings.njk', { errors, values: v });
    };
    app.get(paths.adminSettings, async (request, reply) => showSettings(request, reply));
    app.post(paths.adminSettings, async (request, reply) => {
      requireRole(request, 'admin');
      return handleForm(
        reply,
        settingsSchema,
        request.body,
        async (data) => {
          await places.updateSettings(actionContext(request), {
            name: data.name,
            settings: {
              contactEmail: data.contactEmail || undefined,
              projectModeration: data.projectModeration,
              suppressBelow: data.suppressBelow,
              participationTarget:
                data.targetResidents && data.targetYears && data.targetStart
                  ? { residents: data.targetResidents, years: data.targetYears, startDate: data.targetStart }
                  : undefined,
            },
          });
          return `${paths.adminSettings}?updated=1`;
        },
        (errors, values) => showSettings(request, reply, errors, values),
      );
    });
  },
});

function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

function stringParams(q: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(q).filter(([k, v]) => typeof v === 'string' && v && k !== 'before'),
  ) as Record<string, string>;
}
