import type { AccountsService } from '../../core/accounts/index.js';
import type { ApiTokensService } from '../../core/api-tokens/index.js';
import type { AreasService } from '../../core/areas/index.js';
import type { AuditService } from '../../core/audit/index.js';
import type { MailService } from '../../core/mail/index.js';
import type { PlacesService } from '../../core/places/index.js';
import { defineModule } from '../../platform/modules.js';
import { adminAuditWeb } from './admin.audit.web.js';
import { adminPaths } from './admin.paths.js';
import { adminSettingsWeb } from './admin.settings.web.js';
import { adminTokensWeb } from './admin.tokens.web.js';
import { adminWeb } from './admin.web.js';

type AdminDeps = {
  accounts: AccountsService;
  areas: AreasService;
  audit: AuditService;
  mail: MailService;
  apiTokens: ApiTokensService;
  places: PlacesService;
};

/** The council's side: people and roles, assisted accounts, audit log, outbox, API tokens, settings. */
export const adminModule = defineModule<AdminDeps>()({
  name: 'admin',
  paths: adminPaths,
  nav: [{ text: 'Admin', href: adminPaths.admin, order: 90, role: 'officer' }],
  async register(app, { accounts, areas, audit, mail, apiTokens, places }) {
    await app.register(adminWeb, { accounts, areas });
    await app.register(adminAuditWeb, { audit, mail });
    await app.register(adminTokensWeb, { apiTokens });
    await app.register(adminSettingsWeb, { places });
  },
});
