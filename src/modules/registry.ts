import { accountsModule } from './accounts/index.js';
import { adminModule } from './admin/index.js';
import { apiModule } from './api/index.js';
import { areasModule } from './areas/index.js';
import { conversationsModule } from './conversations/index.js';
import { impactModule } from './impact/index.js';
import { pagesModule } from './pages/index.js';
import { participationModule } from './participation/index.js';
import { projectsModule } from './projects/index.js';
import { sessionsModule } from './sessions/index.js';
import { spacesModule } from './spaces/index.js';
import type { Services } from '../services.js';
import type { ModuleManifest } from '../platform/modules.js';

/** The enabled modules, in the order their routes register. */
export const modules: ModuleManifest<Services>[] = [
  pagesModule,
  accountsModule,
  areasModule,
  projectsModule,
  spacesModule,
  sessionsModule,
  participationModule,
  impactModule,
  conversationsModule,
  adminModule,
  apiModule,
];
