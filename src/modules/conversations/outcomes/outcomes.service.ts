import type { z } from 'zod';
import { londonToday } from '../../../lib/london-time.js';
import type { ActionContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db.js';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.js';
import type { AccountsService } from '../../../core/accounts/index.js';
import { recordAudit } from '../../../core/audit/index.js';
import type { MailService } from '../../../core/mail/index.js';
import { createConversationsRepository, type Conversation, type ImportInfo } from '../conversations.repository.js';
import { paths } from '../conversations.paths.js';
import {
  createOutcomesRepository,
  type Commitment,
  type CommitmentUpdate,
  type Outcome,
} from './outcomes.repository.js';
import type { commitmentFormSchema, commitmentUpdateFormSchema, outcomeFormSchema } from './outcomes.validation.js';

export type CommitmentView = Commitment & { updates: CommitmentUpdate[]; overdue: boolean };

export type OutcomeView = {
  conversation: Conversation;
  outcome: Outcome | undefined;
  published: boolean;
  commitments: CommitmentView[];
  participants: { total: number; anonymous: number };
  /** Where an imported conversation came from (its licence asks for the attribution wherever it is shown). */
  imported: ImportInfo | undefined;
};

export type OutcomesDeps = {
  db: Db;
  mail: Pick<MailService, 'send'>;
  /** Who of the participants with an account can be emailed. */
  accounts: Pick<AccountsService, 'verifiedContacts'>;
};

/** A commitment is overdue once its due day has passed in London and it is not done. */
export function isOverdue(c: Pick<Commitment, 'dueDate' | 'status'>, today: string): boolean {
  return c.status !== 'done' && c.dueDate !== null && c.dueDate < today;
}

/**
 * Closing the loop: officers write what the council heard, will do (commitments tracked to done),
 * cannot do and why, and what residents could take on; publishing tells the participants who can
 * be emailed. Every officer action is in the audit log, in the same transaction as the change.
 */
export function createOutcomesService(deps: OutcomesDeps) {
  const { db } = deps;
  const repo = createOutcomesRepository(db);
  const core = createConversationsRepository(db);

  async function conversation(placeId: string, id: string, officer: boolean): Promise<Conversation> {
    const c = await core.find(placeId, id);
    if (!c || (c.status === 'draft' && !officer)) throw new NotFound('There is no such conversation.');
    return c;
  }

  async function commitmentOf(placeId: string, conversationId: string, id: string): Promise<Commitment> {
    const c = await repo.commitment(placeId, conversationId, id);
    if (!c) throw new NotFound('There is no such commitment.');
    return c;
  }

  return {
    conversation,
    commitmentOf,

    /** The outcome as the viewer may see it: the public see nothing of it until it is published. */
    async view(placeId: string, id: string, opts: { officer: boolean; today?: string }): Promise<OutcomeView> {
      const c = await conversation(placeId, id, opts.officer);
      const outcome = await repo.outcome(placeId, id);
      const published = Boolean(outcome?.publishedAt);
      const visible = published || opts.officer;
      const list = visible ? await repo.commitments(placeId, id) : [];
      const updates = await repo.updates(
        placeId,
        list.map((x) => x.id),
      );
      const today = opts.today ?? londonToday();
      return {
        conversation: c,
        outcome: visible ? outcome : undefined,
        published,
        commitments: list.map((x) => ({
          ...x,
          updates: updates.filter((u) => u.commitmentId === x.id),
          overdue: isOverdue(x, today),
        })),
        participants: await repo.participantCounts(placeId, id),
        imported: await core.importInfo(placeId, id),
      };
    },

    /**
     * Every commitment in the place, to follow them all in one list: overdue first, then open ones
     * by due date, then done ones. The public see those of published outcomes only.
     */
    async placeCommitments(placeId: string, opts: { officer: boolean; today?: string }) {
      const today = opts.today ?? londonToday();
      const rows = await repo.placeCommitments(placeId, { includeUnpublished: opts.officer });
      const rank = (c: Commitment) => (isOverdue(c, today) ? 0 : c.status === 'done' ? 2 : 1);
      return rows
        .map((c) => ({ ...c, overdue: isOverdue(c, today) }))
        .sort((a, b) => rank(a) - rank(b) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
    },

    async save(
      ctx: ActionContext,
      userId: string,
      id: string,
      input: z.output<typeof outcomeFormSchema>,
    ): Promise<Outcome> {
      await conversation(ctx.placeId, id, true);
      return db.transaction(async (tx) => {
        const r = createOutcomesRepository(tx);
        const before = await r.outcome(ctx.placeId, id);
        const saved = await r.saveOutcome(ctx.placeId, id, { ...input, updatedBy: userId });
        await recordAudit(tx, ctx, {
          action: before ? 'conversation.outcome_updated' : 'conversation.outcome_written',
          subjectType: 'conversation',
          subjectId: id,
          changes: { ...input, published: Boolean(before?.publishedAt) },
        });
        return saved;
      });
    },

    async addCommitment(
      ctx: ActionContext,
      userId: string,
      id: string,
      input: z.output<typeof commitmentFormSchema>,
    ): Promise<Commitment> {
      await conversation(ctx.placeId, id, true);
      return db.transaction(async (tx) => {
        const r = createOutcomesRepository(tx);
        const c = await r.insertCommitment({
          placeId: ctx.placeId,
          conversationId: id,
          text: input.text,
          owner: input.owner,
          dueDate: input.dueDate,
          position: await r.nextPosition(ctx.placeId, id),
        });
        await r.insertUpdate({
          placeId: ctx.placeId,
          commitmentId: c.id,
          status: 'not_started',
          note: '',
          createdBy: userId,
        });
        await recordAudit(tx, ctx, {
          action: 'conversation.commitment_added',
          subjectType: 'conversation_commitment',
          subjectId: c.id,
          changes: { conversationId: id, ...input },
        });
        return c;
      });
    },

    /** Correct what a commitment says, who owns it or when it is due; the change is audited with both versions. */
    async changeCommitment(
      ctx: ActionContext,
      id: string,
      commitmentId: string,
      input: z.output<typeof commitmentFormSchema>,
    ): Promise<Commitment> {
      await conversation(ctx.placeId, id, true);
      const before = await commitmentOf(ctx.placeId, id, commitmentId);
      return db.transaction(async (tx) => {
        const c = await createOutcomesRepository(tx).changeCommitment(ctx.placeId, commitmentId, input);
        await recordAudit(tx, ctx, {
          action: 'conversation.commitment_changed',
          subjectType: 'conversation_commitment',
          subjectId: commitmentId,
          changes: {
            text: { from: before.text, to: input.text },
            owner: { from: before.owner, to: input.owner },
            dueDate: { from: before.dueDate, to: input.dueDate },
          },
        });
        return c!;
      });
    },

    async updateCommitment(
      ctx: ActionContext,
      userId: string,
      id: string,
      commitmentId: string,
      input: z.output<typeof commitmentUpdateFormSchema>,
    ): Promise<Commitment> {
      await conversation(ctx.placeId, id, true);
      const before = await commitmentOf(ctx.placeId, id, commitmentId);
      if (before.status === input.status && !input.note)
        throw new Invalid([
          { field: 'note', message: 'The status is unchanged: choose a new status or add a note about progress' },
        ]);
      return db.transaction(async (tx) => {
        const r = createOutcomesRepository(tx);
        const at = new Date();
        const c = await r.setCommitmentStatus(ctx.placeId, commitmentId, input.status, at);
        await r.insertUpdate({
          placeId: ctx.placeId,
          commitmentId,
          status: input.status,
          note: input.note,
          createdBy: userId,
          createdAt: at,
        });
        await recordAudit(tx, ctx, {
          action: 'conversation.commitment_updated',
          subjectType: 'conversation_commitment',
          subjectId: commitmentId,
          changes: { status: { from: before.status, to: input.status }, note: input.note },
        });
        return c!;
      });
    },

    /**
     * Publish, then email every participant with an account and a verified address. The emails go
     * after the publication commits (a mail failure must not unpublish it); `notified_at` records
     * that they went. People who took part without an account cannot be emailed.
     */
    async publish(
      ctx: ActionContext,
      userId: string,
      id: string,
      link: { baseUrl: string; placeName: string },
    ): Promise<{ emailed: number; anonymous: number }> {
      const c = await conversation(ctx.placeId, id, true);
      const outcome = await repo.outcome(ctx.placeId, id);
      if (outcome?.publishedAt) throw new Conflict('The outcome is already published.');
      if (!outcome?.whatWeHeard)
        throw new Invalid([
          { field: 'publish', message: 'Write what you heard before publishing: participants are told about it' },
        ]);
      if (c.status === 'draft')
        throw new Invalid([{ field: 'publish', message: 'Open the conversation before publishing its outcome' }]);
      const at = new Date();
      await db.transaction(async (tx) => {
        const r = createOutcomesRepository(tx);
        const done = await r.publish(ctx.placeId, id, userId, at);
        if (!done) throw new Conflict('The outcome is already published.');
        await recordAudit(tx, ctx, {
          action: 'conversation.outcome_published',
          subjectType: 'conversation',
          subjectId: id,
          changes: { publishedAt: at.toISOString() },
        });
      });
      const recipients = await deps.accounts.verifiedContacts(
        ctx.placeId,
        await repo.participantUserIds(ctx.placeId, id),
      );
      const url = `${link.baseUrl}${paths.outcome(id)}`;
      for (const p of recipients) {
        await deps.mail.send(ctx.placeId, {
          to: p.email,
          subject: `What we heard: ${c.question}`,
          body: [
            `Hello ${p.name},`,
            '',
            `You took part in the conversation "${c.question}" on ${link.placeName}.`,
            'The council has published what it heard, what it will do, what it cannot do and why, and what residents could take on:',
            '',
            url,
            '',
            'You can follow each commitment there until it is done.',
          ].join('\n'),
        });
      }
      await repo.markNotified(ctx.placeId, id, new Date());
      const counts = await repo.participantCounts(ctx.placeId, id);
      return { emailed: recipients.length, anonymous: counts.anonymous };
    },
  };
}

export type OutcomesService = ReturnType<typeof createOutcomesService>;
