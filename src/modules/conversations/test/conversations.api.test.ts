import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createPlace, createUser, type TestApp } from '../../../../test/helpers.js';
import type { Role } from '../../../platform/context.js';
import { auditEvents } from '../../../../test/schema.js';
import { conversationParticipants, conversationVotes } from '../conversations.schema.js';
import type { Conversation } from '../conversations.repository.js';

let t: TestApp;
let a: Awaited<ReturnType<typeof createPlace>>;
let b: Awaited<ReturnType<typeof createPlace>>;
let officer: Awaited<ReturnType<typeof createUser>>;
const tokens: Record<string, string> = {};
let open: Conversation;
let draft: Conversation;

async function token(placeId: string, role: Role) {
  const { secret } = await t.services.apiTokens.create(
    { placeId, actor: { type: 'system' }, ip: null, requestId: null },
    { name: `${role} token`, role, createdBy: null },
  );
  return secret;
}
function call(method: 'GET' | 'POST', url: string, opts: { host?: string; token?: string; body?: unknown } = {}) {
  return t.app.inject({
    method,
    url,
    headers: {
      host: opts.host ?? a.host,
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
  });
}
const votes = (id: string) =>
  t.services.db.select().from(conversationVotes).where(eq(conversationVotes.conversationId, id));

const input = (question: string) => ({
  question,
  context: '',
  opensOn: null,
  closesOn: null,
  audience: 'link' as const,
  anonymousAllowed: true,
  moderation: 'strict' as const,
  seeds: ['Trees make streets cooler', 'Car parks should become housing', 'Meta: I want more on transport'],
});

beforeAll(async () => {
  t = await buildTestApp();
  a = await createPlace(t.services, 'api-conversations-a.test');
  b = await createPlace(t.services, 'api-conversations-b.test');
  officer = await createUser(t.services, a.place.id, 'officer');
  tokens.resident = await token(a.place.id, 'resident');
  tokens.officer = await token(a.place.id, 'officer');
  tokens.officerB = await token(b.place.id, 'officer');
  const ctx = { placeId: a.place.id, actor: { type: 'user' as const, id: officer.user.id }, ip: null, requestId: null };
  open = await t.services.conversations.create(ctx, officer.user, input('Should the car park become homes?'));
  open = await t.services.conversations.open(ctx, officer.user, open.id);
  draft = await t.services.conversations.create(ctx, officer.user, input('A draft question'));
});
afterAll(() => t.close());

describe('GET /api/v1/conversations', () => {
  it('lists open conversations for any token, drafts only for officers', async () => {
    const res = await call('GET', '/api/v1/conversations', { token: tokens.resident });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; status: string; acceptingVotes: boolean; url: string }[];
    expect(items.map((i) => i.id)).toEqual([open.id]);
    expect(items[0]).toMatchObject({ status: 'open', acceptingVotes: true, url: `/conversations/${open.id}` });
    const asOfficer = await call('GET', '/api/v1/conversations', { token: tokens.officer });
    expect((asOfficer.json().items as { id: string }[]).map((i) => i.id).sort()).toEqual([open.id, draft.id].sort());
  });

  it('pages by cursor, newest first', async () => {
    const first = await call('GET', '/api/v1/conversations?limit=1', { token: tokens.officer });
    expect(first.json().items.map((i: { id: string }) => i.id)).toEqual([draft.id]);
    const cursor = first.json().nextCursor as string;
    const second = await call('GET', `/api/v1/conversations?limit=1&cursor=${cursor}`, { token: tokens.officer });
    expect(second.json()).toMatchObject({ items: [{ id: open.id }], nextCursor: null });
    const bad = await call('GET', '/api/v1/conversations?cursor=nonsense', { token: tokens.officer });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toBe('The cursor is not one this API gave');
  });

  it('needs a token, and never shows another place', async () => {
    const res = await call('GET', '/api/v1/conversations');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const other = await call('GET', '/api/v1/conversations', { host: b.host, token: tokens.officerB });
    expect(other.json().items).toEqual([]);
    expect(
      (await call('GET', `/api/v1/conversations/${open.id}`, { host: b.host, token: tokens.officerB })).statusCode,
    ).toBe(404);
  });
});

