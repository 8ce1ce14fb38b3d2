import type { Logger } from 'pino';
import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import type { AccountsService } from '../../core/accounts/index.js';
import type { MailService } from '../../core/mail/index.js';
import { conversationsApi } from './conversations.api.js';
import { conversationsCommands } from './conversations.commands.js';
import { conversationsDemo } from './conversations.demo.js';
import { paths } from './conversations.paths.js';
import { createAnalysisRunner } from './conversations.analysis.js';
import { conversationsManageWeb } from './conversations.manage.web.js';
import { conversationsModerationWeb } from './conversations.moderation.web.js';
import * as conversationsTables from './conversations.schema.js';
import { createConversationsService } from './conversations.service.js';
import { conversationsWeb } from './conversations.web.js';
import * as outcomesTables from './outcomes/outcomes.schema.js';
import { createOutcomesService } from './outcomes/outcomes.service.js';
import { outcomesWeb } from './outcomes/outcomes.web.js';
import { createPolisFilesService } from './polis-files/polis-files.service.js';
import { polisFilesWeb } from './polis-files/polis-files.web.js';
import { createReportService } from './report/report.service.js';
import { reportWeb } from './report/report.web.js';

/** What the module needs from the core. */
export type ConversationsNeeds = {
  db: Db;
  config: { env: string; cookieSecure: boolean };
  /** Where the background analysis reports runs it skipped or that failed. */
  logger: Pick<Logger, 'warn' | 'info'>;
  mail: Pick<MailService, 'send'>;
  accounts: Pick<AccountsService, 'verifiedContacts'>;
};

/**
 * The module's services, each built once: the conversations core (with its background analysis),
 * then the Polis files (whose imports it analyses), the report and the outcomes.
 */
function createConversationsServices({ db, config, logger, mail, accounts }: ConversationsNeeds) {
  // Tests run the recompute themselves (runPendingAnalyses); the service runs it on timers.
  const analysis = createAnalysisRunner({ db, timers: config.env !== 'test', logger });
  const conversations = createConversationsService(db, { analysis });
  const polisFiles = createPolisFilesService({ db, notify: (placeId, id) => analysis.notify(placeId, id) });
  const conversationReports = createReportService({ db });
  const conversationOutcomes = createOutcomesService({ db, mail, accounts });
  return { conversations, polisFiles, conversationReports, conversationOutcomes };
}

/**
 * Honest conversations (issue 5): officers' pages, one-statement-at-a-time voting, moderation and
 * the background analysis (the module root); the report (report/), closing the loop (outcomes/),
 * the Polis open-data files (polis-files/); and /api/v1/conversations.
 */
export const conversationsModule = defineModule<ConversationsNeeds>()({
  name: 'conversations',
  services: createConversationsServices,
  tables: { ...conversationsTables, ...outcomesTables },
  nav: [{ text: 'Conversations', href: paths.conversations, order: 60 }],
  paths,
  demo: conversationsDemo,
  commands: conversationsCommands,
  personalData: ({ conversations }, placeId, userId) => conversations.personalData(placeId, userId),
  async register(app, { conversations, polisFiles, conversationReports, conversationOutcomes, config }) {
    app.addHook('onClose', async () => conversations.analysis.stop());
    if (config.env !== 'test')
      app.addHook('onReady', async () => {
        // Votes cast just before a restart were queued only in memory.
        await conversations.analysis.resumeStale();
      });
    // Every route group of the module: the public pages and voting, the officers' pages,
    // moderation, /api/v1/conversations, the report, closing the loop, and the Polis files.
    await app.register(conversationsWeb, { conversations, cookieSecure: config.cookieSecure });
    await app.register(conversationsManageWeb, { conversations });
    await app.register(conversationsModerationWeb, { conversations });
    await app.register(conversationsApi, { conversations });
    await app.register(reportWeb, { reports: conversationReports });
    await app.register(outcomesWeb, { outcomes: conversationOutcomes });
    await app.register(polisFilesWeb, { polisFiles });
  },
});
