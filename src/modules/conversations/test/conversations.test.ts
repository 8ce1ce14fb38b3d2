import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { $, errorSummary, type Browser } from '../../../../test/helpers.js';
import { systemCtx, useWorld, type TestUser } from '../../../../test/kit/index.js';
import { auditEvents } from '../../../../test/schema.js';
import {
  conversationAnalyses,
  conversationParticipants,
  conversations,
  conversationStatements,
  conversationVotes,
} from '../conversations.schema.js';

/** A second resident, for what one person does while another watches. */
let neighbour: TestUser;

const w = useWorld('conversations', {
  async setUp(world) {
    neighbour = await world.person('resident');
  },
});

const SEEDS = ['Parks need more benches', 'The library should open on Sundays', 'Buses should run later at night'];

const form = (over: Record<string, string> = {}) => ({
  question: 'What would make the town centre better?',
  context: 'We are writing a plan.\n\nTell us what you think.',
  'opens-day': '',
  'opens-month': '',
  'opens-year': '',
  'closes-day': '',
  'closes-month': '',
  'closes-year': '',
  audience: 'residents',
  anonymousAllowed: 'no',
  moderation: 'strict',
  seeds: SEEDS.join('\n'),
  ...over,
});

/** An officer makes (and by default opens) a conversation; returns its id. */
async function start(over: Record<string, string> = {}, open = true) {
  const br = await w.as(w.a.staff.officer);
  const res = await br.post('/conversations/new', form(over));
  expect(res.statusCode).toBe(303);
  const id = /\/conversations\/([0-9a-f-]{36})\/manage/.exec(res.headers.location!)![1]!;
  if (open)
    expect((await br.post(`/conversations/${id}/open`, {}, `/conversations/${id}/manage`)).statusCode).toBe(303);
  return { id, br };
}

const statementsOf = (id: string) =>
  w.services.db
    .select()
    .from(conversationStatements)
    .where(eq(conversationStatements.conversationId, id))
    .orderBy(conversationStatements.number);
const votesOf = (id: string) =>
  w.services.db
    .select()
    .from(conversationVotes)
    .where(eq(conversationVotes.conversationId, id))
    .orderBy(conversationVotes.id);
const conversationCount = async () => (await w.services.db.select().from(conversations)).length;

/** The statement number the voting page offers. */
async function offered(br: Browser, id: string): Promise<number | undefined> {
  const page = $((await br.get(`/conversations/${id}`)).body);
  const v = page('input[name="statement"]').attr('value');
  return v === undefined ? undefined : Number(v);
}

