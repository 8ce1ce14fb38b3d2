import { createHash } from 'node:crypto';
import { londonEndOfDay, londonStartOfDay } from '../../lib/london-time.js';
import { pickNextStatement } from '../../lib/polis/index.js';
import type { ActionContext, CurrentUser } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Conflict, Forbidden, Invalid, NotFound, TooManyRequests, Unauthorized } from '../../platform/errors.js';
import { recordAudit } from '../../core/audit/index.js';
import type { AnalysisRunner } from './conversations.analysis.js';
import { conversationPermissions } from './conversations.permissions.js';
import {
  createConversationsRepository,
  type Conversation,
  type Participant,
  type Statement,
} from './conversations.repository.js';
import { statementKey, voteChoices, type ConversationInput, type VoteChoice } from './conversations.validation.js';

type Viewer = Pick<CurrentUser, 'id' | 'placeId' | 'role'>;

/**
 * Who is taking part: a signed-in person, or a pseudonym known by the random token in their
 * cookie for this conversation (only its SHA-256 is stored).
 */
export type Identity = { userId: string } | { token: string };

/** Limits that keep one participant from flooding a conversation. */
export type ConversationLimits = {
  /** Votes per participant per minute. */
  votesPerMinute: number;
  /** Statements per participant per hour. */
  statementsPerHour: number;
};

export const DEFAULT_LIMITS: ConversationLimits = { votesPerMinute: 40, statementsPerHour: 10 };

export type ConversationsDeps = {
  analysis: AnalysisRunner;
  limits?: Partial<ConversationLimits>;
  now?: () => Date;
  /** For the next statement's draw; seeded in tests. */
  random?: () => number;
};

