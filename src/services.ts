import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createAccountsService } from './modules/accounts/index.js';
import { createApiTokensService } from './modules/api-tokens/index.js';
import { createAreasService } from './modules/areas/index.js';
import { createAuditService } from './modules/audit/index.js';
import { createConversationsServices } from './modules/conversations/index.js';
import { createAppraisalsService, createFrameworksService, createValuesService } from './modules/impact/index.js';
import { createMailService } from './modules/mail/index.js';
import { createAttendanceService, createStatsService } from './modules/participation/index.js';
import { createPlacesService } from './modules/places/index.js';
import { createProjectsService } from './modules/projects/index.js';
import { createSessionsService } from './modules/sessions/index.js';
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
  const projects = createProjectsService(db, { mail });
  const spaces = createSpacesService(db);
  const sessions = createSessionsService(db, { mail, projects, spaces, areas });
  const participationStats = createStatsService({ db, areas, places });
  const attendance = createAttendanceService({ db, sessions, projects, accounts });
  const impactValues = createValuesService(db);
  const impactFrameworks = createFrameworksService({ db, stats: participationStats, projects });
  const impactAppraisals = createAppraisalsService({ db, values: impactValues, stats: participationStats, projects });
  const conversationServices = createConversationsServices({ db, config, logger, mail, accounts });
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
    participationStats,
    attendance,
    impactValues,
    impactFrameworks,
    impactAppraisals,
    ...conversationServices,
  };
}

export type Services = ReturnType<typeof createServices>;
