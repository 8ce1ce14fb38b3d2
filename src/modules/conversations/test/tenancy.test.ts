import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { systemCtx, useWorld, type World } from '../../../../test/kit/index.js';
import type { ActionContext } from '../../../platform/context.js';
import { NotFound } from '../../../platform/errors.js';
import type { Conversation, Statement } from '../conversations.repository.js';
import { conversationParticipants, conversationStatements, conversationVotes } from '../conversations.schema.js';
import { conversationInput } from './fixtures.js';
import { conversationCommitments, conversationOutcomes } from '../outcomes/outcomes.schema.js';

/**
 * Tenancy: place A's people, officers and tokens cannot read, vote on, moderate, export or close
 * the loop on place B's conversation, through the services or the routes. To A it is not there at
 * all (404), and nothing of B's changes.
 */
let theirs: Conversation;
let statement: Statement;

const input = conversationInput('Should the bridge close to cars?', [
  'Close it at weekends',
  'Keep one lane for buses',
]);

/** Everything of B's conversation that an attempt from A could change. */
async function snapshot() {
  const db = w.services.db;
  const of = theirs.id;
  return {
    conversation: await w.services.conversations.find(w.b.place.id, of),
    statements: await db.select().from(conversationStatements).where(eq(conversationStatements.conversationId, of)),
    participants: await db
      .select()
      .from(conversationParticipants)
      .where(eq(conversationParticipants.conversationId, of)),
    votes: await db.select().from(conversationVotes).where(eq(conversationVotes.conversationId, of)),
    outcomes: await db.select().from(conversationOutcomes).where(eq(conversationOutcomes.conversationId, of)),
    commitments: await db.select().from(conversationCommitments).where(eq(conversationCommitments.conversationId, of)),
  };
}

const w = useWorld('conversations-tenancy', {
  async setUp({ b, services }: World) {
    const officerB = b.staff.officer.user;
    const ctxB = { ...systemCtx(b.place.id), actor: { type: 'user' as const, id: officerB.id } };
    theirs = await services.conversations.create(ctxB, officerB, input);
    theirs = await services.conversations.open(ctxB, officerB, theirs.id);
    // A resident statement waiting for B's moderators.
    await services.conversations.submitStatement(ctxB, theirs, { token: 'b'.repeat(43) }, 'Open it for a street party');
    statement = (await services.conversations.statements(theirs, 'pending'))[0]!;
  },
});

/** A's officer and resident, and the officer acting. */
function placeA() {
  const { a } = w;
  const officerA = a.staff.officer;
  const ctxA: ActionContext = { ...systemCtx(a.place.id), actor: { type: 'user', id: officerA.user.id } };
  return { a, officerA, residentA: a.staff.resident, ctxA };
}

