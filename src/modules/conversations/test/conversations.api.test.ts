import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { problemOf, systemCtx, useWorld, type World } from '../../../../test/kit/index.js';
import { auditEvents } from '../../../../test/schema.js';
import { conversationParticipants, conversationVotes } from '../conversations.schema.js';
import type { Conversation } from '../conversations.repository.js';
import { conversationInput } from './fixtures.js';

type ConversationItem = { id: string; status: string; acceptingVotes: boolean; url: string };
type ConversationList = { items: ConversationItem[]; nextCursor: string | null };
type ConversationDetail = ConversationItem & { statements: { number: number; text: string }[] };
type Analysis = {
  computedAt: string;
  groups: unknown[];
  consensus: { agree: unknown[]; disagree: unknown[] };
  repness: Record<string, { statementId: number }[]>;
};

let open: Conversation;
let draft: Conversation;

const input = (question: string) =>
  conversationInput(question, [
    'Trees make streets cooler',
    'Car parks should become housing',
    'Meta: I want more on transport',
  ]);

const w = useWorld('api-conversations', {
  async setUp({ a, services }: World) {
    const officer = a.staff.officer.user;
    const ctx = { ...systemCtx(a.place.id), actor: { type: 'user' as const, id: officer.id } };
    open = await services.conversations.create(ctx, officer, input('Should the car park become homes?'));
    open = await services.conversations.open(ctx, officer, open.id);
    draft = await services.conversations.create(ctx, officer, input('A draft question'));
  },
});

const votes = (id: string) =>
  w.services.db.select().from(conversationVotes).where(eq(conversationVotes.conversationId, id));

describe('GET /api/v1/conversations', () => {
  it('lists open conversations for any token, drafts only for officers', async () => {
    const res = await (await w.api('resident')).get('/api/v1/conversations');
    expect(res.statusCode).toBe(200);
    const { items } = res.json<ConversationList>();
    expect(items.map((i) => i.id)).toEqual([open.id]);
    expect(items[0]).toMatchObject({ status: 'open', acceptingVotes: true, url: `/conversations/${open.id}` });
    const asOfficer = await (await w.api('officer')).get('/api/v1/conversations');
    expect(
      asOfficer
        .json<ConversationList>()
        .items.map((i) => i.id)
        .sort(),
    ).toEqual([open.id, draft.id].sort());
  });

  it('pages by cursor, newest first', async () => {
    const officer = await w.api('officer');
    const first = (await officer.get('/api/v1/conversations?limit=1')).json<ConversationList>();
    expect(first.items.map((i) => i.id)).toEqual([draft.id]);
    const second = await officer.get(`/api/v1/conversations?limit=1&cursor=${first.nextCursor}`);
    expect(second.json()).toMatchObject({ items: [{ id: open.id }], nextCursor: null });
    const bad = await officer.get('/api/v1/conversations?cursor=nonsense');
    expect(problemOf(bad, 422).detail).toBe('The cursor is not one this API gave');
  });

  it('needs a token, and never shows another place', async () => {
    problemOf(await (await w.api(null)).get('/api/v1/conversations'), 401);
    const officerB = await w.api('officer', w.b);
    const other = await officerB.get('/api/v1/conversations');
    expect(other.json<ConversationList>().items).toEqual([]);
    expect((await officerB.get(`/api/v1/conversations/${open.id}`)).statusCode).toBe(404);
  });
});

