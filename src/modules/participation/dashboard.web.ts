import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isCalendarDate } from '../../lib/london-time.js';
import { requireRole } from '../../platform/auth.js';
import { NotFound } from '../../platform/errors.js';
import { toFormErrors, type FormErrors } from '../../platform/forms.js';
import type { AreasService } from '../../core/areas/index.js';
import {
  monthsTable,
  progressView,
  summaryTable,
  toCsv,
  trendCharts,
  wardsTable,
  type Table,
} from './dashboard.view-models.js';
import { defaultPeriod, type StatsService } from './stats.service.js';

/** The participation module's URLs. */
export const paths = {
  dashboard: '/dashboard',
  dashboardCsv: (table: string) => `/dashboard/${table}.csv`,
};

const filterSchema = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  ward: z.string().max(20).optional(),
});

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** Reads the period and ward from the query; missing dates take the default, wrong ones an error. */
function readFilter(request: FastifyRequest): { from: string; to: string; ward?: string; errors?: FormErrors } {
  const q = filterSchema.safeParse(request.query);
  const raw = q.success ? q.data : {};
  const period = defaultPeriod(today());
  const from = raw.from?.trim() || period.from;
  const to = raw.to?.trim() || period.to;
  const ward = raw.ward?.trim() || undefined;
  const problems = [];
  if (!isCalendarDate(from)) problems.push({ field: 'from', message: 'Enter a real start date, like 2026-01-31' });
  if (!isCalendarDate(to)) problems.push({ field: 'to', message: 'Enter a real end date, like 2026-12-31' });
  if (!problems.length && from > to)
    problems.push({ field: 'to', message: 'The end date must be the same as or after the start date' });
  return { from, to, ...(ward ? { ward } : {}), ...(problems.length ? { errors: toFormErrors(problems) } : {}) };
}

/** The participation dashboard for officers and admins, with each table as CSV. */
export async function dashboardWeb(
  app: FastifyInstance,
  { stats, areas }: { stats: StatsService; areas: AreasService },
) {
  app.get(paths.dashboard, async (request, reply) => {
    requireRole(request, 'officer');
    const filter = readFilter(request);
    const wards = await areas.listWards(request.place.id);
    const wardItems = [
      { value: '', text: 'All wards' },
      ...wards.map((w) => ({ value: w.code, text: w.name, selected: w.code === filter.ward })),
    ];
    if (filter.errors) {
      return reply.render('participation/views/dashboard.njk', { filter, wardItems, errors: filter.errors }, 400);
    }
    if (filter.ward && !wards.some((w) => w.code === filter.ward)) {
      const errors = toFormErrors([{ field: 'ward', message: 'Choose a ward from the list' }]);
      return reply.render('participation/views/dashboard.njk', { filter, wardItems, errors }, 400);
    }
    const [s, progress] = await Promise.all([
      stats.participation(request.place.id, { from: filter.from, to: filter.to, wardCode: filter.ward }),
      stats.targetProgress(request.place.id, today()),
    ]);
    const query = new URLSearchParams({
      from: filter.from,
      to: filter.to,
      ...(filter.ward ? { ward: filter.ward } : {}),
    });
    return reply.render('participation/views/dashboard.njk', {
      filter,
      wardItems,
      stats: s,
      summaryRows: summaryTable(s).rows.map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
      charts: trendCharts(s),
      wardsTable: wardsTable(s),
      progress: progressView(progress, s.suppressBelow),
      csv: {
        summary: `${paths.dashboardCsv('summary')}?${query}`,
        months: `${paths.dashboardCsv('months')}?${query}`,
        wards: `${paths.dashboardCsv('wards')}?${query}`,
      },
    });
  });

  const tables: Record<string, (s: Awaited<ReturnType<StatsService['participation']>>) => Table> = {
    summary: summaryTable,
    months: monthsTable,
    wards: wardsTable,
  };

  for (const [table, make] of Object.entries(tables)) {
    app.get(paths.dashboardCsv(table), async (request, reply) => {
      requireRole(request, 'officer');
      const filter = readFilter(request);
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
        .send(toCsv(make(s)));
    });
  }
}
