import type { PeopleDirectory } from '../../core/accounts/index.js';
import type { AreasService } from '../../core/areas/index.js';
import type { MailService } from '../../core/mail/index.js';
import type { PlacesService } from '../../core/places/index.js';
import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import { assetsApi } from './assets.api.js';
import { assetsCommands } from './assets.commands.js';
import { seedAssetsDemo } from './assets.demo.js';
import { assetPaths } from './assets.paths.js';
import { communityAssets } from './assets.schema.js';
import { createAssetsService } from './assets.service.js';
import { assetsWeb } from './assets.web.js';

import type { AssetsService } from './assets.service.js';

export type { AssetsService } from './assets.service.js';
export type { Asset } from './assets.repository.js';

type Needs = { db: Db; places: PlacesService; areas: AreasService; people: PeopleDirectory; mail: MailService };

/**
 * The community asset register: what a place already has (groups, institutions, places, the local
 * economy, stories), suggested by residents and checked by officers. The base of the strength map.
 */
export const assetsModule = defineModule<{
  db: Db;
  areas: AreasService;
  people: PeopleDirectory;
  mail: MailService;
}>()({
  name: 'assets',
  services: ({ db, areas, people, mail }) => ({
    assets: createAssetsService(db, { areas, people, mail }),
  }),
  paths: assetPaths,
  tables: { communityAssets },
  nav: [{ text: 'Assets', href: assetPaths.assets, order: 45 }],
  demo: seedAssetsDemo,
  commands: assetsCommands<Needs & { assets: AssetsService }>(),
  async personalData({ assets }, placeId, userId) {
    const rows = await assets.suggestedBy(placeId, userId);
    return {
      suggested: rows.map((a) => ({
        name: a.name,
        category: a.category,
        status: a.status,
        suggestedAt: a.createdAt.toISOString(),
      })),
    };
  },
  async register(app, { assets, areas }) {
    await app.register(assetsWeb, { assets, areas });
    await app.register(assetsApi, { assets, areas });
  },
});
