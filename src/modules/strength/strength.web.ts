import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { areaCodeField, type AreasService } from '../../core/areas/index.js';
import { toCsv } from '../../lib/csv.js';
import { NotFound } from '../../platform/errors.js';
import type { AssetsService } from '../assets/index.js';
import type { GroupsService } from '../groups/index.js';
import type { ProjectsService } from '../projects/index.js';
import type { SessionsService } from '../sessions/index.js';
import type { DeprivationService } from './deprivation/deprivation.service.js';
import { readStrengthFilter, strengthQuery, yearBefore } from './strength.period.js';
import { strengthPaths as paths } from './strength.paths.js';
import { profileView } from './strength.profile.js';
import type { StrengthService } from './strength.service.js';
import {
  benchmarkOf,
  mapMeasureInfo,
  offeredMeasures,
  quartersView,
  smallAreasMap,
  strengthMap,
  wardRows,
  wardsCsv,
} from './strength.view-models.js';

export type StrengthWebDeps = {
  strength: StrengthService;
  deprivation: DeprivationService;
  areas: AreasService;
  assets: AssetsService;
  groups: GroupsService;
  projects: ProjectsService;
  sessions: SessionsService;
};

const codeParams = z.object({ code: areaCodeField });

/** The strength map, its table as CSV, and each ward's profile: public, as the figures are. */
export function strengthWeb(app: FastifyInstance, deps: StrengthWebDeps) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  web.get(paths.map, { schema: { querystring: strengthQuery } }, async function showStrengthMap(request, reply) {
    const filter = readStrengthFilter(request.query);
    const view = 'strength/views/map.njk';
    if (filter.errors) return reply.render(view, { filter, errors: filter.errors, measures: [] }, 400);
    const table = await deps.strength.wards(request.place.id, filter);
    const info = mapMeasureInfo(filter.measure);
    return reply.render(view, {
      filter,
      table,
      info,
      measures: offeredMeasures(table),
      map: strengthMap(table, filter.measure),
      benchmark: benchmarkOf(filter.measure),
      quarters: quartersView(table),
      rows: wardRows(table),
      csvQuery: `from=${filter.from}&to=${filter.to}`,
    });
  });

  web.get(paths.csv, { schema: { querystring: strengthQuery } }, async function downloadStrengthCsv(request, reply) {
    const filter = readStrengthFilter(request.query);
    if (filter.errors) throw new NotFound('Choose a period on the strength map first.');
    const table = await deps.strength.wards(request.place.id, filter);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ward-strength-${filter.from}-to-${filter.to}.csv"`)
      .header('cache-control', 'no-store')
      .send(toCsv(wardsCsv(table)));
  });

  web.get(
    paths.ward(':code'),
    { schema: { params: codeParams, querystring: strengthQuery } },
    async function showWardProfile(request, reply) {
      const ward = await deps.areas.findByCode(request.place.id, request.params.code);
      if (!ward || ward.kind !== 'ward') throw new NotFound('There is no ward with that code in this place.');
      const filter = readStrengthFilter(request.query);
      const view = 'strength/views/ward.njk';
      if (filter.errors) return reply.render(view, { ward, filter, errors: filter.errors }, 400);
      const placeId = request.place.id;
      const [table, lastYear, lsoas, assets, groups, projects, sessions] = await Promise.all([
        deps.strength.wards(placeId, filter),
        // The year before, for change; none before counting begins in 2000.
        yearBefore(filter).from >= '2000-01-01' ? deps.strength.wards(placeId, yearBefore(filter)) : null,
        deps.areas.listChildren(placeId, ward.id),
        deps.assets.list(placeId, { status: 'public', areaId: ward.id }, 50),
        deps.groups.listInWard(placeId, ward.id, 50),
        deps.projects.listPublished(placeId, { areaId: ward.id }, 20),
        deps.sessions.list(placeId, { areaId: ward.id, from: new Date(), publishedOnly: true }, { limit: 10 }),
      ]);
      const release = table.release;
      const rowsOf = release
        ? await deps.deprivation.forLsoas(
            placeId,
            lsoas.map((l) => l.id),
            release,
          )
        : new Map<string, never>();
      const lsoaRows = lsoas.map((l) => ({ area: l, dep: rowsOf.get(l.id) }));
      return reply.render(view, {
        ward,
        filter,
        ...profileView(table, lastYear, ward.id, lsoaRows),
        smallMap: smallAreasMap(lsoaRows.map((r) => ({ area: r.area, decile: r.dep?.imdDecile ?? null }))),
        assets,
        groups,
        projects,
        sessions,
      });
    },
  );
}
