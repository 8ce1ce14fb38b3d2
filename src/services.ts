import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createAccountsService } from './modules/accounts/index.js';
import { createApiTokensService } from './modules/api-tokens/index.js';
import { createAreasService } from './modules/areas/index.js';
import { createAuditService } from './modules/audit/index.js';
import { createAnalysisRunner, createConversationsService } from './modules/conversations/index.js';
import { createAppraisalsService, createFrameworksService, createValuesService } from './modules/impact/index.js';
import { createMailService } from './modules/mail/index.js';
import { createAttendanceService, createStatsService } from './modules/participation/index.js';
import { createPlacesService } from './modules/places/index.js';
import { createProjectsService } from './modules/projects/index.js';
import { createSessionsService, projectSessions } from './modules/sessions/index.js';
import { createSpacesService } from './modules/spaces/index.js';
import type { Database } from './platform/db.js';
import { createPasswordHasher } from './platform/passwords.js';

export type ServiceDeps = { config: Config; database: Database; logger: Logger };

/** Every module's use cases, wired by hand (no container): the app is a function of these. */
export function createServices({ config, database, logger }: ServiceDeps) {
  const db = database.db;
  const hasher = createPasswordHasher(config.passwordHashCost);
  const mail = createMailService(db, { smtpUrl: config.smtpUrl, from: config.mailFrom, logger });
  const areas = createAreasService(db);
  const places = createPlacesService(db);
  const audit = createAuditService(db);
  const accounts = createAccountsService({ db, hasher, mail, areas, signIn: config.signIn });
  const apiTokens = createApiTokensService(db);
  const projects = createProjectsService(db, { mail, areas, people: accounts });
  const spaces = createSpacesService(db, { areas });
  const sessions = createSessionsService(db, { mail, projects, spaces, areas });
  const participationStats = createStatsService({ db, areas, places });
  const attendance = createAttendanceService({ db, sessions, projects, accounts });
  const impactValues = createValuesService(db);
  const impactFrameworks = createFrameworksService({ db, stats: participationStats, projects });
  const impactAppraisals = createAppraisalsService({ db, values: impactValues, stats: participationStats, projects });
  // Tests run the recompute themselves (runPendingAnalyses); the service runs it on timers.
  const conversationAnalysis = createAnalysisRunner({ db, timers: config.env !== 'test', logger });
  const conversations = createConversationsService(db, { analysis: conversationAnalysis });
  return {
    config,
    database,
    db,
    hasher,
    mail,
    areas,
    places,
    audit,
    accounts,
    apiTokens,
    projects,
    spaces,
    sessions,
    projectSessions: projectSessions(sessions),
    participationStats,
    attendance,
    impactValues,
    impactFrameworks,
    impactAppraisals,
    conversations,
  };
}

export type Services = ReturnType<typeof createServices>;
