import { conversationsPersonalData } from './conversations.personal-data.js';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { MailService } from '../../core/mail/index.js';
import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import { createAnalysisRunner } from './conversations.analysis.js';
import { createConversationsService } from './conversations.service.js';
import { registerReportRoutes } from './conversations.report.web.js';
import { conversationsApi } from './conversations.api.js';
import { conversationsWeb } from './conversations.web.js';
import { registerOutcomeRoutes } from './outcomes.web.js';

export { createAnalysisRunner, type AnalysisRunner, type AnalysisRun } from './conversations.analysis.js';
export {
  createConversationsService,
  DEFAULT_LIMITS,
  type ConversationsService,
  type Identity,
} from './conversations.service.js';
export type { Conversation, Statement, Participant } from './conversations.repository.js';
export { paths as conversationPaths } from './conversations.web.js';
/** The duplicate key for statement text (case, spacing and end punctuation folded): imports should use it too. */
export { statementKey, STATEMENT_MAX } from './conversations.validation.js';
import { seedConversationsDemo } from './conversations.demo.js';

/**
 * Honest conversations (issue 5): officers' pages, one-statement-at-a-time voting, moderation,
 * the background analysis, the report and outcomes, and /api/v1/conversations.
 */
export const conversationsModule = defineModule<{ db: Db; mail: MailService; config: Config; logger: Logger }>()({
  name: 'conversations',
  services: ({ db, config, logger }) => {
    // Tests run the recompute themselves (runPendingAnalyses); the service runs it on timers.
    const analysis = createAnalysisRunner({ db, timers: config.env !== 'test', logger });
    return { conversations: createConversationsService(db, { analysis }) };
  },
  nav: [{ text: 'Conversations', href: '/conversations', order: 60 }],
  demo: (services, { placeId, now, facts }) => seedConversationsDemo(services, placeId, facts.staff!.officer, { now }),
  personalData: ({ db }, placeId, userId) => conversationsPersonalData(db, placeId, userId),
  async register(app: FastifyInstance, services) {
    const { conversations, config } = services;
    app.addHook('onClose', async () => conversations.analysis.stop());
    if (config.env !== 'test')
      app.addHook('onReady', async () => {
        // Votes cast just before a restart were queued only in memory.
        await conversations.analysis.resumeStale();
      });
    await app.register(conversationsWeb, { conversations, cookieSecure: config.cookieSecure });
    await app.register(conversationsApi, { conversations });
    await registerReportRoutes(app, services);
    await registerOutcomeRoutes(app, services);
  },
});
