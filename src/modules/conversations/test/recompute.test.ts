import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { analyse, storedAnalysis } from '../../../lib/polis/index.js';
import { systemCtx, useWorld } from '../../../../test/kit/index.js';
import { createAnalysisRunner } from '../conversations.analysis.js';
import { queryRows } from '../../../platform/db.js';
import { conversationsDemo } from '../conversations.demo.js';
import { conversationAnalyses, conversationVotes } from '../conversations.schema.js';
import { createConversationsService } from '../conversations.service.js';
import { createConversationsRepository } from '../conversations.repository.js';
import { conversationInput } from './fixtures.js';

const w = useWorld('conversations-recompute');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the debounced recompute on timers', () => {
  it('runs once for a burst of votes, after the interval, and never holds up a vote', async () => {
    const runner = createAnalysisRunner({ db: w.services.db, timers: true, intervalMs: 2000, stabilityResamples: 0 });
    const conversations = createConversationsService(w.services.db, { analysis: runner });
    const ctx = systemCtx(w.a.place.id);
    const officer = w.a.staff.officer;
    const seeds = Array.from({ length: 8 }, (_, i) => `Idea number ${i}`);
    let c = await conversations.create(ctx, officer.user, conversationInput('Debounce?', seeds));
    c = await conversations.open(ctx, officer.user, c.id);
    const started = performance.now();
    for (let p = 0; p < 4; p++)
      for (let s = 0; s < 8; s++)
        await conversations.vote(ctx, c, { token: `burst-${p}` }, s, (p + s) % 3 === 0 ? 'disagree' : 'agree');
    const burstMs = performance.now() - started;
    expect(burstMs).toBeLessThan(2000); // otherwise the check below would not be about the burst
    // The burst queued one conversation and nothing has run yet: every vote returned at once.
    expect(runner.pendingIds()).toEqual([c.id]);
    const stored = () =>
      w.services.db.select().from(conversationAnalyses).where(eq(conversationAnalyses.conversationId, c.id));
    expect(await stored()).toHaveLength(0);
    await sleep(2000 - burstMs + 700);
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.voteCount).toBe(32);
    expect(runner.pendingIds()).toEqual([]);
    await runner.stop();
  });

  it('stops cleanly: a pending timer never fires after stop()', async () => {
    const runner = createAnalysisRunner({ db: w.services.db, timers: true, intervalMs: 50 });
    runner.notify(w.a.place.id, '00000000-0000-0000-0000-000000000000');
    await runner.stop();
    await sleep(120);
    expect(runner.pendingIds()).toEqual(['00000000-0000-0000-0000-000000000000']);
  });
});

describe('the demo conversation', () => {
  it('is open, with votes from 72 people and an analysis that finds groups and consensus', async () => {
    // Place B is the demo's alone in this file.
    const demoPlace = w.b;
    const { staff } = demoPlace;
    const started = performance.now();
    const { conversationId } = await conversationsDemo(w.services, {
      placeId: demoPlace.place.id,
      ctx: systemCtx(demoPlace.place.id),
      now: new Date('2026-11-20T12:00:00Z'),
      facts: {
        staff: {
          resident: staff.resident.user.id,
          organiser: staff.organiser.user.id,
          officer: staff.officer.user.id,
          admin: staff.admin.user.id,
        },
      },
    });
    const ms = performance.now() - started;
    const c = await w.services.conversations.find(demoPlace.place.id, conversationId);
    expect(c.status).toBe('open');
    const votes = await w.services.db
      .select()
      .from(conversationVotes)
      .where(eq(conversationVotes.conversationId, conversationId));
    expect(new Set(votes.map((v) => v.participantId)).size).toBe(72);
    const stored = (await w.services.conversations.storedAnalysis(c))!;
    expect(stored.voteCount).toBe(votes.length);
    expect(stored.result.groups.length).toBeGreaterThanOrEqual(2);
    expect(stored.result.consensus.agree.length).toBeGreaterThan(0);
    expect((await w.services.conversations.statementCounts(c)).pending).toBe(1);
    // The runner reads votes as aggregated arrays; the result is the library's on the same votes read one by one.
    const list = await queryRows<{ p: number; s: number; v: number; id: string | number }>(
      w.services.db,
      sql`
      select p.number as p, s.number as s, v.value as v, v.id from conversation_votes v
      join conversation_participants p on p.id = v.participant_id
      join conversation_statements s on s.id = v.statement_id
      where v.conversation_id = ${conversationId} order by v.id`,
    );
    const statements = await w.services.conversations.statements(c);
    const direct = storedAnalysis(
      analyse(
        list.map((r) => ({
          participantId: String(r.p),
          statementId: r.s,
          vote: r.v as -1 | 0 | 1,
          time: Number(r.id),
        })),
        statements.map((st) => ({
          id: st.number,
          moderated: st.status === 'rejected' ? -1 : st.status === 'accepted' ? 1 : 0,
          isMeta: st.isMeta,
        })),
      ),
    );
    expect(stored.result.groups).toEqual(direct.groups);
    expect(stored.result.repness).toEqual(direct.repness);
    expect(stored.result.consensus).toEqual(direct.consensus);
    expect(stored.result.commentPriorities).toEqual(direct.commentPriorities);
    // Read in batches of 100 (11 of them), the arrays are the same as in one batch.
    const repo = createConversationsRepository(w.services.db);
    expect(await repo.voteArraysForAnalysis(demoPlace.place.id, conversationId, 100)).toEqual(
      await repo.voteArraysForAnalysis(demoPlace.place.id, conversationId),
    );
    expect((await repo.voteArraysForAnalysis(demoPlace.place.id, conversationId, 100)).participant).toHaveLength(
      list.length,
    );
    console.info(`demo conversation seeded in ${ms.toFixed(0)} ms (${votes.length} votes)`);
  });
});
