import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isCalendarDate, londonToday } from '../../../lib/london-time.js';
import { requireRole } from '../../../platform/auth.js';
import { NotFound } from '../../../platform/errors.js';
import { toFormErrors, type FormErrors } from '../../../platform/forms.js';
import type { AreasService } from '../../../core/areas/index.js';
import { dashboardTableNames, dashboardTables, dashboardView, tableCsv } from './dashboard.view-models.js';
import { defaultPeriod } from './periods.js';
import { participationPaths } from '../participation.paths.js';
import type { StatsService } from './stats.service.js';

/** The dashboard's filter: anything odd is explained on the page rather than refused outright. */
const filterQuery = z.object({
  from: z.string().max(20).optional().catch(undefined),
  to: z.string().max(20).optional().catch(undefined),
  ward: z.string().max(20).optional().catch(undefined),
});

type Filter = { from: string; to: string; ward?: string; errors?: FormErrors };

/** The period and ward asked for; missing dates take the default, wrong ones an error. */
function readFilter(query: z.output<typeof filterQuery>): Filter {
  const period = defaultPeriod(londonToday());
  const from = query.from?.trim() || period.from;
  const to = query.to?.trim() || period.to;
  const ward = query.ward?.trim() || undefined;
  const problems = [];
  if (!isCalendarDate(from)) problems.push({ field: 'from', message: 'Enter a real start date, like 2026-01-31' });
  if (!isCalendarDate(to)) problems.push({ field: 'to', message: 'Enter a real end date, like 2026-12-31' });
  if (!problems.length && from > to)
    problems.push({ field: 'to', message: 'The end date must be the same as or after the start date' });
  return { from, to, ...(ward ? { ward } : {}), ...(problems.length ? { errors: toFormErrors(problems) } : {}) };
}

/** The participation dashboard for officers and admins, with each table as CSV. */
export function dashboardWeb(app: FastifyInstance, { stats, areas }: { stats: StatsService; areas: AreasService }) {
  const web = app.withTypeProvider<ZodTypeProvider>();

  web.get(
    participationPaths.dashboard,
    { schema: { querystring: filterQuery } },
    async function showDashboard(request, reply) {
      requireRole(request, 'officer');
      const filter = readFilter(request.query);
      const wards = await areas.listWards(request.place.id);
      const wardItems = [
        { value: '', text: 'All wards' },
        ...wards.map((w) => ({ value: w.code, text: w.name, selected: w.code === filter.ward })),
      ];
      const view = 'participation/stats/views/dashboard.njk';
      if (filter.errors) return reply.render(view, { filter, wardItems, errors: filter.errors }, 400);
      if (filter.ward && !wards.some((w) => w.code === filter.ward)) {
        const errors = toFormErrors([{ field: 'ward', message: 'Choose a ward from the list' }]);
        return reply.render(view, { filter, wardItems, errors }, 400);
      }
      const [s, progress] = await Promise.all([
        stats.participation(request.place.id, { from: filter.from, to: filter.to, wardCode: filter.ward }),
        stats.targetProgress(request.place.id, londonToday()),
      ]);
      return reply.render(view, { filter, wardItems, ...dashboardView(s, progress, filter) });
    },
  );

  for (const table of dashboardTableNames) {
    web.get(
      participationPaths.dashboardCsv(table),
      { schema: { querystring: filterQuery } },
      async function downloadDashboardTable(request, reply) {
        requireRole(request, 'officer');
        const filter = readFilter(request.query);
        if (filter.errors) throw new NotFound('Choose a period on the dashboard first.');
        const s = await stats.participation(request.place.id, {
          from: filter.from,
          to: filter.to,
          wardCode: filter.ward,
        });
        const name = `participation-${table}-${filter.from}-to-${filter.to}${s.ward ? `-${s.ward.code}` : ''}.csv`;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
          .header('cache-control', 'no-store')
          .send(tableCsv(dashboardTables[table](s)));
      },
    );
  }
}
