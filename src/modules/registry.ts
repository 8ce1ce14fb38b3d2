import type { CoreServices } from '../core/services.js';
import type { CheckOrder, CheckUses, FoldServices } from '../platform/modules.js';
import { accountsModule } from './accounts/index.js';
import { adminModule } from './admin/index.js';
import { apiModule } from './api/index.js';
import { areasModule } from './areas/index.js';
import { assetsModule } from './assets/index.js';
import { capacityModule } from './capacity/index.js';
import { conversationsModule } from './conversations/index.js';
import { feedsModule } from './feeds/index.js';
import { groupsModule } from './groups/index.js';
import { impactModule } from './impact/index.js';
import { pagesModule } from './pages/index.js';
import { participationModule } from './participation/index.js';
import { projectsModule } from './projects/index.js';
import { sessionsModule } from './sessions/index.js';
import { spacesModule } from './spaces/index.js';
import { strengthModule } from './strength/index.js';

/**
 * The enabled modules, in order: each module's services are built on the core's and those of the
 * modules before it; routes, navigation and demo seeds follow the same order. Adding a module is
 * its folder and one line here.
 */
export const modules = [
  pagesModule,
  accountsModule,
  areasModule,
  projectsModule,
  spacesModule,
  assetsModule,
  capacityModule,
  sessionsModule,
  groupsModule,
  participationModule,
  impactModule,
  strengthModule,
  conversationsModule,
  feedsModule,
  adminModule,
  apiModule,
] as const;

/** Every service of the core and of the modules, as the app, the command line and tests see them. */
export type Services = FoldServices<typeof modules, CoreServices>;

// Compile-time checks of the order above: a module placed before one whose services it builds
// on, or using a service nobody provides, fails here with the module named.
type Holds<T extends true> = T;
type _OrderIsSound = Holds<CheckOrder<typeof modules, CoreServices>>;
type _UsesAreMet = Holds<CheckUses<typeof modules, Services>>;
