import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isCalendarDate, londonEndOfDay, londonStartOfDay } from '../../lib/london-time.js';
import type { AreasService } from '../../core/areas/index.js';
import { projectCategories } from '../projects/index.js';
import { sessionPaths } from './sessions.paths.js';
import type { SessionsService } from './sessions.service.js';
import { whatsOnQuerySchema } from './sessions.validation.js';
import { whatsOnView } from './sessions.view-models.js';

const PAGE_SIZE = 20;

/** What's on near me: upcoming sessions of published projects, by ward, day, date and kind. */
export function whatsOnWeb(
  app: FastifyInstance,
  { sessions, areas }: { sessions: SessionsService; areas: AreasService },
) {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      sessionPaths.whatsOn,
      { schema: { querystring: whatsOnQuerySchema } },
      async function showWhatsOn(request, reply) {
        const query = request.query;
        const placeId = request.place.id;
        const wards = await areas.listWards(placeId);
        let wardCode = query.ward;
        // With no ward chosen, a signed-in person sees their own.
        if (wardCode === undefined && request.user) {
          const home = await sessions.homeWardOf(placeId, request.user.id);
          wardCode = wards.find((w) => w.id === home)?.code;
        }
        const ward = wardCode ? wards.find((w) => w.code === wardCode) : undefined;
        const category = projectCategories.find((c) => c === query.category);
        const date = query.date && isCalendarDate(query.date) ? query.date : undefined;
        const page = query.page ?? 1;
        const now = new Date();
        const from = date ? londonStartOfDay(date) : now;
        const rows = await sessions.list(
          placeId,
          {
            from: from < now ? now : from,
            to: date ? londonEndOfDay(date) : undefined,
            areaId: ward?.id,
            category,
            isoWeekday: query.day ? Number(query.day) : undefined,
            publishedOnly: true,
          },
          { limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE },
        );
        const pageHref = (p: number) => {
          const u = new URLSearchParams();
          u.set('ward', ward?.code ?? '');
          if (query.day) u.set('day', query.day);
          if (date) u.set('date', date);
          if (category) u.set('category', category);
          u.set('page', String(p));
          return `${sessionPaths.whatsOn}?${u.toString()}`;
        };
        return reply.render(
          'sessions/views/whats-on.njk',
          whatsOnView({
            rows,
            pageSize: PAGE_SIZE,
            page,
            wards,
            ward,
            day: query.day,
            date,
            invalidDate: Boolean(query.date && !date),
            category,
            pageHref,
          }),
        );
      },
    );
}