describe('officers open a conversation', () => {
  it('saves the question, settings and seed statements (numbered from 0, published), audited', async () => {
    const { id } = await start({}, false);
    const [c] = await w.services.db.select().from(conversations).where(eq(conversations.id, id));
    expect(c).toMatchObject({ placeId: w.a.place.id, status: 'draft', audience: 'residents', moderation: 'strict' });
    const s = await statementsOf(id);
    expect(s.map((x) => [x.number, x.text, x.status, x.isSeed])).toEqual([
      [0, SEEDS[0], 'accepted', true],
      [1, SEEDS[1], 'accepted', true],
      [2, SEEDS[2], 'accepted', true],
    ]);
    const audit = await w.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'conversation.created')));
    expect(audit).toHaveLength(1);
  });

  it('opens from a date and closes at the end of the closing day, London time', async () => {
    const { id } = await start(
      {
        'opens-day': '1',
        'opens-month': '7',
        'opens-year': '2027',
        'closes-day': '31',
        'closes-month': '7',
        'closes-year': '2027',
      },
      false,
    );
    const [c] = await w.services.db.select().from(conversations).where(eq(conversations.id, id));
    // British Summer Time: London midnight is 23:00 UTC the day before.
    expect(c!.opensAt!.toISOString()).toBe('2027-06-30T23:00:00.000Z');
    expect(c!.closesAt!.toISOString()).toBe('2027-07-31T23:00:00.000Z');
    const edit = $((await (await w.as(w.a.staff.officer)).get(`/conversations/${id}/edit`)).body);
    expect(edit('#closes-day').val()).toBe('31');
  });

  it.each([
    [{ question: '' }, 'Enter the question'],
    [{ question: 'x'.repeat(201) }, 'The question must be 200 characters or fewer'],
    [{ seeds: `Fine\n${'y'.repeat(141)}` }, 'Seed statement on line 2 must be 140 characters or fewer (it has 141)'],
    [{ seeds: 'Parks matter\nparks  MATTER.' }, 'Seed statement on line 2 repeats an earlier line'],
    [
      { anonymousAllowed: 'yes' },
      'People can only take part without an account when anyone with the link may take part',
    ],
    [{ 'closes-day': '31', 'closes-month': '2', 'closes-year': '2027' }, 'The closing date must be a real date'],
    [
      {
        'opens-day': '2',
        'opens-month': '3',
        'opens-year': '2027',
        'closes-day': '1',
        'closes-month': '3',
        'closes-year': '2027',
      },
      'The closing date must be on or after the opening date',
    ],
    [{ moderation: 'lenient' }, 'Choose how new statements are moderated'],
  ])('refuses %o with a clear message and saves nothing', async (over, message) => {
    const before = await conversationCount();
    const res = await (await w.as(w.a.staff.officer)).post('/conversations/new', form(over));
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toContain(message);
    expect(await conversationCount()).toBe(before);
  });

  it('lets only officers start one, and keeps drafts from everyone else', async () => {
    const before = await conversationCount();
    const res = await (await w.as(w.a.staff.resident)).post('/conversations/new', form(), '/conversations');
    expect(res.statusCode).toBe(403);
    expect(await conversationCount()).toBe(before);
    const { id } = await start({}, false);
    expect((await (await w.as(w.a.staff.resident)).get(`/conversations/${id}`)).statusCode).toBe(404);
    expect((await (await w.as(w.a.staff.resident)).get(`/conversations/${id}/manage`)).statusCode).toBe(403);
    const list = $((await (await w.as(w.a.staff.resident)).get('/conversations')).body);
    expect(list(`a[href="/conversations/${id}"]`)).toHaveLength(0);
  });

  it('will not open a conversation with no statements', async () => {
    const { id, br } = await start({ seeds: '' }, false);
    const res = await br.post(`/conversations/${id}/open`, {}, `/conversations/${id}/manage`);
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual(['Add at least one seed statement before opening the conversation']);
    const [c] = await w.services.db.select().from(conversations).where(eq(conversations.id, id));
    expect(c!.status).toBe('draft');
  });

  it('adds more seed statements on the edit page, refusing one already there', async () => {
    const { id, br } = await start();
    const dup = await br.post(`/conversations/${id}/edit`, form({ seeds: 'PARKS need more benches!' }));
    expect(dup.statusCode).toBe(422);
    expect(errorSummary(dup.body)).toEqual(['“PARKS need more benches!” is already a statement in this conversation']);
    expect(await statementsOf(id)).toHaveLength(3);
    const ok = await br.post(`/conversations/${id}/edit`, form({ seeds: 'Cafés should put tables outside' }));
    expect(ok.statusCode).toBe(303);
    expect((await statementsOf(id)).map((s) => s.number)).toEqual([0, 1, 2, 3]);
  });
});

