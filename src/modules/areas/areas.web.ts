import type { FastifyInstance } from 'fastify';
import { NotFound } from '../../platform/errors.js';
import { paths } from '../../platform/paths.js';
import type { AreasService } from '../../core/areas/index.js';
import { wardMap } from './areas.view-models.js';

export async function areasWeb(app: FastifyInstance, { areas }: { areas: AreasService }) {
  app.get(paths.areas, async (request, reply) => {
    const wards = await areas.listWards(request.place.id);
    const total = wards.reduce((sum, w) => sum + (w.population ?? 0), 0);
    return reply.render('areas/views/list.njk', { wards, total, map: wardMap(wards) });
  });
  app.get<{ Params: { code: string } }>('/areas/:code', async (request, reply) => {
    const area = await areas.findByCode(request.place.id, request.params.code.slice(0, 20));
    if (!area) throw new NotFound('There is no area with that code in this place.');
    const wards = area.kind === 'ward' ? await areas.listWards(request.place.id) : [area];
    return reply.render('areas/views/area.njk', { area, map: wardMap(wards, area.code) });
  });
}