/** Why a conversation is not taking votes now, or null when it is. */
export function notAccepting(c: Conversation, at: Date): string | null {
  if (c.status === 'draft') return 'This conversation has not opened yet.';
  if (c.status === 'closed' || (c.closesAt && at >= c.closesAt)) return 'This conversation has closed.';
  if (c.opensAt && at < c.opensAt) return 'This conversation has not opened yet.';
  return null;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/** What a participant sees: one statement at a time and how far they have got. */
export type Ballot = {
  participant: Participant | undefined;
  /** Statements published for voting. */
  total: number;
  /** Of those, how many this participant has voted on. */
  voted: number;
  next: Statement | undefined;
  /** Their own statements waiting for moderation. */
  waiting: number;
  /** Their own statements a moderator removed, with the reason. */
  removed: { text: string; reason: string | null }[];
};

/**
 * Conversations: officers open them with seed statements, participants vote one statement at a
 * time and add their own, officers moderate; every vote queues a background recompute.
 */
export function createConversationsService(db: Db, deps: ConversationsDeps) {
  const repo = createConversationsRepository(db);
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;

  const dates = (input: ConversationInput) => ({
    opensAt: input.opensOn ? londonStartOfDay(input.opensOn) : null,
    closesAt: input.closesOn ? londonEndOfDay(input.closesOn) : null,
  });

  function requireManager(viewer: Viewer | null, placeId: string) {
    if (!conversationPermissions.canManage(viewer, placeId))
      throw new Forbidden('Only council officers can run conversations.');
  }

  async function find(placeId: string, id: string): Promise<Conversation> {
    const c = await repo.find(placeId, id);
    if (!c) throw new NotFound('There is no such conversation.');
    return c;
  }

  async function visible(viewer: Viewer | null, placeId: string, id: string): Promise<Conversation> {
    const c = await find(placeId, id);
    if (!conversationPermissions.canSee(viewer, c)) throw new NotFound('There is no such conversation.');
    return c;
  }

  async function addSeeds(tx: Db, ctx: ActionContext, c: Conversation, seeds: string[], by: string | null) {
    if (seeds.length === 0) return [];
    const r = createConversationsRepository(tx);
    const problems: { field: string; message: string }[] = [];
    for (const text of seeds) {
      if (await r.statementByTextKey(c.placeId, c.id, statementKey(text)))
        problems.push({ field: 'seeds', message: `“${text}” is already a statement in this conversation` });
    }
    if (problems.length) throw new Invalid(problems.slice(0, 1));
    const first = await r.allocate(c.placeId, c.id, 'statement', seeds.length);
    const at = now();
    const rows = await r.insertStatements(
      seeds.map((text, i) => ({
        placeId: ctx.placeId,
        conversationId: c.id,
        number: first + i,
        text,
        textKey: statementKey(text),
        isSeed: true,
        status: 'accepted' as const,
        moderatedBy: by,
        moderatedAt: at,
        createdAt: at,
      })),
    );
    await recordAudit(tx, ctx, {
      action: 'conversation.seeds_added',
      subjectType: 'conversation',
      subjectId: c.id,
      changes: { statements: rows.map((s) => s.number) },
    });
    return rows;
  }

  /** The participant for an identity, created on first use when `create` (inside the caller's transaction). */
  async function participantFor(
    tx: Db,
    c: Conversation,
    identity: Identity,
    create: boolean,
  ): Promise<Participant | undefined> {
    const r = createConversationsRepository(tx);
    const lookUp = () =>
      'userId' in identity
        ? r.participantByUser(c.placeId, c.id, identity.userId)
        : r.participantByToken(c.placeId, c.id, hashToken(identity.token));
    const found = await lookUp();
    if (found || !create) return found;
    // Two first votes at once (a double click) must make one participant: look again under the lock.
    await r.lock(c.placeId, c.id);
    const raced = await lookUp();
    if (raced) return raced;
    const number = await r.allocate(c.placeId, c.id, 'participant', 1);
    return r.insertParticipant({
      placeId: c.placeId,
      conversationId: c.id,
      number,
      userId: 'userId' in identity ? identity.userId : null,
      tokenHash: 'token' in identity ? hashToken(identity.token) : null,
      createdAt: now(),
    });
  }

  /** Refuses an identity the conversation does not let take part. */
  function checkIdentity(c: Conversation, identity: Identity | null): Identity {
    if (!identity) throw new Unauthorized('Sign in to take part in this conversation.');
    if ('token' in identity && !(c.audience === 'link' && c.anonymousAllowed))
      throw new Forbidden('Sign in to take part in this conversation.');
    return identity;
  }

  /** A conversation of another place is, to this one, not there at all. */
  function inPlace(ctx: ActionContext, c: Conversation) {
    if (c.placeId !== ctx.placeId) throw new NotFound('There is no such conversation.');
  }

  function checkAccepting(c: Conversation) {
    const why = notAccepting(c, now());
    if (why) throw new Conflict(why);
  }

  /**
   * Moves one of the place's conversations to `to`, in a transaction: `check` refuses by throwing,
   * the change is audited as conversation.opened or conversation.closed, and `after` runs last.
   */
  async function changeStatus(
    ctx: ActionContext,
    user: Viewer,
    id: string,
    to: 'open' | 'closed',
    check: (c: Conversation, r: ReturnType<typeof createConversationsRepository>) => Promise<void> | void,
    after?: () => void,
  ): Promise<Conversation> {
    requireManager(user, ctx.placeId);
    return db.transaction(async (tx) => {
      const r = createConversationsRepository(tx);
      const c = await r.find(ctx.placeId, id);
      if (!c) throw new NotFound('There is no such conversation.');
      await check(c, r);
      const updated = await r.setStatus(ctx.placeId, id, to, now());
      await recordAudit(tx, ctx, {
        action: to === 'open' ? 'conversation.opened' : 'conversation.closed',
        subjectType: 'conversation',
        subjectId: id,
        changes: { status: { from: c.status, to } },
      });
      after?.();
      return updated;
    });
  }

  return {
    analysis: deps.analysis,
    limits,
    /** Runs every queued recompute now; tests call this instead of waiting for timers. */
    runPendingAnalyses: () => deps.analysis.runPendingAnalyses(),

    /** Conversations the viewer may see, newest first: drafts only for officers. */
    async list(viewer: Viewer | null, placeId: string, limit = 100, after?: { createdAt: Date; id: string }) {
      const list = await repo.list(placeId, {
        includeDrafts: conversationPermissions.canManage(viewer, placeId),
        limit,
        after,
      });
      const manager = conversationPermissions.canManage(viewer, placeId);
      const [counts, pending] = await Promise.all([
        repo.voteCounts(
          placeId,
          list.map((c) => c.id),
        ),
        manager
          ? repo.pendingCounts(
              placeId,
              list.map((c) => c.id),
            )
          : Promise.resolve(new Map<string, number>()),
      ]);
      return list.map((c) => ({
        ...c,
        ...(counts.get(c.id) ?? { votes: 0, participants: 0 }),
        /** Statements waiting for moderation (counted for officers only). */
        pending: pending.get(c.id) ?? 0,
      }));
    },
    find,
    visible,
    notAccepting: (c: Conversation) => notAccepting(c, now()),

    async create(ctx: ActionContext, user: Viewer, input: ConversationInput): Promise<Conversation> {
      requireManager(user, ctx.placeId);
      return db.transaction(async (tx) => {
        const r = createConversationsRepository(tx);
        const c = await r.insert({
          placeId: ctx.placeId,
          question: input.question,
          context: input.context,
          ...dates(input),
          audience: input.audience,
          anonymousAllowed: input.anonymousAllowed,
          moderation: input.moderation,
          createdBy: user.id,
        });
        await recordAudit(tx, ctx, {
          action: 'conversation.created',
          subjectType: 'conversation',
          subjectId: c.id,
          changes: { question: c.question, audience: c.audience, moderation: c.moderation },
        });
        await addSeeds(tx, ctx, c, input.seeds, user.id);
        return c;
      });
    },

    /** Changes the settings and adds any new seed statements; a closed conversation is left as it was. */
    async update(ctx: ActionContext, user: Viewer, id: string, input: ConversationInput): Promise<Conversation> {
      requireManager(user, ctx.placeId);
      return db.transaction(async (tx) => {
        const r = createConversationsRepository(tx);
        const c = await r.find(ctx.placeId, id);
        if (!c) throw new NotFound('There is no such conversation.');
        if (c.status === 'closed') throw new Conflict('This conversation has closed. Reopen it to change it.');
        const updated = await r.update(ctx.placeId, id, {
          question: input.question,
          context: input.context,
          ...dates(input),
          audience: input.audience,
          anonymousAllowed: input.anonymousAllowed,
          moderation: input.moderation,
        });
        await recordAudit(tx, ctx, {
          action: 'conversation.updated',
          subjectType: 'conversation',
          subjectId: id,
          changes: { question: updated.question, audience: updated.audience, moderation: updated.moderation },
        });
        await addSeeds(tx, ctx, updated, input.seeds, user.id);
        return updated;
      });
    },

    /** Opens a draft (or reopens a closed conversation) for votes. */
    open: (ctx: ActionContext, user: Viewer, id: string): Promise<Conversation> =>
      changeStatus(ctx, user, id, 'open', async (c, r) => {
        if (c.status === 'open') throw new Conflict('This conversation is already open.');
        if (c.closesAt && now() >= c.closesAt)
          throw new Invalid([
            { field: 'closes', message: 'The closing date has passed. Change it before opening the conversation.' },
          ]);
        const counts = await r.statementCounts(ctx.placeId, id);
        if (counts.accepted === 0)
          throw new Invalid([
            { field: 'seeds', message: 'Add at least one seed statement before opening the conversation' },
          ]);
      }),

    close: (ctx: ActionContext, user: Viewer, id: string): Promise<Conversation> =>
      changeStatus(
        ctx,
        user,
        id,
        'closed',
        (c) => {
          if (c.status !== 'open') throw new Conflict('Only an open conversation can be closed.');
        },
        () => deps.analysis.notify(ctx.placeId, id),
      ),

    /** The participant's next statement (Polis's priority draw), progress and waiting statements. */
    async ballot(c: Conversation, identity: Identity | null): Promise<Ballot> {
      const [accepted, participant, priorities] = await Promise.all([
        repo.statements(c.placeId, c.id, 'accepted'),
        identity ? participantFor(db, c, identity, false) : Promise.resolve(undefined),
        repo.priorities(c.placeId, c.id),
      ]);
      const mine = participant ? await repo.latestVotes(c.placeId, participant.id) : new Map<string, number>();
      const unvoted = accepted.filter((s) => !mine.has(s.id));
      const byNumber = new Map(unvoted.map((s) => [s.number, s]));
      const pick = pickNextStatement(
        unvoted.map((s) => s.number),
        priorities,
        random,
      );
      let waiting = 0;
      let removed: { text: string; reason: string | null }[] = [];
      if (participant) {
        const mine = await repo.statementsByAuthor(c.placeId, participant.id);
        waiting = mine.filter((s) => s.status === 'pending').length;
        removed = mine
          .filter((s) => s.status === 'rejected')
          .map((s) => ({ text: s.text, reason: s.moderationReason }));
      }
      return {
        participant,
        total: accepted.length,
        voted: accepted.length - unvoted.length,
        next: pick === undefined ? undefined : byNumber.get(pick),
        waiting,
        removed,
      };
    },

    /**
     * Records a vote (append-only: a re-vote adds a row and the latest counts) and queues a
     * recompute. Refused on a closed conversation, on a statement that is not published, and
     * past the per-participant rate limit.
     */
    async vote(
      ctx: ActionContext,
      c: Conversation,
      identity: Identity | null,
      statementNumber: number,
      choice: VoteChoice,
    ): Promise<{ participant: Participant; statement: Statement }> {
      inPlace(ctx, c);
      const who = checkIdentity(c, identity);
      checkAccepting(c);
      const statement = await repo.statementByNumber(c.placeId, c.id, statementNumber);
      if (!statement || statement.status === 'pending')
        throw new Invalid([{ field: 'statement', message: 'That statement is not in this conversation.' }]);
      if (statement.status === 'rejected')
        throw new Invalid([
          { field: 'statement', message: 'That statement has been removed by a moderator, so it cannot be voted on.' },
        ]);
      const result = await db.transaction(async (tx) => {
        const participant = (await participantFor(tx, c, who, true))!;
        const since = new Date(now().getTime() - 60_000);
        if (
          (await createConversationsRepository(tx).votesSince(c.placeId, participant.id, since)) >=
          limits.votesPerMinute
        )
          throw new TooManyRequests(
            `You have voted ${limits.votesPerMinute} times in the last minute. Wait a minute, then carry on.`,
            60,
          );
        await createConversationsRepository(tx).insertVote({
          placeId: c.placeId,
          conversationId: c.id,
          participantId: participant.id,
          statementId: statement.id,
          value: voteChoices[choice],
          createdAt: now(),
        });
        return { participant, statement };
      });
      deps.analysis.notify(c.placeId, c.id);
      return result;
    },

    /**
     * A participant's own statement: published at once under permissive moderation, otherwise
     * waiting for an officer. As in Polis, the author is counted as agreeing with it.
     */
    async submitStatement(
      ctx: ActionContext,
      c: Conversation,
      identity: Identity | null,
      text: string,
    ): Promise<Statement> {
      inPlace(ctx, c);
      const who = checkIdentity(c, identity);
      checkAccepting(c);
      const key = statementKey(text);
      const duplicate = () =>
        new Invalid([
          {
            field: 'text',
            message: 'Someone has already made that statement. Vote on it instead, or say something different.',
          },
        ]);
      if (await repo.statementByTextKey(c.placeId, c.id, key)) throw duplicate();
      try {
        const statement = await db.transaction(async (tx) => {
          const r = createConversationsRepository(tx);
          const participant = (await participantFor(tx, c, who, true))!;
          const since = new Date(now().getTime() - 3_600_000);
          if ((await r.statementsBy(c.placeId, participant.id, since)) >= limits.statementsPerHour)
            throw new TooManyRequests(
              `You have added ${limits.statementsPerHour} statements in the last hour. Please wait before adding more.`,
              3600,
            );
          const number = await r.allocate(c.placeId, c.id, 'statement', 1);
          const at = now();
          const [s] = await r.insertStatements([
            {
              placeId: c.placeId,
              conversationId: c.id,
              number,
              text,
              textKey: key,
              authorParticipantId: participant.id,
              status: c.moderation === 'permissive' ? 'accepted' : 'pending',
              createdAt: at,
            },
          ]);
          await r.insertVote({
            placeId: c.placeId,
            conversationId: c.id,
            participantId: participant.id,
            statementId: s!.id,
            value: 1,
            createdAt: at,
          });
          return s!;
        });
        deps.analysis.notify(c.placeId, c.id);
        return statement;
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicate();
        throw err;
      }
    },

    /** Statements for the moderation page: waiting ones first, then the published and removed. */
    async moderationList(viewer: Viewer, c: Conversation) {
      requireManager(viewer, c.placeId);
      const all = await repo.statements(c.placeId, c.id);
      return {
        pending: all.filter((s) => s.status === 'pending'),
        accepted: all.filter((s) => s.status === 'accepted'),
        rejected: all.filter((s) => s.status === 'rejected'),
      };
    },

    /** Publishes or removes a statement (with a reason); removed statements leave voting and the maths. */
    async moderate(
      ctx: ActionContext,
      user: Viewer,
      conversationId: string,
      statementId: string,
      decision: { decision: 'accept' | 'reject'; reason: string; isMeta: boolean },
    ): Promise<Statement> {
      requireManager(user, ctx.placeId);
      const s = await repo.statement(ctx.placeId, statementId);
      if (!s || s.conversationId !== conversationId) throw new NotFound('There is no such statement.');
      const status = decision.decision === 'accept' ? 'accepted' : 'rejected';
      const updated = await db.transaction(async (tx) => {
        const row = await createConversationsRepository(tx).moderate(ctx.placeId, s.id, {
          status,
          moderationReason: decision.reason || null,
          moderatedBy: user.id,
          // Removing a statement leaves its meta mark as it was; only publishing sets it.
          isMeta: status === 'accepted' ? decision.isMeta : s.isMeta,
        });
        await recordAudit(tx, ctx, {
          action: status === 'accepted' ? 'conversation.statement_accepted' : 'conversation.statement_rejected',
          subjectType: 'conversation_statement',
          subjectId: s.id,
          changes: {
            conversation: s.conversationId,
            number: s.number,
            status: { from: s.status, to: status },
            reason: decision.reason || null,
            isMeta: status === 'accepted' ? decision.isMeta : s.isMeta,
          },
        });
        if (!row) throw new NotFound('There is no such statement.');
        return row;
      });
      deps.analysis.notify(ctx.placeId, s.conversationId);
      return updated;
    },

    /**
     * A vote from the API for an imported or administratively collected conversation: the caller
     * names the participant by its own id (kept as `external_id`). Same checks as a vote on the site.
     */
    async recordExternalVote(
      ctx: ActionContext,
      c: Conversation,
      externalId: string,
      statementNumber: number,
      value: -1 | 0 | 1,
    ): Promise<{ participantNumber: number; voteId: number }> {
      inPlace(ctx, c);
      checkAccepting(c);
      const statement = await repo.statementByNumber(c.placeId, c.id, statementNumber);
      if (!statement || statement.status === 'pending')
        throw new Invalid([{ field: 'statement', message: 'There is no published statement with that number.' }]);
      if (statement.status === 'rejected')
        throw new Invalid([{ field: 'statement', message: 'That statement has been removed by a moderator.' }]);
      const out = await db.transaction(async (tx) => {
        const r = createConversationsRepository(tx);
        let participant = await r.participantByExternalId(c.placeId, c.id, externalId);
        if (!participant) {
          await r.lock(c.placeId, c.id);
          participant = await r.participantByExternalId(c.placeId, c.id, externalId);
        }
        if (!participant) {
          const number = await r.allocate(c.placeId, c.id, 'participant', 1);
          participant = await r.insertParticipant({
            placeId: c.placeId,
            conversationId: c.id,
            number,
            externalId,
            createdAt: now(),
          });
        }
        const since = new Date(now().getTime() - 60_000);
        if ((await r.votesSince(c.placeId, participant.id, since)) >= limits.votesPerMinute)
          throw new TooManyRequests(
            `This participant has voted ${limits.votesPerMinute} times in the last minute. Wait a minute.`,
            60,
          );
        const vote = await r.insertVote({
          placeId: c.placeId,
          conversationId: c.id,
          participantId: participant.id,
          statementId: statement.id,
          value,
          createdAt: now(),
        });
        await recordAudit(tx, ctx, {
          action: 'conversation.vote_recorded',
          subjectType: 'conversation',
          subjectId: c.id,
          changes: { participant: externalId, statement: statementNumber, value },
        });
        return { participantNumber: participant.number, voteId: vote.id };
      });
      deps.analysis.notify(c.placeId, c.id);
      return out;
    },

    statements: (c: Conversation, status?: Statement['status']) => repo.statements(c.placeId, c.id, status),
    statementCounts: (c: Conversation) => repo.statementCounts(c.placeId, c.id),
    participantCount: (c: Conversation) => repo.participantCount(c.placeId, c.id),
    voteCount: (c: Conversation) => repo.voteCount(c.placeId, c.id),
    /**
     * What a signed-in person did in the place's conversations, for their copy of their data:
     * where they took part, every vote (re-votes included) and their statements.
     */
    personalData: (placeId: string, userId: string) => repo.personalData(placeId, userId),
    /** The stored analysis, or undefined before the first run. */
    storedAnalysis: (c: Conversation) => repo.analysis(c.placeId, c.id),
  };
}

export type ConversationsService = ReturnType<typeof createConversationsService>;
