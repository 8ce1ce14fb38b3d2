import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { spaces } from './spaces.schema.js';

/** What other modules show of a space beside their own rows (a session's venue). */
export type SpaceFact = { id: string; name: string; address: string | null; areaId: string | null };

/** Set-based reads of spaces for other modules: one query per set, scoped by place. */
export function createSpaceFacts(db: Db) {
  return {
    async byIds(placeId: string, ids: string[]): Promise<Map<string, SpaceFact>> {
      if (ids.length === 0) return new Map();
      const rows = await db
        .select({ id: spaces.id, name: spaces.name, address: spaces.address, areaId: spaces.areaId })
        .from(spaces)
        .where(and(eq(spaces.placeId, placeId), inArray(spaces.id, [...new Set(ids)])));
      return new Map(rows.map((r) => [r.id, r]));
    },

    /** Every space of the place by name, for a select. */
    async choices(placeId: string): Promise<{ id: string; name: string }[]> {
      return db
        .select({ id: spaces.id, name: spaces.name })
        .from(spaces)
        .where(eq(spaces.placeId, placeId))
        .orderBy(asc(spaces.name));
    },
  };
}
export type SpaceFacts = ReturnType<typeof createSpaceFacts>;
