import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext, requireRole } from '../../platform/auth.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { idParams } from '../../platform/fields.js';
import { handleForm, type FormErrors } from '../../platform/forms.js';
import type { AreasService } from '../../core/areas/index.js';
import { spacePaths as paths } from './spaces.paths.js';
import type { Space } from './spaces.repository.js';
import type { SpacesService } from './spaces.service.js';
import { spaceFormSchema } from './spaces.validation.js';
import { spaceFormView, spaceListView, spaceView } from './spaces.view-models.js';

const noQuery = z.object({});
/** The space page says what just happened when a form sends people back to it. */
const spaceQuery = z.object({ created: z.string().max(10).optional(), updated: z.string().max(10).optional() });

/** The spaces pages: the list, one space, and the organisers' form to add or change one. */
export function spacesWeb(app: FastifyInstance, { spaces, areas }: { spaces: SpacesService; areas: AreasService }) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  async function find(request: FastifyRequest, id: string): Promise<Space> {
    const space = await spaces.findInPlace(request.place.id, id);
    if (!space) throw new NotFound('There is no such space.');
    return space;
  }

  async function editable(request: FastifyRequest, id: string) {
    const user = requireRole(request, 'organiser');
    const space = await find(request, id);
    if (!spaces.canEdit(user, space)) throw new Forbidden('Only officers, or whoever added this space, can change it.');
    return { user, space };
  }

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    space: Space | undefined,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) {
    const wards = await areas.listWards(request.place.id);
    return reply.render('spaces/views/form.njk', { ...spaceFormView(space, wards, values), errors });
  }

  web.get(paths.spaces, { schema: { querystring: noQuery } }, async function listSpaces(request, reply) {
    const [list, wards] = await Promise.all([spaces.list(request.place.id), areas.listWards(request.place.id)]);
    const canAdd = Boolean(request.user && ['organiser', 'officer', 'admin'].includes(request.user.role));
    return reply.render('spaces/views/list.njk', spaceListView(list, wards, canAdd));
  });

  web.get(paths.newSpace, { schema: { querystring: noQuery } }, async function newSpace(request, reply) {
    requireRole(request, 'organiser');
    return renderForm(request, reply, undefined);
  });

  web.post(paths.newSpace, async function submitNewSpace(request, reply) {
    const user = requireRole(request, 'organiser');
    return handleForm(
      reply,
      spaceFormSchema,
      request.body,
      async (data) => `${paths.space((await spaces.create(actionContext(request), data, user.id)).id)}?created=1`,
      (errors, values) => renderForm(request, reply, undefined, errors, values),
    );
  });

  web.get(
    paths.space(':id'),
    { schema: { params: idParams, querystring: spaceQuery } },
    async function showSpace(request, reply) {
      const space = await find(request, request.params.id);
      const ward = space.areaId ? await areas.findInPlace(request.place.id, space.areaId) : undefined;
      const canEdit = request.user ? spaces.canEdit(request.user, space) : false;
      return reply.render('spaces/views/show.njk', spaceView(space, ward, canEdit));
    },
  );

  web.get(
    paths.edit(':id'),
    { schema: { params: idParams, querystring: noQuery } },
    async function editSpace(request, reply) {
      const { space } = await editable(request, request.params.id);
      return renderForm(request, reply, space);
    },
  );

  web.post(paths.edit(':id'), { schema: { params: idParams } }, async function submitSpace(request, reply) {
    const { user, space } = await editable(request, request.params.id);
    return handleForm(
      reply,
      spaceFormSchema,
      request.body,
      async (data) => {
        await spaces.update(actionContext(request), user, space.id, data);
        return `${paths.space(space.id)}?updated=1`;
      },
      (errors, values) => renderForm(request, reply, space, errors, values),
    );
  });
}
