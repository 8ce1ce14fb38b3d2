import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../platform/db.js';
import { createPasswordHasher } from '../platform/passwords.js';
import { createAccountsService, createPeopleDirectory } from './accounts/index.js';
import { createApiTokensService } from './api-tokens/index.js';
import { createAreasService } from './areas/index.js';
import { createAuditService } from './audit/index.js';
import { createMailService } from './mail/index.js';
import { createPlacesService } from './places/index.js';

export type CoreDeps = { config: Config; database: Database; logger: Logger };

/**
 * What every module may rely on: the place and its areas, people and their sign-in, API tokens,
 * the audit log and mail. Modules' services are folded on top of these (src/services.ts).
 */
export function createCoreServices({ config, database, logger }: CoreDeps) {
  const db = database.db;
  const hasher = createPasswordHasher(config.passwordHashCost);
  const mail = createMailService(db, { smtpUrl: config.smtpUrl, from: config.mailFrom, logger });
  const areas = createAreasService(db);
  return {
    config,
    database,
    db,
    logger,
    hasher,
    mail,
    areas,
    places: createPlacesService(db),
    audit: createAuditService(db),
    accounts: createAccountsService({ db, hasher, mail, areas, signIn: config.signIn }),
    /** People in sets, by id, name or search: what modules may know of a person. */
    people: createPeopleDirectory(db),
    apiTokens: createApiTokensService(db),
  };
}

export type CoreServices = ReturnType<typeof createCoreServices>;