describe('voting, one statement at a time', () => {
  it('shows one statement with agree, disagree and pass buttons, and counts progress', async () => {
    const { id } = await start();
    const br = await w.as(w.a.staff.resident);
    const page = $((await br.get(`/conversations/${id}`)).body);
    expect(page('#progress').text()).toBe('You have voted on 0 of 3 statements.');
    expect(page('form[action$="/vote"]')).toHaveLength(1);
    expect(
      page('button[name="vote"]')
        .map((_i, el) => page(el).attr('value'))
        .get(),
    ).toEqual(['agree', 'disagree', 'pass']);
    expect(SEEDS).toContain(page('#statement-text').text());
    const seen = new Set<number>();
    for (const vote of ['agree', 'disagree', 'pass']) {
      const n = (await offered(br, id))!;
      seen.add(n);
      const res = await br.post(`/conversations/${id}/vote`, { statement: String(n), vote }, `/conversations/${id}`);
      expect(res.statusCode).toBe(303);
    }
    expect(seen).toEqual(new Set([0, 1, 2]));
    const done = $((await br.get(`/conversations/${id}`)).body);
    expect(done('#progress').text()).toBe('You have voted on 3 of 3 statements.');
    expect(done('form[action$="/vote"]')).toHaveLength(0);
    const votes = await votesOf(id);
    expect(votes.map((v) => v.value)).toEqual([1, -1, 0]);
    expect(new Set(votes.map((v) => v.participantId)).size).toBe(1);
  });

  it('keeps every vote as history; the latest one counts', async () => {
    const { id } = await start();
    const br = await w.as(w.a.staff.resident);
    await br.post(`/conversations/${id}/vote`, { statement: '1', vote: 'agree' }, `/conversations/${id}`);
    await br.post(`/conversations/${id}/vote`, { statement: '1', vote: 'disagree' }, `/conversations/${id}`);
    const votes = await votesOf(id);
    expect(votes.map((v) => v.value)).toEqual([1, -1]);
    const c = await w.services.conversations.find(w.a.place.id, id);
    const ballot = await w.services.conversations.ballot(c, { userId: w.a.staff.resident.user.id });
    expect(ballot.voted).toBe(1);
    const analysisVotes = await import('../conversations.repository.js').then((m) =>
      m.createConversationsRepository(w.services.db).latestVotes(w.a.place.id, ballot.participant!.id),
    );
    expect([...analysisVotes.values()]).toEqual([-1]);
  });

  it('makes one participant when someone’s first two votes arrive together', async () => {
    const { id } = await start();
    const c = await w.services.conversations.find(w.a.place.id, id);
    const ctx = systemCtx(w.a.place.id);
    const who = { userId: neighbour.user.id };
    await Promise.all([
      w.services.conversations.vote(ctx, c, who, 0, 'agree'),
      w.services.conversations.vote(ctx, c, who, 1, 'disagree'),
    ]);
    const ps = await w.services.db
      .select()
      .from(conversationParticipants)
      .where(eq(conversationParticipants.conversationId, id));
    expect(ps).toHaveLength(1);
    expect(await votesOf(id)).toHaveLength(2);
  });

  it('refuses bad votes with a clear message and stores nothing', async () => {
    const { id, br: officerBr } = await start();
    const s = await statementsOf(id);
    await officerBr.post(
      `/conversations/${id}/moderation/${s[2]!.id}`,
      { decision: 'reject', reason: 'Off topic' },
      `/conversations/${id}/moderation`,
    );
    const br = await w.as(w.a.staff.resident);
    const cases: [Record<string, string>, number, string][] = [
      [{ statement: '0', vote: 'maybe' }, 422, 'Choose agree, disagree or pass'],
      [{ statement: '0', vote: '2' }, 422, 'Choose agree, disagree or pass'],
      [
        { statement: 'zero', vote: 'agree' },
        422,
        'The vote did not say which statement it was for. Go back and try again.',
      ],
      [{ statement: '99', vote: 'agree' }, 422, 'That statement is not in this conversation.'],
      [
        { statement: '2', vote: 'agree' },
        422,
        'That statement has been removed by a moderator, so it cannot be voted on.',
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await br.post(`/conversations/${id}/vote`, body, `/conversations/${id}`);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(errorSummary(res.body)).toEqual([message]);
    }
    const noCsrf = await br.postRaw(`/conversations/${id}/vote`, { statement: '0', vote: 'agree' });
    expect(noCsrf.statusCode).toBe(403);
    expect(await votesOf(id)).toHaveLength(0);
    const participants = await w.services.db
      .select()
      .from(conversationParticipants)
      .where(eq(conversationParticipants.conversationId, id));
    expect(participants).toHaveLength(0);
  });

  it('refuses votes and statements once closed, and before the opening date', async () => {
    const { id, br: officerBr } = await start();
    expect((await officerBr.post(`/conversations/${id}/close`, {}, `/conversations/${id}/manage`)).statusCode).toBe(
      303,
    );
    const br = await w.as(w.a.staff.resident);
    const page = $((await br.get(`/conversations/${id}`)).body);
    expect(page('.govuk-inset-text').text().trim()).toBe('This conversation has closed.');
    const res = await br.post(`/conversations/${id}/vote`, { statement: '0', vote: 'agree' }, `/conversations/${id}`);
    expect(res.statusCode).toBe(409);
    expect(errorSummary(res.body)).toEqual(['This conversation has closed.']);
    const st = await br.post(`/conversations/${id}/statements`, { text: 'A new idea' }, `/conversations/${id}`);
    expect(st.statusCode).toBe(409);
    expect(await votesOf(id)).toHaveLength(0);
    expect(await statementsOf(id)).toHaveLength(3);

    const later = await start({ 'opens-day': '1', 'opens-month': '1', 'opens-year': '2099' });
    const early = await br.post(
      `/conversations/${later.id}/vote`,
      { statement: '0', vote: 'agree' },
      `/conversations/${later.id}`,
    );
    expect(early.statusCode).toBe(409);
    expect(errorSummary(early.body)).toEqual(['This conversation has not opened yet.']);
  });

  it('limits how fast one participant can vote (429 page), storing nothing more', async () => {
    const seeds = Array.from({ length: 45 }, (_, i) => `Statement number ${i + 1}`).join('\n');
    const { id } = await start({ seeds });
    const c = await w.services.conversations.find(w.a.place.id, id);
    const ctx = { ...systemCtx(w.a.place.id), actor: { type: 'user' as const, id: neighbour.user.id } };
    const limit = w.services.conversations.limits.votesPerMinute;
    expect(limit).toBe(40);
    for (let n = 0; n < limit; n++)
      await w.services.conversations.vote(ctx, c, { userId: neighbour.user.id }, n, 'agree');
    const br = await w.as(neighbour);
    const res = await br.post(`/conversations/${id}/vote`, { statement: '44', vote: 'agree' }, `/conversations/${id}`);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('60');
    expect($(res.body)('h1').text()).toBe('Too many requests');
    expect(res.body).toContain('You have voted 40 times in the last minute. Wait a minute, then carry on.');
    expect(await votesOf(id)).toHaveLength(40);
  });

  it('asks people to sign in to a residents-only conversation, and stores nothing for them', async () => {
    const { id } = await start();
    const anon = await w.as(null);
    const page = $((await anon.get(`/conversations/${id}`)).body);
    expect(page('a.govuk-button').text().trim()).toBe('Sign in to take part');
    expect(page('form[action$="/vote"]')).toHaveLength(0);
    const res = await anon.post(`/conversations/${id}/vote`, { statement: '0', vote: 'agree' }, '/sign-in');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/sign-in/);
    expect(await votesOf(id)).toHaveLength(0);
  });
});

