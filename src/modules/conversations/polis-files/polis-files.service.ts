import { exportPolis, type ImportPlan } from '../../../lib/polis/index.js';
import type { ActionContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db.js';
import { NotFound } from '../../../platform/errors.js';
import { recordAudit } from '../../../core/audit/index.js';
import { createConversationsRepository } from '../conversations.repository.js';
import { statementKey } from '../conversations.validation.js';
import { createPolisFilesRepository } from './polis-files.repository.js';
import type { ImportDetails } from './polis-files.validation.js';

/** Polis open-data export and import for the conversations of a place. */
export function createPolisFilesService(deps: {
  db: Db;
  /** Asks the background analysis to run (the core's runner); optional so the feature can be tested alone. */
  notify?: (placeId: string, conversationId: string) => void;
}) {
  const { db } = deps;
  const repo = createPolisFilesRepository(db);
  const core = createConversationsRepository(db);

  return {
    /** The four files for a conversation (any status: officers only, checked by the route). */
    async exportFiles(placeId: string, id: string, baseUrl: string) {
      const conversation = await core.find(placeId, id);
      if (!conversation) throw new NotFound('There is no such conversation.');
      const [statements, votes, participants, analysis, imported] = await Promise.all([
        repo.statements(placeId, id),
        repo.votes(placeId, id),
        repo.participantNumbers(placeId, id),
        core.analysis(placeId, id),
        core.importInfo(placeId, id),
      ]);
      const groupOf = new Map<number, number>();
      for (const g of analysis?.result.groups ?? []) for (const m of g.members) groupOf.set(Number(m), g.id);
      return {
        conversation,
        imported,
        files: exportPolis({
          question: conversation.question,
          context: conversation.context,
          url: `${baseUrl}/conversations/${id}/report`,
          statements,
          votes,
          participants,
          groupOf,
          inConv: analysis?.result.inConv ?? 0,
          groups: analysis?.result.groups.length ?? 0,
        }),
      };
    },

    /**
     * A new, closed conversation in the place holding the export, with the original ids kept
     * (statement and participant numbers are Polis's ids, also kept as `external_id`) and the
     * licence and attribution stored with it. All or nothing: one transaction.
     */
    async importConversation(ctx: ActionContext, userId: string, plan: ImportPlan, details: ImportDetails) {
      // Votes come in the order cast; no spread of big arrays into Math.max (stack limits).
      const first = plan.votes[0]?.createdAt ?? null;
      const last = plan.votes.at(-1)?.createdAt ?? null;
      const maxOf = (xs: number[]) => xs.reduce((m, x) => (x > m ? x : m), -1);
      const created = await db.transaction(async (tx) => {
        const r = createPolisFilesRepository(tx);
        const c = await r.insertConversation({
          placeId: ctx.placeId,
          question: details.question,
          context: plan.description,
          status: 'closed',
          moderation: 'strict',
          audience: 'link',
          openedAt: first,
          closedAt: last,
          createdBy: userId,
          nextStatementNumber: maxOf(plan.statements.map((s) => s.number)) + 1,
          nextParticipantNumber: maxOf(plan.participants) + 1,
        });
        const participantIds = await r.insertParticipants(
          plan.participants.map((number) => ({
            placeId: ctx.placeId,
            conversationId: c.id,
            number,
            externalId: String(number),
          })),
        );
        const statementIds = await r.insertStatements(
          plan.statements.map((s) => ({
            placeId: ctx.placeId,
            conversationId: c.id,
            number: s.number,
            text: s.text,
            textKey: statementKey(s.text),
            authorParticipantId: s.authorNumber === null ? null : (participantIds.get(s.authorNumber) ?? null),
            status: s.status,
            externalId: String(s.number),
            ...(s.createdAt ? { createdAt: s.createdAt } : {}),
          })),
        );
        // Inserted in the order cast, so ids (which decide the latest vote) follow it.
        await createConversationsRepository(tx).insertVotes(
          plan.votes.map((v) => ({
            placeId: ctx.placeId,
            conversationId: c.id,
            participantId: participantIds.get(v.participant)!,
            statementId: statementIds.get(v.statement)!,
            value: v.value,
            createdAt: v.createdAt,
          })),
        );
        const summary = {
          participants: plan.participants.length,
          statements: plan.statements.length,
          votes: plan.votes.length,
        };
        await r.insertImport({
          placeId: ctx.placeId,
          conversationId: c.id,
          sourceUrl: details.sourceUrl,
          licence: details.licence,
          attribution: details.attribution,
          summary,
          importedBy: userId,
        });
        await recordAudit(tx, ctx, {
          action: 'conversation.imported',
          subjectType: 'conversation',
          subjectId: c.id,
          changes: { ...summary, licence: details.licence, sourceUrl: details.sourceUrl },
        });
        return c;
      });
      deps.notify?.(ctx.placeId, created.id);
      return created;
    },
  };
}

export type PolisFilesService = ReturnType<typeof createPolisFilesService>;
