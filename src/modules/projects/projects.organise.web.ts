import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actionContext, requireUser } from '../../platform/auth.js';
import { Forbidden } from '../../platform/errors.js';
import { idParams } from '../../platform/fields.js';
import { handleForm, type FormErrors } from '../../platform/forms.js';
import { projectPaths as paths } from './projects.paths.js';
import { coOrganiserSchema, editProjectSchema, formToInput } from './projects.validation.js';
import { coOrganisersView, projectFormValues } from './projects.view-models.js';
import { formContext, noQuery, type ProjectsWebDeps } from './projects.web.js';

/** Running a project: its organisers change its details and stage, and choose co-organisers. */
export function projectsOrganiseWeb(app: FastifyInstance, { projects, areas }: ProjectsWebDeps) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  async function editable(request: FastifyRequest, id: string) {
    const user = requireUser(request);
    const project = await projects.findVisible(user, request.place.id, id);
    if (!(await projects.canOrganise(user, project.id)))
      throw new Forbidden('Only the organisers of this project can change it.');
    return { user, project };
  }

  async function renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) {
    const { project } = await editable(request, id);
    const v = values ?? projectFormValues(project);
    return reply.render('projects/views/edit.njk', {
      ...(await formContext(areas, request, { ...v, currentLeadType: project.leadType })),
      ...coOrganisersView(await projects.members(request.place.id, project.id)),
      project,
      errors,
    });
  }

  web.get(
    paths.edit(':id'),
    { schema: { params: idParams, querystring: noQuery } },
    async function editProject(request, reply) {
      return renderEdit(request, reply, request.params.id);
    },
  );

  web.post(paths.edit(':id'), { schema: { params: idParams } }, async function submitProject(request, reply) {
    const { user, project } = await editable(request, request.params.id);
    return handleForm(
      reply,
      editProjectSchema,
      request.body,
      async (data) => {
        await projects.update(actionContext(request), user, project.id, { ...formToInput(data), stage: data.stage });
        return `${paths.project(project.id)}?updated=1`;
      },
      (errors, values) => renderEdit(request, reply, project.id, errors, values),
    );
  });

  /** Adds or removes a co-organiser: the two forms differ only in the use case and what the page then says. */
  async function changeCoOrganiser(request: FastifyRequest, reply: FastifyReply, id: string, change: 'add' | 'remove') {
    const { user, project } = await editable(request, id);
    return handleForm(
      reply,
      coOrganiserSchema,
      request.body,
      async (data) => {
        const ctx = actionContext(request);
        if (change === 'add') await projects.addCoOrganiser(ctx, user, project.id, data.userId);
        else await projects.removeCoOrganiser(ctx, user, project.id, data.userId);
        return `${paths.project(project.id)}?updated=${change === 'add' ? 'co-organiser' : 'co-organiser-removed'}`;
      },
      (errors) => renderEdit(request, reply, project.id, errors),
    );
  }

  web.post(
    paths.coOrganisers(':id'),
    { schema: { params: idParams } },
    async function submitCoOrganiser(request, reply) {
      return changeCoOrganiser(request, reply, request.params.id, 'add');
    },
  );

  web.post(
    paths.removeCoOrganiser(':id'),
    { schema: { params: idParams } },
    async function removeCoOrganiser(request, reply) {
      return changeCoOrganiser(request, reply, request.params.id, 'remove');
    },
  );
}