describe('taking part without an account', () => {
  it('gives a random id in a cookie, stores only its SHA-256, and recognises it on the next vote', async () => {
    const { id } = await start({ audience: 'link', anonymousAllowed: 'yes' });
    const anon = await w.as(null);
    const page = $((await anon.get(`/conversations/${id}`)).body);
    expect(page('h2').text()).toContain('Taking part without an account');
    expect(anon.cookies.has(`cg_conv_${id.replaceAll('-', '')}`)).toBe(false);
    await anon.post(`/conversations/${id}/vote`, { statement: '0', vote: 'agree' }, `/conversations/${id}`);
    const token = anon.cookies.get(`cg_conv_${id.replaceAll('-', '')}`)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await anon.post(`/conversations/${id}/vote`, { statement: '1', vote: 'disagree' }, `/conversations/${id}`);
    const ps = await w.services.db
      .select()
      .from(conversationParticipants)
      .where(eq(conversationParticipants.conversationId, id));
    expect(ps).toHaveLength(1);
    expect(ps[0]!.userId).toBeNull();
    expect(ps[0]!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(ps[0])).not.toContain(token);
    expect((await votesOf(id)).every((v) => v.participantId === ps[0]!.id)).toBe(true);
    // Another browser is someone else.
    const other = await w.as(null);
    await other.post(`/conversations/${id}/vote`, { statement: '0', vote: 'pass' }, `/conversations/${id}`);
    expect(
      await w.services.db
        .select()
        .from(conversationParticipants)
        .where(eq(conversationParticipants.conversationId, id)),
    ).toHaveLength(2);
  });

  it('sets no cookie when the vote is refused', async () => {
    const { id } = await start({ audience: 'link', anonymousAllowed: 'yes' });
    const anon = await w.as(null);
    const res = await anon.post(
      `/conversations/${id}/vote`,
      { statement: '42', vote: 'agree' },
      `/conversations/${id}`,
    );
    expect(res.statusCode).toBe(422);
    expect(anon.cookies.has(`cg_conv_${id.replaceAll('-', '')}`)).toBe(false);
  });
});

