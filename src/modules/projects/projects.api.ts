import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext, requireTokenRole } from '../../platform/auth.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { ID_PATTERN, idParams, idSchema } from '../../platform/fields.js';
import { limitField, pageSchema, problemResponses } from '../api/index.js';
import type { AreasService } from '../../core/areas/index.js';
import { projectPaths } from './projects.paths.js';
import type { Project } from './projects.repository.js';
import { projectCategories, projectLeadTypes, projectStages } from './projects.schema.js';
import { progressOf, type ProjectsService } from './projects.service.js';
import { createProjectApiSchema } from './projects.validation.js';

/** Item routes take no query; anything sent is ignored, as before. */
const noQuery = z.object({});

const projectSchema = z
  .object({
    id: idSchema,
    title: z.string(),
    summary: z.string(),
    why: z.string(),
    category: z.enum(projectCategories),
    ward: z.string().nullable().meta({ description: 'The code of the ward, or null' }),
    needs: z.object({
      people: z.boolean().optional(),
      skills: z.string().optional(),
      space: z.string().optional(),
      kit: z.string().optional(),
    }),
    stage: z.enum(projectStages),
    leadType: z.enum(projectLeadTypes),
    members: z.number().int().meta({ description: 'People in the project, organisers included' }),
    threshold: z.number().int().nullable().meta({ description: 'People needed to start, or null' }),
    thresholdMet: z.boolean(),
    publishedAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Project', description: 'A published community project' });

const projectListSchema = pageSchema(projectSchema, 'ProjectList');

const listQuery = z.strictObject({
  ward: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, 'The ward must be an area code')
    .optional()
    .meta({ description: 'Only projects in the ward with this code' }),
  category: z.enum(projectCategories).optional(),
  stage: z.enum(projectStages).optional(),
  limit: limitField,
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'The cursor is not one this API gave')
    .optional()
    .meta({ description: 'nextCursor from the previous page' }),
});

/** Cursors are opaque to callers: the publication time and id of the last project on the page. */
function encodeCursor(p: Project): string {
  return Buffer.from(`${p.publishedAt!.toISOString()}|${p.id}`).toString('base64url');
}
function decodeCursor(cursor: string): { publishedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const publishedAt = new Date(at ?? '');
  if (!id || Number.isNaN(publishedAt.getTime()) || !ID_PATTERN.test(id))
    throw new Invalid([{ field: 'cursor', message: 'The cursor is not one this API gave' }]);
  return { publishedAt, id };
}

/** Published projects as JSON; officers and admins may add council- or partner-led projects. */
export function projectsApi(app: FastifyInstance, deps: { projects: ProjectsService; areas: AreasService }) {
  const { projects, areas } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  const wardCodes = async (placeId: string) => new Map((await areas.listWards(placeId)).map((w) => [w.id, w.code]));
  const toJson = (p: Project, members: number, codes: Map<string, string>): z.input<typeof projectSchema> => ({
    id: p.id,
    title: p.title,
    summary: p.summary,
    why: p.why,
    category: p.category,
    ward: p.areaId ? (codes.get(p.areaId) ?? null) : null,
    needs: p.needs,
    stage: p.stage,
    leadType: p.leadType,
    members,
    threshold: p.threshold,
    thresholdMet: progressOf(members, p.threshold).met,
    publishedAt: p.publishedAt ? p.publishedAt.toISOString() : null,
    updatedAt: p.updatedAt.toISOString(),
  });

  api.get(
    projectPaths.api,
    {
      schema: {
        tags: ['Projects'],
        summary: 'List published projects, newest first',
        description: 'Filter by ward code, category and stage. Follow `nextCursor` for the next page.',
        security: [{ bearer: [] }],
        querystring: listQuery,
        response: { 200: projectListSchema, ...problemResponses },
      },
    },
    async function listProjects(request) {
      requireTokenRole(request, 'resident');
      const placeId = request.place.id;
      const { ward, category, stage, limit, cursor } = request.query;
      let areaId: string | undefined;
      if (ward) {
        const area = await areas.findByCode(placeId, ward);
        if (!area) return { items: [], nextCursor: null };
        areaId = area.id;
      }
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = await projects.listPublished(placeId, { areaId, category, stage, after }, limit + 1);
      const page = rows.slice(0, limit);
      const [counts, codes] = await Promise.all([
        projects.memberCounts(
          placeId,
          page.map((p) => p.id),
        ),
        wardCodes(placeId),
      ]);
      return {
        items: page.map((p) => toJson(p, counts.get(p.id) ?? 0, codes)),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
      };
    },
  );

  api.get(
    projectPaths.apiProject(':id'),
    {
      schema: {
        tags: ['Projects'],
        summary: 'One published project',
        security: [{ bearer: [] }],
        params: idParams,
        querystring: noQuery,
        response: { 200: projectSchema, ...problemResponses },
      },
    },
    async function showProject(request) {
      requireTokenRole(request, 'resident');
      const placeId = request.place.id;
      const project = await projects.findInPlace(placeId, request.params.id);
      if (!project || project.status !== 'published') throw new NotFound('There is no such project.');
      const counts = await projects.memberCounts(placeId, [project.id]);
      return toJson(project, counts.get(project.id) ?? 0, await wardCodes(placeId));
    },
  );

  api.post(
    projectPaths.api,
    {
      schema: {
        tags: ['Projects'],
        summary: 'Add a project, published at once',
        description:
          'Needs an officer or admin token. Any lead type is allowed, council and partner included. Unknown fields are refused.',
        security: [{ bearer: [] }],
        body: createProjectApiSchema,
        response: { 201: projectSchema, ...problemResponses },
      },
    },
    async function createProject(request, reply) {
      requireTokenRole(request, 'officer');
      const placeId = request.place.id;
      const body = request.body;
      const area = await areas.findByCode(placeId, body.ward);
      if (!area || area.kind !== 'ward')
        throw new Invalid([{ field: 'ward', message: `There is no ward with the code ${body.ward} in this place.` }]);
      const project = await projects.createPublished(
        actionContext(request),
        {
          title: body.title,
          summary: body.summary,
          why: body.why,
          category: body.category,
          areaId: area.id,
          needs: body.needs ?? {},
          leadType: body.leadType,
          threshold: body.threshold ?? null,
          stage: body.stage,
        },
        null,
      );
      return reply
        .code(201)
        .header('location', projectPaths.apiProject(project.id))
        .send(toJson(project, 0, await wardCodes(placeId)));
    },
  );
}
