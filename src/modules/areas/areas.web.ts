import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFound } from '../../platform/errors.js';
import { areaCodeField, type AreasService } from '../../core/areas/index.js';
import { areasPaths as paths } from './areas.paths.js';
import { wardMap } from './areas.view-models.js';

/** An area's code in its address; anything that is not a code is answered 404. */
const codeParams = z.object({ code: areaCodeField });

/** The wards pages: every ward of the place on a map and in a table, and one ward. */
export function areasWeb(app: FastifyInstance, { areas }: { areas: AreasService }) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  web.get(paths.areas, async function showAreas(request, reply) {
    const wards = await areas.listWards(request.place.id);
    const total = wards.reduce((sum, w) => sum + (w.population ?? 0), 0);
    return reply.render('areas/views/list.njk', { wards, total, map: wardMap(wards) });
  });

  web.get(paths.area(':code'), { schema: { params: codeParams } }, async function showArea(request, reply) {
    const area = await areas.findByCode(request.place.id, request.params.code);
    if (!area) throw new NotFound('There is no area with that code in this place.');
    const [wards, parent, children] = await Promise.all([
      area.kind === 'ward' ? areas.listWards(request.place.id) : [area],
      area.parentId ? areas.findInPlace(request.place.id, area.parentId) : undefined,
      areas.listChildren(request.place.id, area.id),
    ]);
    return reply.render('areas/views/area.njk', { area, parent, children, map: wardMap(wards, area.code) });
  });
}
