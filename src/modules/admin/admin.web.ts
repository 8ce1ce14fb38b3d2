import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actionContext, requireRole } from '../../platform/auth.js';
import { NotFound } from '../../platform/errors.js';
import { idParams } from '../../platform/fields.js';
import { handleForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import { accountsValidation, type AccountsService } from '../../core/accounts/index.js';
import type { AreasService } from '../../core/areas/index.js';
import { adminPaths as paths } from './admin.paths.js';
import { peopleFilterSchema, updatedQuery, type PeopleQuery } from './admin.validation.js';
import { adminHomeView, assistedFormView, peopleView, personView } from './admin.view-models.js';

/** People on a page of the people list. */
const PAGE_SIZE = 50;

/** What the people list shows when its filter is not understood: everyone, from the first page. */
const NO_FILTER: PeopleQuery = { page: 1, role: undefined, q: undefined };

/**
 * The admin home page, people and roles, and assisted accounts. Officers see people and create
 * assisted accounts; only admins change roles.
 */
export function adminWeb(
  app: FastifyInstance,
  { accounts, areas }: { accounts: AccountsService; areas: AreasService },
) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  web.get(paths.admin, async function showAdmin(request, reply) {
    requireRole(request, 'officer');
    return reply.render('admin/views/index.njk', adminHomeView());
  });

  web.get(
    paths.people,
    // A filter that is not understood shows everyone, with a message, rather than an error page.
    { schema: { querystring: peopleFilterSchema }, attachValidation: true },
    async function showPeople(request, reply) {
      requireRole(request, 'officer');
      const filter = request.validationError ? NO_FILTER : request.query;
      const search = { role: filter.role, search: filter.q };
      const [people, total] = await Promise.all([
        accounts.listPeople(request.place.id, search, PAGE_SIZE, (filter.page - 1) * PAGE_SIZE),
        accounts.countPeople(request.place.id, search),
      ]);
      const errors = request.validationError
        ? toFormErrors([{ field: 'role', message: 'Choose a role from the list' }])
        : undefined;
      return reply.render('admin/views/people.njk', peopleView({ people, total, filter, pageSize: PAGE_SIZE, errors }));
    },
  );

  async function renderPerson(request: FastifyRequest, reply: FastifyReply, id: string, errors?: FormErrors) {
    const viewer = requireRole(request, 'officer');
    const person = await accounts.findPerson(request.place.id, id);
    if (!person) throw new NotFound('There is no such person in this place.');
    const ward = person.homeAreaId ? await areas.findInPlace(request.place.id, person.homeAreaId) : undefined;
    return reply.render(
      'admin/views/person.njk',
      personView({ person, ward, canChangeRole: viewer.role === 'admin', errors }),
    );
  }

  web.get(
    paths.person(':id'),
    { schema: { params: idParams, querystring: updatedQuery } },
    async function showPerson(request, reply) {
      return renderPerson(request, reply, request.params.id);
    },
  );

  web.post(paths.personRole(':id'), { schema: { params: idParams } }, async function submitRole(request, reply) {
    const admin = requireRole(request, 'admin');
    const { id } = request.params;
    return handleForm(
      reply,
      accountsValidation.roleSchema,
      request.body,
      async (data) => {
        await accounts.changeRole(actionContext(request), admin.role, id, data.role);
        return `${paths.person(id)}?updated=role`;
      },
      (errors) => renderPerson(request, reply, id, errors),
    );
  });

  async function renderAssisted(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) {
    requireRole(request, 'officer');
    const wards = await areas.listWards(request.place.id);
    return reply.render('admin/views/assisted.njk', assistedFormView(wards, values, errors));
  }

  web.get(paths.assisted, async function showAssisted(request, reply) {
    return renderAssisted(request, reply);
  });

  web.post(paths.assisted, async function submitAssisted(request, reply) {
    const staff = requireRole(request, 'officer');
    return handleForm(
      reply,
      accountsValidation.assistedAccountSchema,
      request.body,
      async (data) => {
        const ctx = { ...actionContext(request), actor: { type: 'user' as const, id: staff.id } };
        const person = await accounts.createAssisted(ctx, data);
        return `${paths.person(person.id)}?updated=created`;
      },
      (errors, values) => renderAssisted(request, reply, errors, values),
    );
  });
}