describe('GET /api/v1/conversations/{id}', () => {
  it('gives the published statements by number', async () => {
    const res = await (await w.api('resident')).get(`/api/v1/conversations/${open.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<ConversationDetail>();
    expect(body.statements.map((s) => [s.number, s.text])).toEqual([
      [0, 'Trees make streets cooler'],
      [1, 'Car parks should become housing'],
      [2, 'Meta: I want more on transport'],
    ]);
    expect(body).toMatchObject({ participants: 0, votes: 0, moderation: 'strict', anonymousAllowed: true });
  });

  it('hides drafts from resident tokens and refuses a malformed id', async () => {
    const resident = await w.api('resident');
    expect((await resident.get(`/api/v1/conversations/${draft.id}`)).statusCode).toBe(404);
    // Nothing lives at an address whose id is not an id: 404 with a problem document, as for any path.
    problemOf(await resident.get('/api/v1/conversations/not-an-id'), 404);
  });
});

describe('POST /api/v1/conversations/{id}/votes', () => {
  it('records a vote for a named participant, officer tokens only, audited', async () => {
    const url = `/api/v1/conversations/${open.id}/votes`;
    const refused = await (await w.api('resident')).post(url, { participant: 'p1', statement: 0, vote: 1 });
    expect(refused.statusCode).toBe(403);
    expect(await votes(open.id)).toHaveLength(0);

    const officer = await w.api('officer');
    const res = await officer.post(url, { participant: 'paper-17', statement: 0, vote: 1 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ participantNumber: 0, statement: 0, vote: 1 });
    const again = await officer.post(url, { participant: 'paper-17', statement: 1, vote: -1 });
    expect(again.json<{ participantNumber: number }>().participantNumber).toBe(0);
    const ps = await w.services.db
      .select()
      .from(conversationParticipants)
      .where(eq(conversationParticipants.conversationId, open.id));
    expect(ps.map((p) => [p.number, p.externalId, p.userId])).toEqual([[0, 'paper-17', null]]);
    expect((await votes(open.id)).map((v) => v.value).sort()).toEqual([-1, 1]);
    const audit = await w.services.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'conversation.vote_recorded'));
    expect(audit).toHaveLength(2);
  });

  it.each([
    [{ participant: 'p2', statement: 0, vote: 2 }, 422],
    [{ participant: 'p2', statement: 0, vote: 'agree' }, 422],
    [{ participant: 'p 2 <x>', statement: 0, vote: 1 }, 422],
    [{ participant: 'p2', statement: 99, vote: 1 }, 422],
    [{ participant: 'p2', statement: 0, vote: 1, extra: true }, 422],
  ])('refuses %o as a problem document and stores nothing', async (body, status) => {
    const before = (await votes(open.id)).length;
    const res = await (await w.api('officer')).post(`/api/v1/conversations/${open.id}/votes`, body);
    problemOf(res, status);
    expect((await votes(open.id)).length).toBe(before);
  });

  it('refuses votes on a draft or closed conversation with 409', async () => {
    const res = await (
      await w.api('officer')
    ).post(`/api/v1/conversations/${draft.id}/votes`, { participant: 'p3', statement: 0, vote: 1 });
    expect(problemOf(res, 409).detail).toBe('This conversation has not opened yet.');
    expect(await votes(draft.id)).toHaveLength(0);
  });
});

describe('GET /api/v1/conversations/{id}/analysis', () => {
  it('is 404 before the first run, then gives the stored result with when it was computed', async () => {
    const url = `/api/v1/conversations/${open.id}/analysis`;
    const resident = await w.api('resident');
    const officer = await w.api('officer');
    // Nothing has run: the analysis is only queued.
    expect((await resident.get(url)).statusCode).toBe(404);
    for (let p = 0; p < 6; p++)
      for (let s = 0; s < 3; s++)
        await officer.post(`/api/v1/conversations/${open.id}/votes`, {
          participant: `x${p}`,
          statement: s,
          vote: p < 3 ? 1 : -1,
        });
    await w.services.conversations.runPendingAnalyses();
    const res = await resident.get(url);
    expect(res.statusCode).toBe(200);
    const body = res.json<Analysis>();
    // 2 votes from paper-17 and 18 from x0–x5.
    expect(body).toMatchObject({ conversationId: open.id, voteCount: 20, upToDate: true, participants: 7 });
    expect(new Date(body.computedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(body.groups.length).toBeGreaterThanOrEqual(1);
    // Consensus needs p > ½ and a one-proportion z above 1.2816. Statement 0: 4 of 7 agree
    // (paper-17, x0–x2), p = (1+4)/(2+7) = 0.56, z = 2·√8·(5/8 − ½) = 0.71; statement 1: 4 of 7
    // disagree, the same; statement 2: 3 of 6 each way. So nothing is consensus.
    expect(body.consensus).toEqual({ agree: [], disagree: [] });
    for (const list of Object.values(body.repness)) for (const r of list) expect([0, 1, 2]).toContain(r.statementId);
  });
});
