import type { ActionContext, Role } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Conflict, Forbidden, Invalid, NotFound, TooManyRequests } from '../../platform/errors.js';
import type { PasswordHasher } from '../../platform/passwords.js';
import { hashToken, randomToken } from '../../platform/tokens.js';
import type { AreasService } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import type { MailService } from '../mail/index.js';
import { emails } from './accounts.emails.js';
import { createAccountsRepository, type PeopleFilter, type TokenPurpose, type User } from './accounts.repository.js';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 14 * DAY;
const SESSION_TOUCH_MS = HOUR;

export type AccountsDeps = {
  db: Db;
  hasher: PasswordHasher;
  mail: MailService;
  areas: AreasService;
  signIn: { maxAttempts: number; windowMinutes: number };
  now?: () => Date;
};

/** Where links in emails point: the place's own address as the person used it. */
export type LinkContext = { baseUrl: string; placeName: string };

export type SignInResult = { sessionToken: string; user: User };

/**
 * Records a change to an account. `self` marks actions the person takes on their own account
 * (signing up, following an email link) where the request has no signed-in actor yet.
 */
function auditAccount(
  db: Db,
  ctx: ActionContext,
  action: string,
  userId: string,
  opts: { self?: boolean; changes?: Record<string, unknown> } = {},
) {
  const actorCtx: ActionContext = opts.self ? { ...ctx, actor: { type: 'user', id: userId } } : ctx;
  return recordAudit(db, actorCtx, { action, subjectType: 'user', subjectId: userId, changes: opts.changes });
}

