import { defineModule } from '../../platform/modules.js';
import type { AssetsService } from '../assets/index.js';
import type { ProjectsService } from '../projects/index.js';
import type { SessionsService } from '../sessions/index.js';
import type { SpacesService } from '../spaces/index.js';
import { feedsApi } from './feeds.api.js';
import { feedPaths } from './feeds.paths.js';
import { createFeedsService } from './feeds.service.js';

/**
 * Open data feeds: the place's published projects, schedules and venues as Open Referral UK, and
 * its sessions as OpenActive RPDE feeds, for council directories, social prescribing tools and
 * activity finders. Public and read-only; it owns no tables and reads through other modules'
 * services. See docs/open-data-feeds.md.
 */
export const feedsModule = defineModule<{
  projects: ProjectsService;
  sessions: SessionsService;
  spaces: SpacesService;
  assets: AssetsService;
}>()({
  name: 'feeds',
  services: (deps) => ({ feeds: createFeedsService(deps) }),
  paths: feedPaths,
  async register(app, { feeds }) {
    await app.register(feedsApi, { feeds });
  },
});