describe('GET /api/v1/conversations/{id}', () => {
  it('gives the published statements by number', async () => {
    const res = await call('GET', `/api/v1/conversations/${open.id}`, { token: tokens.resident });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.statements.map((s: { number: number; text: string }) => [s.number, s.text])).toEqual([
      [0, 'Trees make streets cooler'],
      [1, 'Car parks should become housing'],
      [2, 'Meta: I want more on transport'],
    ]);
    expect(body).toMatchObject({ participants: 0, votes: 0, moderation: 'strict', anonymousAllowed: true });
  });

  it('hides drafts from resident tokens and refuses a malformed id', async () => {
    expect((await call('GET', `/api/v1/conversations/${draft.id}`, { token: tokens.resident })).statusCode).toBe(404);
    // Nothing lives at an address whose id is not an id: 404 with a problem document, as for any path.
    const bad = await call('GET', '/api/v1/conversations/not-an-id', { token: tokens.resident });
    expect(bad.statusCode).toBe(404);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });
});

describe('POST /api/v1/conversations/{id}/votes', () => {
  it('records a vote for a named participant, officer tokens only, audited', async () => {
    const url = `/api/v1/conversations/${open.id}/votes`;
    const refused = await call('POST', url, {
      token: tokens.resident,
      body: { participant: 'p1', statement: 0, vote: 1 },
    });
    expect(refused.statusCode).toBe(403);
    expect(await votes(open.id)).toHaveLength(0);

    const res = await call('POST', url, {
      token: tokens.officer,
      body: { participant: 'paper-17', statement: 0, vote: 1 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ participantNumber: 0, statement: 0, vote: 1 });
    const again = await call('POST', url, {
      token: tokens.officer,
      body: { participant: 'paper-17', statement: 1, vote: -1 },
    });
    expect(again.json().participantNumber).toBe(0);
    const ps = await t.services.db
      .select()
      .from(conversationParticipants)
      .where(eq(conversationParticipants.conversationId, open.id));
    expect(ps.map((p) => [p.number, p.externalId, p.userId])).toEqual([[0, 'paper-17', null]]);
    expect((await votes(open.id)).map((v) => v.value).sort()).toEqual([-1, 1]);
    const audit = await t.services.db
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
    const res = await call('POST', `/api/v1/conversations/${open.id}/votes`, { token: tokens.officer, body });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().status).toBe(status);
    expect((await votes(open.id)).length).toBe(before);
  });

  it('refuses votes on a draft or closed conversation with 409', async () => {
    const res = await call('POST', `/api/v1/conversations/${draft.id}/votes`, {
      token: tokens.officer,
      body: { participant: 'p3', statement: 0, vote: 1 },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe('This conversation has not opened yet.');
    expect(await votes(draft.id)).toHaveLength(0);
  });
});

describe('GET /api/v1/conversations/{id}/analysis', () => {
  it('is 404 before the first run, then gives the stored result with when it was computed', async () => {
    const url = `/api/v1/conversations/${open.id}/analysis`;
    // Nothing has run: the analysis is only queued.
    expect((await call('GET', url, { token: tokens.resident })).statusCode).toBe(404);
    for (let p = 0; p < 6; p++)
      for (let s = 0; s < 3; s++)
        await call('POST', `/api/v1/conversations/${open.id}/votes`, {
          token: tokens.officer,
          body: { participant: `x${p}`, statement: s, vote: p < 3 ? 1 : -1 },
        });
    await t.services.conversations.runPendingAnalyses();
    const res = await call('GET', url, { token: tokens.resident });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // 2 votes from paper-17 and 18 from x0–x5.
    expect(body).toMatchObject({ conversationId: open.id, voteCount: 20, upToDate: true, participants: 7 });
    expect(new Date(body.computedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(body.groups.length).toBeGreaterThanOrEqual(1);
    // Consensus needs p > ½ and a one-proportion z above 1.2816. Statement 0: 4 of 7 agree
    // (paper-17, x0–x2), p = (1+4)/(2+7) = 0.56, z = 2·√8·(5/8 − ½) = 0.71; statement 1: 4 of 7
    // disagree, the same; statement 2: 3 of 6 each way. So nothing is consensus.
    expect(body.consensus).toEqual({ agree: [], disagree: [] });
    for (const list of Object.values(body.repness as Record<string, { statementId: number }[]>))
      for (const r of list) expect([0, 1, 2]).toContain(r.statementId);
  });
});