export function createAccountsService(deps: AccountsDeps) {
  const { db, hasher, mail, areas } = deps;
  const now = deps.now ?? (() => new Date());
  const repo = createAccountsRepository(db);

  async function checkHomeArea(placeId: string, areaId: string | null, field = 'homeAreaId') {
    if (areaId && !(await areas.findInPlace(placeId, areaId))) {
      throw new Invalid([{ field, message: 'Select a ward from the list' }]);
    }
  }

  async function issueToken(
    tx: Db,
    user: User,
    purpose: TokenPurpose,
    ttlMs: number,
    newEmail?: string,
  ): Promise<string> {
    const r = createAccountsRepository(tx);
    await r.useTokens(user.placeId, user.id, purpose, now());
    const token = randomToken();
    await r.insertToken({
      tokenHash: hashToken(token),
      placeId: user.placeId,
      userId: user.id,
      purpose,
      newEmail: newEmail ?? null,
      expiresAt: new Date(now().getTime() + ttlMs),
    });
    return token;
  }

  async function createSession(placeId: string, userId: string): Promise<string> {
    const token = randomToken();
    await repo.insertSession({
      idHash: hashToken(token),
      placeId,
      userId,
      expiresAt: new Date(now().getTime() + SESSION_LIFETIME_MS),
    });
    return token;
  }

  function throttleKeys(email: string, ip: string | null): string[] {
    const keys = [`email:${hashToken(email)}`];
    if (ip) keys.push(`ip:${ip}`);
    return keys;
  }

  return {
    /**
     * Creates a resident account and emails a confirmation link. If the address already has an
     * account, the page says the same thing and that person gets an email instead, so the form
     * can't be used to find out who has an account.
     */
    async signUp(
      ctx: ActionContext,
      input: { displayName: string; email: string; password: string; homeAreaId: string | null },
      link: LinkContext,
    ): Promise<void> {
      await checkHomeArea(ctx.placeId, input.homeAreaId);
      const existing = await repo.findByEmail(ctx.placeId, input.email);
      if (existing) {
        await mail.send(
          ctx.placeId,
          emails.alreadyRegistered(
            input.email,
            link.placeName,
            `${link.baseUrl}/sign-in`,
            `${link.baseUrl}/forgot-password`,
          ),
        );
        return;
      }
      const passwordHash = await hasher.hash(input.password);
      const { user, token } = await db.transaction(async (tx) => {
        const user = await createAccountsRepository(tx).insert({
          placeId: ctx.placeId,
          email: input.email,
          passwordHash,
          displayName: input.displayName,
          homeAreaId: input.homeAreaId,
          role: 'resident',
        });
        const token = await issueToken(tx, user, 'verify_email', DAY);
        await auditAccount(tx, ctx, 'account.created', user.id, {
          self: true,
          changes: { role: 'resident', homeAreaId: input.homeAreaId },
        });
        return { user, token };
      });
      await mail.send(
        ctx.placeId,
        emails.verifyEmail(
          input.email,
          link.placeName,
          user.displayName,
          `${link.baseUrl}/verify-email?token=${token}`,
        ),
      );
    },

    async verifyEmail(ctx: ActionContext, token: string): Promise<User> {
      return db.transaction(async (tx) => {
        const r = createAccountsRepository(tx);
        const row = await r.findUsableToken(ctx.placeId, hashToken(token), 'verify_email', now());
        if (!row) throw new NotFound('This link has expired or has already been used.');
        await r.useTokens(ctx.placeId, row.userId, 'verify_email', now());
        const user = await r.update(ctx.placeId, row.userId, { emailVerifiedAt: now() });
        await auditAccount(tx, ctx, 'account.email_verified', user.id, { self: true });
        return user;
      });
    },

    async resendVerification(ctx: ActionContext, userId: string, link: LinkContext): Promise<void> {
      const user = await repo.findById(ctx.placeId, userId);
      if (!user?.email || user.emailVerifiedAt) return;
      const token = await db.transaction((tx) => issueToken(tx, user, 'verify_email', DAY));
      await mail.send(
        ctx.placeId,
        emails.verifyEmail(user.email, link.placeName, user.displayName, `${link.baseUrl}/verify-email?token=${token}`),
      );
    },

    /**
     * Checks a password. Failed attempts are counted per address and per network address;
     * past the limit, sign-in is refused until the window has passed, even with the right password.
     */
    async signIn(ctx: ActionContext, email: string, password: string): Promise<SignInResult> {
      const windowMs = deps.signIn.windowMinutes * 60 * 1000;
      const since = new Date(now().getTime() - windowMs);
      const keys = throttleKeys(email, ctx.ip);
      for (const key of keys) {
        const { n, oldest } = await repo.countFailures(ctx.placeId, key, since);
        // Per network address the limit is looser: many people can share one (a library, a hub).
        const limit = key.startsWith('ip:') ? deps.signIn.maxAttempts * 10 : deps.signIn.maxAttempts;
        if (n >= limit) {
          const wait = oldest ? Math.max(60, Math.ceil((oldest.getTime() + windowMs - now().getTime()) / 1000)) : 60;
          const minutes = Math.ceil(wait / 60);
          throw new TooManyRequests(
            `You have tried to sign in too many times. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} and try again, or reset your password.`,
            wait,
          );
        }
      }
      const user = await repo.findByEmail(ctx.placeId, email);
      const ok = user?.passwordHash
        ? await hasher.verify(password, user.passwordHash)
        : (await hasher.dummyVerify(password), false);
      if (!user || !ok) {
        for (const key of keys) await repo.recordFailure(ctx.placeId, key, now());
        await repo.pruneFailures(new Date(now().getTime() - DAY));
        throw new Invalid([{ field: 'email', message: 'Enter a correct email address and password' }]);
      }
      await repo.clearFailures(ctx.placeId, keys[0]!);
      await repo.deleteExpiredSessions(now());
      const sessionToken = await createSession(ctx.placeId, user.id);
      await auditAccount(db, ctx, 'account.signed_in', user.id, { self: true });
      return { sessionToken, user };
    },

    /** The signed-in user for a session cookie, sliding the expiry forward at most once an hour. */
    async userForSession(placeId: string, sessionToken: string): Promise<User | undefined> {
      const idHash = hashToken(sessionToken);
      const found = await repo.findSession(placeId, idHash, now());
      if (!found) return undefined;
      if (now().getTime() - found.session.lastSeenAt.getTime() > SESSION_TOUCH_MS) {
        await repo.touchSession(idHash, now(), new Date(now().getTime() + SESSION_LIFETIME_MS));
      }
      return found.user;
    },

    async signOut(sessionToken: string): Promise<void> {
      await repo.deleteSession(hashToken(sessionToken));
    },

    async requestPasswordReset(ctx: ActionContext, email: string, link: LinkContext): Promise<void> {
      const user = await repo.findByEmail(ctx.placeId, email);
      if (!user?.email) return; // same page either way: no account enumeration
      const token = await db.transaction((tx) => issueToken(tx, user, 'reset_password', HOUR));
      await mail.send(
        ctx.placeId,
        emails.resetPassword(
          user.email,
          link.placeName,
          user.displayName,
          `${link.baseUrl}/reset-password?token=${token}`,
        ),
      );
    },

    async isResetTokenUsable(placeId: string, token: string): Promise<boolean> {
      return Boolean(await repo.findUsableToken(placeId, hashToken(token), 'reset_password', now()));
    },

    async resetPassword(ctx: ActionContext, token: string, password: string, link: LinkContext): Promise<User> {
      const passwordHash = await hasher.hash(password);
      const user = await db.transaction(async (tx) => {
        const r = createAccountsRepository(tx);
        const row = await r.findUsableToken(ctx.placeId, hashToken(token), 'reset_password', now());
        if (!row) throw new NotFound('This link has expired or has already been used. Ask for a new one.');
        await r.useTokens(ctx.placeId, row.userId, 'reset_password', now());
        const before = await r.findById(ctx.placeId, row.userId);
        const user = await r.update(ctx.placeId, row.userId, {
          passwordHash,
          // Following the link proves they control the address.
          emailVerifiedAt: before?.emailVerifiedAt ?? now(),
        });
        await r.deleteSessionsOfUser(ctx.placeId, user.id);
        await auditAccount(tx, ctx, 'account.password_reset', user.id, { self: true });
        return user;
      });
      if (user.email)
        await mail.send(ctx.placeId, emails.passwordChanged(user.email, link.placeName, user.displayName));
      return user;
    },

    async updateDetails(
      ctx: ActionContext,
      userId: string,
      input: { displayName: string; homeAreaId: string | null },
    ): Promise<User> {
      await checkHomeArea(ctx.placeId, input.homeAreaId);
      return db.transaction(async (tx) => {
        const r = createAccountsRepository(tx);
        const before = await r.findById(ctx.placeId, userId);
        if (!before) throw new NotFound();
        const user = await r.update(ctx.placeId, userId, input);
        await auditAccount(tx, ctx, 'account.details_changed', userId, {
          changes: { fields: changedFields(before, user, ['displayName', 'homeAreaId']) },
        });
        return user;
      });
    },

    async requestEmailChange(
      ctx: ActionContext,
      userId: string,
      input: { email: string; password: string },
      link: LinkContext,
    ): Promise<void> {
      const user = await repo.findById(ctx.placeId, userId);
      if (!user) throw new NotFound();
      if (!user.passwordHash || !(await hasher.verify(input.password, user.passwordHash))) {
        throw new Invalid([{ field: 'password', message: 'Your password is not correct' }]);
      }
      if (input.email === user.email) {
        throw new Invalid([{ field: 'email', message: 'Enter a different email address from the one you use now' }]);
      }
      if (await repo.findByEmail(ctx.placeId, input.email)) {
        throw new Invalid([{ field: 'email', message: 'Another account already uses this email address' }]);
      }
      const token = await db.transaction(async (tx) => {
        const t = await issueToken(tx, user, 'change_email', DAY, input.email);
        await auditAccount(tx, ctx, 'account.email_change_requested', userId);
        return t;
      });
      await mail.send(
        ctx.placeId,
        emails.confirmNewEmail(
          input.email,
          link.placeName,
          user.displayName,
          `${link.baseUrl}/confirm-email?token=${token}`,
        ),
      );
      if (user.email) {
        await mail.send(
          ctx.placeId,
          emails.emailChangeRequested(user.email, link.placeName, user.displayName, input.email),
        );
      }
    },

    async confirmEmailChange(ctx: ActionContext, token: string): Promise<User> {
      return db.transaction(async (tx) => {
        const r = createAccountsRepository(tx);
        const row = await r.findUsableToken(ctx.placeId, hashToken(token), 'change_email', now());
        if (!row?.newEmail) throw new NotFound('This link has expired or has already been used.');
        if (await r.findByEmail(ctx.placeId, row.newEmail)) {
          throw new Conflict('Another account now uses this email address, so we could not change yours.');
        }
        await r.useTokens(ctx.placeId, row.userId, 'change_email', now());
        const user = await r.update(ctx.placeId, row.userId, { email: row.newEmail, emailVerifiedAt: now() });
        await auditAccount(tx, ctx, 'account.email_changed', user.id, { self: true });
        return user;
      });
    },

    async changePassword(
      ctx: ActionContext,
      userId: string,
      input: { currentPassword: string; password: string },
      currentSessionToken: string | undefined,
      link: LinkContext,
    ): Promise<void> {
      const user = await repo.findById(ctx.placeId, userId);
      if (!user) throw new NotFound();
      if (!user.passwordHash || !(await hasher.verify(input.currentPassword, user.passwordHash))) {
        throw new Invalid([{ field: 'currentPassword', message: 'Your current password is not correct' }]);
      }
      const passwordHash = await hasher.hash(input.password);
      await db.transaction(async (tx) => {
        const r = createAccountsRepository(tx);
        await r.update(ctx.placeId, userId, { passwordHash });
        await r.deleteSessionsOfUser(
          ctx.placeId,
          userId,
          currentSessionToken ? hashToken(currentSessionToken) : undefined,
        );
        await auditAccount(tx, ctx, 'account.password_changed', userId);
      });
      if (user.email)
        await mail.send(ctx.placeId, emails.passwordChanged(user.email, link.placeName, user.displayName));
    },

    /** Those of these people who can be emailed (a verified address), for modules that tell people things. */
    verifiedContacts: (placeId: string, userIds: string[]) => repo.verifiedContacts(placeId, userIds),

    /** Everything we hold about a person, for a subject access request (UK GDPR Article 15). */
    async exportPersonalData(placeId: string, userId: string) {
      const user = await repo.findById(placeId, userId);
      if (!user) throw new NotFound();
      const area = user.homeAreaId ? await areas.findInPlace(placeId, user.homeAreaId) : undefined;
      return {
        exportedAt: now().toISOString(),
        account: {
          id: user.id,
          name: user.displayName,
          email: user.email,
          emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
          homeWard: area ? { code: area.code, name: area.name } : null,
          role: user.role,
          assisted: user.assisted,
          consentMethod: user.consentMethod,
          createdAt: user.createdAt.toISOString(),
          updatedAt: user.updatedAt.toISOString(),
        },
      };
    },

    /** Erases an account (UK GDPR Article 17). The audit log keeps only the id, which no longer points to anyone. */
    async deleteAccount(ctx: ActionContext, userId: string, password: string): Promise<void> {
      const user = await repo.findById(ctx.placeId, userId);
      if (!user) throw new NotFound();
      if (!user.passwordHash || !(await hasher.verify(password, user.passwordHash))) {
        throw new Invalid([{ field: 'password', message: 'Your password is not correct' }]);
      }
      if (user.role === 'admin' && (await repo.countAdmins(ctx.placeId)) <= 1) {
        throw new Invalid([
          { field: 'password', message: 'You are the only administrator. Make someone else an administrator first.' },
        ]);
      }
      await db.transaction(async (tx) => {
        await createAccountsRepository(tx).delete(ctx.placeId, userId);
        await auditAccount(tx, ctx, 'account.deleted', userId);
      });
    },

    // Staff use cases

    findPerson: (placeId: string, id: string) => repo.findById(placeId, id),
    findByEmail: (placeId: string, email: string) => repo.findByEmail(placeId, email),
    listPeople: (placeId: string, filter: PeopleFilter, limit: number, offset: number) =>
      repo.list(placeId, filter, limit, offset),
    countPeople: (placeId: string, filter: PeopleFilter) => repo.count(placeId, filter),

    /** Admins change roles. The last admin of a place cannot remove their own access. */
    async changeRole(ctx: ActionContext, actorRole: Role, targetId: string, role: Role): Promise<User> {
      if (actorRole !== 'admin') throw new Forbidden('Only administrators can change roles.');
      return db.transaction(async (tx) => {
        const r = createAccountsRepository(tx);
        const target = await r.findById(ctx.placeId, targetId);
        if (!target) throw new NotFound('There is no such person in this place.');
        if (target.role === role) return target;
        if (target.role === 'admin' && (await r.countAdmins(ctx.placeId)) <= 1) {
          throw new Invalid([
            { field: 'role', message: 'This is the only administrator. Make someone else an administrator first.' },
          ]);
        }
        if (target.assisted && role !== 'resident') {
          throw new Invalid([
            { field: 'role', message: 'Assisted accounts cannot sign in, so they can only be residents' },
          ]);
        }
        const user = await r.update(ctx.placeId, targetId, { role });
        if (role !== target.role) await r.deleteSessionsOfUser(ctx.placeId, targetId); // new powers or fewer: sign in again
        await auditAccount(tx, ctx, 'account.role_changed', targetId, {
          changes: { role: { from: target.role, to: role } },
        });
        return user;
      });
    },

    /** An account for a resident without email, made by staff with the resident's recorded consent. */
    async createAssisted(
      ctx: ActionContext & { actor: { type: 'user'; id: string } },
      input: { displayName: string; homeAreaId: string; consentMethod: string },
    ): Promise<User> {
      await checkHomeArea(ctx.placeId, input.homeAreaId);
      return db.transaction(async (tx) => {
        const user = await createAccountsRepository(tx).insert({
          placeId: ctx.placeId,
          email: null,
          passwordHash: null,
          displayName: input.displayName,
          homeAreaId: input.homeAreaId,
          role: 'resident',
          assisted: true,
          consentRecordedBy: ctx.actor.id,
          consentRecordedAt: now(),
          consentMethod: input.consentMethod,
        });
        await auditAccount(tx, ctx, 'account.assisted_created', user.id, {
          changes: { homeAreaId: input.homeAreaId, consentMethod: input.consentMethod },
        });
        return user;
      });
    },

    /** For the command line and seeding: a verified account with a chosen role. */
    async createUser(
      ctx: ActionContext,
      input: { displayName: string; email: string; role: Role; homeAreaId?: string | null } & (
        { password: string } | { passwordHash: string }
      ),
    ): Promise<User> {
      if (await repo.findByEmail(ctx.placeId, input.email)) {
        throw new Conflict(`An account with the email address ${input.email} already exists in this place.`);
      }
      // Seeding many people with one password can hash it once.
      const passwordHash = 'passwordHash' in input ? input.passwordHash : await hasher.hash(input.password);
      return db.transaction(async (tx) => {
        const user = await createAccountsRepository(tx).insert({
          placeId: ctx.placeId,
          email: input.email,
          emailVerifiedAt: now(),
          passwordHash,
          displayName: input.displayName,
          homeAreaId: input.homeAreaId ?? null,
          role: input.role,
        });
        await auditAccount(tx, ctx, 'account.created', user.id, { changes: { role: input.role } });
        return user;
      });
    },
  };
}

/** Names of the fields that changed: the audit log records that a name changed, not the name. */
function changedFields<T extends Record<string, unknown>>(before: T, after: T, keys: (keyof T & string)[]): string[] {
  return keys.filter((k) => before[k] !== after[k]);
}

export type AccountsService = ReturnType<typeof createAccountsService>;
