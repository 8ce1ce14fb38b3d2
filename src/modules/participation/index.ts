import type { ModuleManifest } from '../../platform/modules.js';

export const participationModule: ModuleManifest<object> = {
  name: 'participation',
  async register() {
    // Routes arrive with attendance recording, the dashboard and the stats API.
  },
};
