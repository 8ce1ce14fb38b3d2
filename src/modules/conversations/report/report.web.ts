import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { idParams } from '../../../platform/fields.js';
import { conversationPermissions } from '../conversations.permissions.js';
import { paths } from '../conversations.paths.js';
import type { ReportService } from './report.service.js';
import { buildReport } from './report.view-models.js';

/** Public report of a conversation: /conversations/:id/report (printable, works without JavaScript). */
export function reportWeb(app: FastifyInstance, { reports }: { reports: ReportService }): void {
  async function showReport(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    const officer = conversationPermissions.canManage(request.user, request.place.id);
    const suppressBelow = request.place.settings.suppressBelow ?? 10;
    const { conversation, input, imported } = await reports.report(request.place.id, request.params.id, {
      officer,
      suppressBelow,
    });
    return reply.render('conversations/report/views/report.njk', {
      conversation,
      report: buildReport(input),
      imported,
      officer,
      suppressBelow,
    });
  }

  app.get(paths.report(':id'), { schema: { params: idParams } }, showReport);
}
