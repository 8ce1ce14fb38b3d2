import { and, asc, count, desc, eq, gt, ilike, inArray, isNotNull, isNull, lt, ne, or, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import type { Role } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { emailTokens, loginSessions, signInFailures, users } from './accounts.schema.js';

export type User = typeof users.$inferSelect;
export type NewUser = Omit<typeof users.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;
export type TokenPurpose = (typeof emailTokens.$inferSelect)['purpose'];

export type PeopleFilter = { role?: Role | undefined; search?: string | undefined };

/** An ILIKE pattern for text that contains `q`, its wildcards taken literally. */
export const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The people of a place with these ids (each id asked for once), with the columns in `fields`: the
 * one query by ids behind both the accounts service and the people directory.
 */
export function selectUsersByIds<F extends SelectedFields>(db: Db, fields: F, placeId: string, ids: string[]) {
  return db
    .select(fields)
    .from(users)
    .where(and(eq(users.placeId, placeId), inArray(users.id, [...new Set(ids)])));
}

export function createAccountsRepository(db: Db) {
  /** The first person of the place who also meets `where`. */
  const firstUser = async (placeId: string, where: SQL): Promise<User | undefined> => {
    const rows = await db
      .select()
      .from(users)
      .where(and(eq(users.placeId, placeId), where))
      .limit(1);
    return rows[0];
  };
  /** A place's email tokens of one purpose not used yet. */
  const unusedTokens = (placeId: string, purpose: TokenPurpose) => [
    eq(emailTokens.placeId, placeId),
    eq(emailTokens.purpose, purpose),
    isNull(emailTokens.usedAt),
  ];
  return {
    findById: (placeId: string, id: string) => firstUser(placeId, eq(users.id, id)),
    /** Those of these people who can be emailed: a verified address, in this place. */
    async verifiedContacts(placeId: string, ids: string[]): Promise<{ id: string; email: string; name: string }[]> {
      const out: { id: string; email: string; name: string }[] = [];
      // In batches, so a long list stays within the protocol's limit on parameters.
      for (let i = 0; i < ids.length; i += 10_000) {
        const rows = await db
          .select({ id: users.id, email: users.email, name: users.displayName })
          .from(users)
          .where(
            and(
              eq(users.placeId, placeId),
              inArray(users.id, ids.slice(i, i + 10_000)),
              isNotNull(users.email),
              isNotNull(users.emailVerifiedAt),
            ),
          );
        for (const r of rows) out.push({ id: r.id, email: r.email!, name: r.name });
      }
      return out;
    },
    findByEmail: (placeId: string, email: string) => firstUser(placeId, eq(users.email, email)),
    async insert(values: NewUser): Promise<User> {
      const [row] = await db.insert(users).values(values).returning();
      return row!;
    },
    async update(placeId: string, id: string, values: Partial<NewUser>): Promise<User> {
      const [row] = await db
        .update(users)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(users.placeId, placeId), eq(users.id, id)))
        .returning();
      return row!;
    },
    async delete(placeId: string, id: string): Promise<void> {
      await db.delete(users).where(and(eq(users.placeId, placeId), eq(users.id, id)));
    },
    async list(placeId: string, filter: PeopleFilter, limit: number, offset: number): Promise<User[]> {
      return db
        .select()
        .from(users)
        .where(peopleWhere(placeId, filter))
        .orderBy(asc(users.displayName), asc(users.id))
        .limit(limit)
        .offset(offset);
    },
    async count(placeId: string, filter: PeopleFilter): Promise<number> {
      const [row] = await db.select({ n: count() }).from(users).where(peopleWhere(placeId, filter));
      return row?.n ?? 0;
    },
    async countAdmins(placeId: string): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.placeId, placeId), eq(users.role, 'admin')));
      return row?.n ?? 0;
    },

    // Sessions
    async insertSession(values: typeof loginSessions.$inferInsert): Promise<void> {
      await db.insert(loginSessions).values(values);
    },
    async findSession(placeId: string, idHash: string, now: Date) {
      const rows = await db
        .select({ session: loginSessions, user: users })
        .from(loginSessions)
        .innerJoin(users, eq(users.id, loginSessions.userId))
        .where(
          and(eq(loginSessions.idHash, idHash), eq(loginSessions.placeId, placeId), gt(loginSessions.expiresAt, now)),
        )
        .limit(1);
      return rows[0];
    },
    async touchSession(idHash: string, now: Date, expiresAt: Date): Promise<void> {
      await db.update(loginSessions).set({ lastSeenAt: now, expiresAt }).where(eq(loginSessions.idHash, idHash));
    },
    async deleteSession(idHash: string): Promise<void> {
      await db.delete(loginSessions).where(eq(loginSessions.idHash, idHash));
    },
    async deleteSessionsOfUser(placeId: string, userId: string, exceptHash?: string): Promise<void> {
      const ofUser = and(eq(loginSessions.placeId, placeId), eq(loginSessions.userId, userId));
      await db.delete(loginSessions).where(exceptHash ? and(ofUser, ne(loginSessions.idHash, exceptHash)) : ofUser);
    },
    async deleteExpiredSessions(now: Date): Promise<void> {
      await db.delete(loginSessions).where(lt(loginSessions.expiresAt, now));
    },

    // Email tokens
    async insertToken(values: typeof emailTokens.$inferInsert): Promise<void> {
      await db.insert(emailTokens).values(values);
    },
    async findUsableToken(placeId: string, tokenHash: string, purpose: TokenPurpose, now: Date) {
      const rows = await db
        .select()
        .from(emailTokens)
        .where(
          and(eq(emailTokens.tokenHash, tokenHash), ...unusedTokens(placeId, purpose), gt(emailTokens.expiresAt, now)),
        )
        .limit(1);
      return rows[0];
    },
    /** Marks every unused token of this purpose used, so only the newest link ever works. */
    async useTokens(placeId: string, userId: string, purpose: TokenPurpose, now: Date): Promise<void> {
      await db
        .update(emailTokens)
        .set({ usedAt: now })
        .where(and(eq(emailTokens.userId, userId), ...unusedTokens(placeId, purpose)));
    },

    // Sign-in throttling
    async recordFailure(placeId: string, key: string, at: Date): Promise<void> {
      await db.insert(signInFailures).values({ placeId, key, at });
    },
    async countFailures(placeId: string, key: string, since: Date): Promise<{ n: number; oldest: Date | null }> {
      const rows = await db
        .select({ at: signInFailures.at })
        .from(signInFailures)
        .where(and(eq(signInFailures.placeId, placeId), eq(signInFailures.key, key), gt(signInFailures.at, since)))
        .orderBy(desc(signInFailures.at));
      return { n: rows.length, oldest: rows.at(-1)?.at ?? null };
    },
    async clearFailures(placeId: string, key: string): Promise<void> {
      await db.delete(signInFailures).where(and(eq(signInFailures.placeId, placeId), eq(signInFailures.key, key)));
    },
    async pruneFailures(before: Date): Promise<void> {
      await db.delete(signInFailures).where(lt(signInFailures.at, before));
    },
  };
}

function peopleWhere(placeId: string, filter: PeopleFilter): SQL | undefined {
  const where: (SQL | undefined)[] = [eq(users.placeId, placeId)];
  if (filter.role) where.push(eq(users.role, filter.role));
  if (filter.search) {
    const like = containing(filter.search);
    where.push(or(ilike(users.displayName, like), ilike(users.email, like)));
  }
  return and(...where);
}
