import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { containing, selectUsersByIds } from './accounts.repository.js';
import { users } from './accounts.schema.js';

/** What other modules may know of a person: their name, address and home ward. */
export type Person = { id: string; displayName: string; email: string | null; homeAreaId: string | null };

const person = { id: users.id, displayName: users.displayName, email: users.email, homeAreaId: users.homeAreaId };

/**
 * Looking people up in sets, for the modules that show names beside their own rows (bookings,
 * registers, sign-in sheets): one query per set, never one per person. Every query is scoped by place.
 */
export function createPeopleDirectory(db: Db) {
  /** The people of the place who also meet `where`. */
  const inPlace = (placeId: string, where: SQL | undefined) =>
    db
      .select(person)
      .from(users)
      .where(and(eq(users.placeId, placeId), where));
  return {
    async byIds(placeId: string, ids: string[]): Promise<Person[]> {
      if (ids.length === 0) return [];
      return selectUsersByIds(db, person, placeId, ids);
    },

    /** People whose name (or, when `byEmail`, address) contains `q`, by name. */
    async search(placeId: string, q: string, opts: { byEmail: boolean; limit: number }): Promise<Person[]> {
      const like = containing(q);
      return inPlace(
        placeId,
        opts.byEmail ? or(ilike(users.displayName, like), ilike(users.email, like)) : ilike(users.displayName, like),
      )
        .orderBy(asc(users.displayName))
        .limit(opts.limit);
    },

    /** People whose name is exactly one of `names`, ignoring case and surrounding spaces. */
    async byNames(placeId: string, names: string[]): Promise<Person[]> {
      if (names.length === 0) return [];
      return inPlace(
        placeId,
        inArray(
          sql`lower(trim(${users.displayName}))`,
          names.map((n) => n.toLowerCase()),
        ),
      );
    },

    /** People by address (addresses are stored lower-cased). */
    async byEmails(placeId: string, emails: string[]): Promise<Person[]> {
      if (emails.length === 0) return [];
      return inPlace(
        placeId,
        inArray(
          users.email,
          emails.map((e) => e.toLowerCase()),
        ),
      );
    },
  };
}
export type PeopleDirectory = ReturnType<typeof createPeopleDirectory>;
