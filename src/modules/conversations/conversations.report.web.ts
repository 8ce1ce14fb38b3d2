import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db.js';
import { conversationIdParam, createReportService, isOfficer } from './report.service.js';

type Params = { Params: { id: string } };

/** Public report of a conversation: /conversations/:id/report (printable, works without JavaScript). */
export async function registerReportRoutes(app: FastifyInstance, services: { db: Db }): Promise<void> {
  const reports = createReportService(services.db);

  app.get<Params>('/conversations/:id/report', async function showReport(request, reply) {
    const id = conversationIdParam(request.params.id);
    const officer = isOfficer(request);
    const suppressBelow = request.place.settings.suppressBelow ?? 10;
    const { conversation, report, imported } = await reports.report(request.place.id, id, { officer, suppressBelow });
    return reply.render('conversations/views/report.njk', {
      conversation,
      report,
      imported,
      officer,
      suppressBelow,
    });
  });
}