describe('statements from participants, and moderation', () => {
  it('holds a statement for checking under strict moderation, counting its author as agreeing', async () => {
    const { id } = await start();
    const br = await w.as(w.a.staff.resident);
    const res = await br.post(
      `/conversations/${id}/statements`,
      { text: '  More trees on   the high street ' },
      `/conversations/${id}`,
    );
    expect(res.statusCode).toBe(303);
    const s = (await statementsOf(id)).at(-1)!;
    expect(s).toMatchObject({ number: 3, text: 'More trees on the high street', status: 'pending', isSeed: false });
    const votes = await votesOf(id);
    expect(votes.map((v) => [v.statementId, v.value])).toEqual([[s.id, 1]]);
    const page = $((await br.get(`/conversations/${id}?added=pending`)).body);
    expect(page('.govuk-notification-banner').text()).toContain(
      'Your statement will appear once an officer has checked it.',
    );
    expect(page('#progress').text()).toBe('You have voted on 0 of 3 statements.');
    // Others do not see it yet.
    const other = await w.as(neighbour);
    for (let i = 0; i < 3; i++) {
      const n = (await offered(other, id))!;
      expect(n).not.toBe(3);
      await other.post(`/conversations/${id}/vote`, { statement: String(n), vote: 'pass' }, `/conversations/${id}`);
    }
    expect(await offered(other, id)).toBeUndefined();
  });

  it('publishes at once under permissive moderation', async () => {
    const { id } = await start({ moderation: 'permissive' });
    const br = await w.as(w.a.staff.resident);
    await br.post(`/conversations/${id}/statements`, { text: 'Bins are emptied too rarely' }, `/conversations/${id}`);
    expect((await statementsOf(id)).at(-1)!.status).toBe('accepted');
    const other = await w.as(neighbour);
    expect($((await other.get(`/conversations/${id}`)).body)('#progress').text()).toBe(
      'You have voted on 0 of 4 statements.',
    );
  });

  it.each([
    ['', 'Enter your statement'],
    ['   ', 'Enter your statement'],
    ['z'.repeat(141), 'Your statement must be 140 characters or fewer (it has 141)'],
    [
      'Parks need more BENCHES!',
      'Someone has already made that statement. Vote on it instead, or say something different.',
    ],
  ])('refuses the statement %j and stores nothing', async (text, message) => {
    const { id } = await start();
    const br = await w.as(w.a.staff.resident);
    const res = await br.post(`/conversations/${id}/statements`, { text }, `/conversations/${id}`);
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([message]);
    expect($(res.body)('#text').val()).toBe(text);
    expect(await statementsOf(id)).toHaveLength(3);
    expect(await votesOf(id)).toHaveLength(0);
  });

  it('escapes statement text everywhere it is shown', async () => {
    const { id, br: officerBr } = await start({ moderation: 'permissive' });
    const br = await w.as(w.a.staff.resident);
    await br.post(
      `/conversations/${id}/statements`,
      { text: '<script>alert(1)</script> & more' },
      `/conversations/${id}`,
    );
    const mod = await officerBr.get(`/conversations/${id}/moderation`);
    expect(mod.body).not.toContain('<script>alert(1)</script>');
    expect($(mod.body)('#statement-3 p').first().text()).toBe('<script>alert(1)</script> & more');
  });

  it('lets officers publish, or remove with a reason; removed statements leave voting and the maths', async () => {
    const { id, br: officerBr } = await start();
    const br = await w.as(w.a.staff.resident);
    await br.post(`/conversations/${id}/statements`, { text: 'Open a youth club' }, `/conversations/${id}`);
    await br.post(`/conversations/${id}/statements`, { text: 'The mayor is a crook' }, `/conversations/${id}`);
    const [, , , youth, rude] = await statementsOf(id);
    const modPage = `/conversations/${id}/moderation`;
    const list = $((await officerBr.get('/conversations')).body);
    expect(list(`a[href="/conversations/${id}/moderation"]`).text()).toBe(
      '2 statements waiting to be checked in “What would make the town centre better?”',
    );
    expect($((await br.get('/conversations')).body)(`a[href="/conversations/${id}/moderation"]`)).toHaveLength(0);
    const noReason = await officerBr.post(
      `/conversations/${id}/moderation/${rude!.id}`,
      { decision: 'reject', reason: '' },
      modPage,
    );
    expect(noReason.statusCode).toBe(422);
    expect(errorSummary(noReason.body)).toEqual(['Say why the statement is removed']);
    expect($(noReason.body)(`#reason-${rude!.id}-error`).text()).toContain('Say why the statement is removed');
    expect((await statementsOf(id))[4]!.status).toBe('pending');

    expect(
      (await officerBr.post(`/conversations/${id}/moderation/${youth!.id}`, { decision: 'accept' }, modPage))
        .statusCode,
    ).toBe(303);
    expect(
      (
        await officerBr.post(
          `/conversations/${id}/moderation/${rude!.id}`,
          { decision: 'reject', reason: 'Names a person' },
          modPage,
        )
      ).statusCode,
    ).toBe(303);
    const after = await statementsOf(id);
    expect(after[3]).toMatchObject({ status: 'accepted', moderatedBy: w.a.staff.officer.user.id });
    expect(after[4]).toMatchObject({ status: 'rejected', moderationReason: 'Names a person' });
    const audit = await w.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, rude!.id), eq(auditEvents.action, 'conversation.statement_rejected')));
    expect(audit[0]!.changes).toMatchObject({ reason: 'Names a person', status: { from: 'pending', to: 'rejected' } });

    // The author sees which of their statements was removed, and why.
    const mine = $((await br.get(`/conversations/${id}`)).body);
    expect(mine('#removed-statements li').text()).toBe('“The mayor is a crook”. Reason: Names a person');

    // A resident (not an officer) cannot moderate.
    const refused = await br.postRaw(`/conversations/${id}/moderation/${youth!.id}`, {
      _csrf: await br.csrf(`/conversations/${id}`),
      decision: 'reject',
      reason: 'x',
    });
    expect(refused.statusCode).toBe(403);
    expect((await statementsOf(id))[3]!.status).toBe('accepted');

    // The neighbour now sees 4 statements to vote on, never the removed one.
    const other = await w.as(neighbour);
    const seen: number[] = [];
    for (let n = await offered(other, id); n !== undefined; n = await offered(other, id)) {
      seen.push(n);
      await other.post(`/conversations/${id}/vote`, { statement: String(n), vote: 'agree' }, `/conversations/${id}`);
    }
    expect(seen.sort()).toEqual([0, 1, 2, 3]);
  });
});

