import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book, insertProject, insertSession, userCtx } from '../src/modules/participation/test/attendance.fixtures.js';
import { systemCtx } from './kit/index.js';
import { Browser, buildTestApp, createPlace, createUser, type TestApp } from './helpers.js';

/** A person's copy of their data gathers what every module holds about them, and nobody else's. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('personal data export across modules', () => {
  it('includes the projects they proposed and joined, their bookings and their attendance', async () => {
    const { place, wards, host } = await createPlace(t.services, 'export.test');
    const me = await createUser(t.services, place.id, 'resident');
    const other = await createUser(t.services, place.id, 'resident');
    const project = await insertProject(t.services.db, place.id, me.user.id, { areaId: wards[0]!.id });
    const session = await insertSession(t.services.db, place.id, project.id, {
      startsAt: new Date('2025-06-03T10:00:00Z'),
      minutes: 90,
      areaId: wards[0]!.id,
    });
    await book(t.services.db, place.id, session.id, me.user.id);
    await book(t.services.db, place.id, session.id, other.user.id);
    await t.services.attendance.saveRegister(systemCtx(place.id), { token: true }, session.id, {
      attendees: [{ userId: me.user.id, role: 'volunteer', minutes: 120 }, { userId: other.user.id }],
      headcount: 0,
    });

    // A conversation: a vote, a change of mind and a statement of their own.
    const officer = await createUser(t.services, place.id, 'officer');
    const octx = userCtx(place.id, officer.user.id);
    const draft = await t.services.conversations.create(octx, officer.user, {
      question: 'What should the old library become?',
      context: '',
      opensOn: null,
      closesOn: null,
      audience: 'residents',
      anonymousAllowed: false,
      moderation: 'permissive',
      seeds: ['A repair café'],
    });
    const talk = await t.services.conversations.open(octx, officer.user, draft.id);
    const mine = { userId: me.user.id };
    await t.services.conversations.vote(userCtx(place.id, me.user.id), talk, mine, 0, 'agree');
    await t.services.conversations.vote(userCtx(place.id, me.user.id), talk, mine, 0, 'disagree');
    await t.services.conversations.submitStatement(userCtx(place.id, me.user.id), talk, mine, 'A quiet room to study');

    const b = new Browser(t.app, host);
    await b.signIn(me.email);
    const res = await b.get('/account/export');
    expect(res.statusCode).toBe(200);
    // Each module's part of the export, by module name.
    const data = JSON.parse(res.body) as Record<string, Record<string, unknown[]>>;
    expect(data.projects!.proposed).toEqual([
      expect.objectContaining({ title: project.title, summary: 'Cooking together' }),
    ]);
    expect(data.projects!.memberships).toEqual([
      { project: project.title, role: 'organiser', joinedAt: expect.any(String) },
    ]);
    expect(data.sessions!.bookings).toEqual([
      { session: 'Cook and eat', startsAt: '2025-06-03T10:00:00.000Z', status: 'booked', bookedAt: expect.any(String) },
    ]);
    expect(data.participation!.attendance).toEqual([
      expect.objectContaining({ day: '2025-06-03', project: project.title, role: 'volunteer', minutes: 120 }),
    ]);
    expect(data.conversations!.tookPartIn).toEqual([
      { conversation: 'What should the old library become?', joinedAt: expect.any(String) },
    ]);
    expect(
      (data.conversations!.votes as { statement: string; vote: string }[]).map((v) => [v.statement, v.vote]),
    ).toEqual([
      ['A repair café', 'agree'],
      ['A repair café', 'disagree'],
      // The author of a statement is counted as agreeing with it, as in Polis.
      ['A quiet room to study', 'agree'],
    ]);
    expect(data.conversations!.statements).toEqual([
      expect.objectContaining({ text: 'A quiet room to study', status: 'accepted' }),
    ]);
    // Nothing about anyone else.
    expect(res.body).not.toContain(other.user.id);
    expect(res.body).not.toContain(other.email);
  });
});