describe("through the services, A cannot reach B's conversation", () => {
  it('cannot read it, its report, its outcome or its files', async () => {
    const s = w.services;
    const { a, officerA } = placeA();
    await expect(s.conversations.find(a.place.id, theirs.id)).rejects.toThrow(NotFound);
    await expect(s.conversations.visible(officerA.user, a.place.id, theirs.id)).rejects.toThrow(NotFound);
    expect((await s.conversations.list(officerA.user, a.place.id)).map((c) => c.id)).not.toContain(theirs.id);
    await expect(
      s.conversationReports.report(a.place.id, theirs.id, { officer: true, suppressBelow: 0 }),
    ).rejects.toThrow(NotFound);
    await expect(s.conversationOutcomes.view(a.place.id, theirs.id, { officer: true })).rejects.toThrow(NotFound);
    await expect(s.polisFiles.exportFiles(a.place.id, theirs.id, 'https://a.test')).rejects.toThrow(NotFound);
  });

  it('cannot vote, add a statement, moderate, change, close or write its outcome; nothing of B changes', async () => {
    const s = w.services;
    const { a, officerA, residentA, ctxA } = placeA();
    const before = await snapshot();
    const residentCtx = { ...systemCtx(a.place.id), actor: { type: 'user' as const, id: residentA.user.id } };
    await expect(s.conversations.vote(residentCtx, theirs, { userId: residentA.user.id }, 0, 'agree')).rejects.toThrow(
      NotFound,
    );
    await expect(
      s.conversations.submitStatement(residentCtx, theirs, { userId: residentA.user.id }, 'Build a second bridge'),
    ).rejects.toThrow(NotFound);
    await expect(s.conversations.recordExternalVote(ctxA, theirs, 'paper-1', 0, 1)).rejects.toThrow(NotFound);
    await expect(
      s.conversations.moderate(ctxA, officerA.user, theirs.id, statement.id, {
        decision: 'reject',
        reason: 'Off topic',
        isMeta: false,
      }),
    ).rejects.toThrow(NotFound);
    await expect(s.conversations.update(ctxA, officerA.user, theirs.id, input)).rejects.toThrow(NotFound);
    await expect(s.conversations.close(ctxA, officerA.user, theirs.id)).rejects.toThrow(NotFound);
    await expect(
      s.conversationOutcomes.save(ctxA, officerA.user.id, theirs.id, {
        whatWeHeard: 'Nothing',
        whatWeCannotDo: '',
        whatResidentsCouldTakeOn: '',
      }),
    ).rejects.toThrow(NotFound);
    await expect(
      s.conversationOutcomes.addCommitment(ctxA, officerA.user.id, theirs.id, {
        text: 'Close the bridge',
        owner: 'Highways',
        dueDate: '2030-01-01',
      }),
    ).rejects.toThrow(NotFound);
    expect(await snapshot()).toEqual(before);
  });
});

describe("through the routes, A's people and tokens get 404 for B's conversation", () => {
  it('as an officer of A: no page, report, export, outcome or moderation', async () => {
    const before = await snapshot();
    const officer = await w.as(w.a.staff.officer);
    for (const path of [
      `/conversations/${theirs.id}`,
      `/conversations/${theirs.id}/manage`,
      `/conversations/${theirs.id}/moderation`,
      `/conversations/${theirs.id}/report`,
      `/conversations/${theirs.id}/export`,
      `/conversations/${theirs.id}/export/votes.csv`,
      `/conversations/${theirs.id}/outcome`,
      `/conversations/${theirs.id}/outcome/edit`,
    ])
      expect((await officer.get(path)).statusCode, path).toBe(404);
    // Forms posted with a token from one of A's own pages.
    const token = await officer.csrf('/conversations/new');
    const posts: [string, Record<string, string>][] = [
      [`/conversations/${theirs.id}/moderation/${statement.id}`, { decision: 'reject', reason: 'Spam' }],
      [`/conversations/${theirs.id}/close`, {}],
      [
        `/conversations/${theirs.id}/outcome/edit`,
        { whatWeHeard: 'x', whatWeCannotDo: '', whatResidentsCouldTakeOn: '' },
      ],
      [`/conversations/${theirs.id}/commitments/new`, { text: 'x', owner: 'y', dueDate: '1/1/2030' }],
    ];
    for (const [path, form] of posts)
      expect((await officer.postRaw(path, { _csrf: token, ...form })).statusCode, path).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('as a resident of A: cannot vote or add a statement', async () => {
    const before = await snapshot();
    const resident = await w.as(w.a.staff.resident);
    // A token from a page of A's own (the sign-out form on every page).
    const token = await resident.csrf('/');
    expect(
      (await resident.postRaw(`/conversations/${theirs.id}/vote`, { _csrf: token, statement: '0', vote: 'agree' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await resident.postRaw(`/conversations/${theirs.id}/statements`, { _csrf: token, text: 'Build a tunnel' }))
        .statusCode,
    ).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it("with A's officer token: the API answers 404 to reading and to recording a vote", async () => {
    const before = await snapshot();
    const officer = await w.api('officer');
    expect((await officer.get(`/api/v1/conversations/${theirs.id}`)).statusCode).toBe(404);
    expect((await officer.get(`/api/v1/conversations/${theirs.id}/analysis`)).statusCode).toBe(404);
    const vote = await officer.post(`/api/v1/conversations/${theirs.id}/votes`, {
      participant: 'paper-1',
      statement: 0,
      vote: 1,
    });
    expect(vote.statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
  });
});
