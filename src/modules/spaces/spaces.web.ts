import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actionContext, requireRole } from '../../platform/auth.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { handleForm, type FormErrors } from '../../platform/forms.js';
import type { AreasService } from '../../core/areas/index.js';
import type { Space } from './spaces.repository.js';
import { spaceKinds } from './spaces.schema.js';
import type { SpacesService } from './spaces.service.js';
import { kindLabels, spaceFormSchema } from './spaces.validation.js';

/** The URLs of the spaces pages. */
export const paths = {
  spaces: '/spaces',
  newSpace: '/spaces/new',
  space: (id: string) => `/spaces/${id}`,
  edit: (id: string) => `/spaces/${id}/edit`,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function spacesWeb(
  app: FastifyInstance,
  { spaces, areas }: { spaces: SpacesService; areas: AreasService },
) {
  const find = async (request: FastifyRequest<{ Params: { id: string } }>): Promise<Space> => {
    const space = UUID.test(request.params.id)
      ? await spaces.findInPlace(request.place.id, request.params.id)
      : undefined;
    if (!space) throw new NotFound('There is no such space.');
    return space;
  };

  app.get(paths.spaces, async (request, reply) => {
    const [list, wards] = await Promise.all([spaces.list(request.place.id), areas.listWards(request.place.id)]);
    const names = new Map(wards.map((w) => [w.id, w.name]));
    return reply.render('spaces/views/list.njk', {
      kindLabels,
      spaces: list.map((s) => ({ ...s, wardName: s.areaId ? names.get(s.areaId) : undefined })),
      canAdd: Boolean(request.user && ['organiser', 'officer', 'admin'].includes(request.user.role)),
    });
  });

  app.get<{ Params: { id: string } }>('/spaces/:id', async (request, reply) => {
    const space = await find(request);
    const ward = space.areaId ? await areas.findInPlace(request.place.id, space.areaId) : undefined;
    return reply.render('spaces/views/show.njk', {
      kindLabels,
      space,
      ward,
      canEdit: request.user ? spaces.canEdit(request.user, space) : false,
    });
  });

  const showForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    space: Space | undefined,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) => {
    const v =
      values ??
      (space
        ? {
            ...space,
            address: space.address ?? '',
            capacity: space.capacity === null ? '' : String(space.capacity),
            equipment: space.equipment.join('\n'),
          }
        : {});
    const wards = await areas.listWards(request.place.id);
    return reply.render('spaces/views/form.njk', {
      space,
      errors,
      values: v,
      kindItems: spaceKinds.map((k) => ({ value: k, text: kindLabels[k], checked: k === v.kind })),
      wards: [
        { value: '', text: 'Not in one ward' },
        ...wards.map((w) => ({ value: w.id, text: w.name, selected: w.id === v.areaId })),
      ],
    });
  };

  app.get(paths.newSpace, async (request, reply) => {
    requireRole(request, 'organiser');
    return showForm(request, reply, undefined);
  });
  app.post(paths.newSpace, async (request, reply) => {
    const user = requireRole(request, 'organiser');
    return handleForm(
      reply,
      spaceFormSchema,
      request.body,
      async (data) => paths.space((await spaces.create(actionContext(request), data, user.id)).id) + '?created=1',
      (errors, values) => showForm(request, reply, undefined, errors, values),
    );
  });

  const editable = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const user = requireRole(request, 'organiser');
    const space = await find(request);
    if (!spaces.canEdit(user, space)) throw new Forbidden('Only officers, or whoever added this space, can change it.');
    return { user, space };
  };
  app.get<{ Params: { id: string } }>('/spaces/:id/edit', async (request, reply) => {
    const { space } = await editable(request);
    return showForm(request, reply, space);
  });
  app.post<{ Params: { id: string } }>('/spaces/:id/edit', async (request, reply) => {
    const { user, space } = await editable(request);
    return handleForm(
      reply,
      spaceFormSchema,
      request.body,
      async (data) => {
        await spaces.update(actionContext(request), user, space.id, data);
        return `${paths.space(space.id)}?updated=1`;
      },
      (errors, values) => showForm(request, reply, space, errors, values),
    );
  });
}