describe('more refusals', () => {
  it('will not moderate a statement through another conversation’s address', async () => {
    const one = await start();
    const two = await start();
    const [s0] = await statementsOf(one.id);
    const res = await one.br.post(
      `/conversations/${two.id}/moderation/${s0!.id}`,
      { decision: 'reject', reason: 'Wrong place' },
      `/conversations/${two.id}/moderation`,
    );
    expect(res.statusCode).toBe(404);
    expect((await statementsOf(one.id))[0]!.status).toBe('accepted');
  });

  it('refuses statements and moderation without the form’s CSRF token, changing nothing', async () => {
    const { id, br: officerBr } = await start();
    const br = await w.as(w.a.staff.resident);
    await br.get(`/conversations/${id}`);
    const st = await br.postRaw(`/conversations/${id}/statements`, { text: 'Sneaky statement' });
    expect(st.statusCode).toBe(403);
    const [s0] = await statementsOf(id);
    await officerBr.get(`/conversations/${id}/moderation`);
    const mod = await officerBr.postRaw(`/conversations/${id}/moderation/${s0!.id}`, {
      decision: 'reject',
      reason: 'x',
    });
    expect(mod.statusCode).toBe(403);
    const close = await officerBr.postRaw(`/conversations/${id}/close`, {});
    expect(close.statusCode).toBe(403);
    const after = await statementsOf(id);
    expect(after.map((s) => s.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect((await w.services.conversations.find(w.a.place.id, id)).status).toBe('open');
  });

  it('limits how many statements one participant adds in an hour', async () => {
    const { id } = await start();
    const br = await w.as(neighbour);
    const limit = w.services.conversations.limits.statementsPerHour;
    for (let i = 0; i < limit; i++) {
      const res = await br.post(`/conversations/${id}/statements`, { text: `Idea ${i + 1}` }, `/conversations/${id}`);
      expect(res.statusCode).toBe(303);
    }
    const res = await br.post(`/conversations/${id}/statements`, { text: 'One idea too many' }, `/conversations/${id}`);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('3600');
    expect(res.body).toContain('You have added 10 statements in the last hour. Please wait before adding more.');
    expect(await statementsOf(id)).toHaveLength(3 + limit);
  });
});

describe('tenancy', () => {
  it('keeps one place’s conversations from another place', async () => {
    const { id } = await start();
    const br = await w.as(w.b.staff.officer, w.b);
    expect((await br.get(`/conversations/${id}`)).statusCode).toBe(404);
    expect((await br.get(`/conversations/${id}/manage`)).statusCode).toBe(404);
    const res = await br.postRaw(`/conversations/${id}/vote`, {
      _csrf: await br.csrf('/conversations'),
      statement: '0',
      vote: 'agree',
    });
    expect(res.statusCode).toBe(404);
    expect($((await br.get('/conversations')).body)(`a[href="/conversations/${id}"]`)).toHaveLength(0);
    expect(await votesOf(id)).toHaveLength(0);
  });
});

describe('the background analysis', () => {
  it('runs after votes, finds the two sides, and shows when it was computed', async () => {
    // Ten statements; twenty people in two camps: the first ten agree with 0–4 and disagree with
    // 5–9, the other ten the reverse. Everyone agrees with statement 10.
    const seeds = Array.from({ length: 11 }, (_, i) => `Proposal ${i}`).join('\n');
    const { id, br: officerBr } = await start({ seeds, audience: 'link', anonymousAllowed: 'yes' });
    const c = await w.services.conversations.find(w.a.place.id, id);
    const ctx = systemCtx(w.a.place.id);
    for (let p = 0; p < 20; p++) {
      const who = { token: `token-${id}-${p}` };
      const camp = p < 10 ? 1 : -1;
      for (let s = 0; s < 11; s++) {
        const sign = s === 10 ? 1 : s < 5 ? camp : -camp;
        await w.services.conversations.vote(ctx, c, who, s, sign === 1 ? 'agree' : 'disagree');
      }
    }
    expect(w.services.conversations.analysis.pendingIds()).toContain(id);
    const runs = await w.services.conversations.runPendingAnalyses();
    expect(runs.find((r) => r.conversationId === id)).toMatchObject({ computed: true, votes: 220 });
    const [row] = await w.services.db
      .select()
      .from(conversationAnalyses)
      .where(eq(conversationAnalyses.conversationId, id));
    expect(row!.voteCount).toBe(220);
    expect(row!.result.participants).toBe(20);
    const groups = row!.result.groups.map((g) => [...g.members].sort((x, y) => Number(x) - Number(y)));
    expect(groups).toHaveLength(2);
    const numbers = (from: number) => Array.from({ length: 10 }, (_, i) => String(from + i));
    expect(groups.sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual([numbers(0), numbers(10)]);
    expect(row!.result.consensus.agree.map((s) => s.statementId)).toContain(10);
    expect(row!.result.kSmoother.smoothedK).toBe(2);

    const manage = $((await officerBr.get(`/conversations/${id}/manage`)).body);
    expect(manage('#analysis-computed').text()).toMatch(/^Last worked out .*, from 220 votes\.$/);

    // A re-vote queues a run that keeps the groups' ids (previous result passed back).
    await w.services.conversations.vote(ctx, c, { token: `token-${id}-0` }, 0, 'pass');
    await w.services.conversations.runPendingAnalyses();
    const [again] = await w.services.db
      .select()
      .from(conversationAnalyses)
      .where(eq(conversationAnalyses.conversationId, id));
    expect(again!.voteCount).toBe(221);
    expect(again!.result.groups.map((g) => g.id).sort()).toEqual(row!.result.groups.map((g) => g.id).sort());
    expect(again!.result.groups.find((g) => g.members.includes('5'))!.id).toBe(
      row!.result.groups.find((g) => g.members.includes('5'))!.id,
    );
  });
});
