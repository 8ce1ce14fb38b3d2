import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import type { ModuleManifest } from '../../platform/modules.js';
import { spaces } from './spaces.schema.js';

export type Space = typeof spaces.$inferSelect;
export { spaceKinds } from './spaces.schema.js';

/** Spaces: what other modules may ask of them. */
export function createSpacesService(db: Db) {
  return {
    async findInPlace(placeId: string, id: string): Promise<Space | undefined> {
      const rows = await db
        .select()
        .from(spaces)
        .where(and(eq(spaces.placeId, placeId), eq(spaces.id, id)))
        .limit(1);
      return rows[0];
    },
  };
}
export type SpacesService = ReturnType<typeof createSpacesService>;

export const spacesModule: ModuleManifest<{ spaces: SpacesService }> = {
  name: 'spaces',
  async register() {
    // Routes arrive with the spaces pages and API.
  },
};
