import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { $, errorSummary, type Browser } from '../../../../../test/helpers.js';
import { useWorld, type World } from '../../../../../test/kit/index.js';
import { conversationCommitments, conversationCommitmentUpdates, conversationOutcomes } from '../outcomes.schema.js';
import { isOverdue } from '../outcomes.service.js';
import { seedConversation } from '../../test/fixtures.js';

let officer: Browser;
let resident: Browser;
let conversationId: string;

const w = useWorld('outcomes', {
  async setUp(world: World) {
    const { a, services } = world;
    officer = await world.as(a.staff.officer);
    resident = await world.as(a.staff.resident);
    // Participant 0 took part with the resident's account; participant 1 anonymously.
    const c = await seedConversation(services.db, a.place.id, {
      question: 'How should we use the old library?',
      status: 'closed',
      statements: ['Keep it as a library'],
      votes: [
        [0, 0, 1],
        [1, 0, -1],
      ],
      userIds: { 0: a.staff.resident.user.id },
    });
    conversationId = c.id;
  },
});

const outcomeRow = async () =>
  (
    await w.services.db
      .select()
      .from(conversationOutcomes)
      .where(eq(conversationOutcomes.conversationId, conversationId))
  )[0];
const commitmentRows = async () =>
  w.services.db
    .select()
    .from(conversationCommitments)
    .where(eq(conversationCommitments.conversationId, conversationId));
const url = (p = '') => `/conversations/${conversationId}${p}`;

describe('closing the loop', () => {
  it('refuses bad input on every form with a clear message, storing nothing', async () => {
    let res = await officer.post(url('/outcome/edit'), { whatWeHeard: 'x'.repeat(10_001) });
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual(['What you heard must be 10,000 characters or fewer']);
    res = await officer.post(url('/outcome/edit'), { whatWeHeard: 'ok', sneaky: '1' });
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)[0]).toContain('sneaky');
    expect(await outcomeRow()).toBeUndefined();

    const form = url('/commitments/new');
    res = await officer.post(form, { text: '', owner: '', dueDate: '' });
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([
      'Enter what the council will do',
      'Enter who is responsible (a name or a team)',
      'Enter the date it is due, for example 30/9/2026',
    ]);
    res = await officer.post(form, { text: 'Crossing', owner: 'Highways', dueDate: '31/2/2026' });
    expect(errorSummary(res.body)).toEqual(['The due date must be a real date, for example 30/9/2026']);
    // The typed values come back so nothing has to be typed again.
    expect($(res.body)('#owner').val()).toBe('Highways');
    res = await officer.post(form, { text: 'Crossing\u0007', owner: 'Highways', dueDate: '2026-09-30' });
    expect(errorSummary(res.body)).toEqual(['What the council will do must not contain control characters']);
    expect(await commitmentRows()).toHaveLength(0);

    // Publishing with nothing written: refused, nothing published, nobody emailed.
    res = await officer.post(url('/outcome/publish'), {}, url('/outcome'));
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual(['Write what you heard before publishing: participants are told about it']);
    expect(await w.services.mail.list(w.a.place.id)).toHaveLength(0);
  });

  it('lets only officers write, commit and publish', async () => {
    expect((await resident.get(url('/outcome/edit'))).statusCode).toBe(403);
    const token = await officer.csrf(url('/outcome'));
    expect((await resident.postRaw(url('/outcome/publish'), { _csrf: token })).statusCode).toBe(403);
    const anonymous = await w.as(null);
    const res = await anonymous.get(url('/commitments/new'));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('/sign-in');
    expect(await outcomeRow()).toBeUndefined();
  });

  it('keeps a saved outcome private until published, then tells participants who can be emailed', async () => {
    let res = await officer.post(url('/outcome/edit'), {
      whatWeHeard: 'Most people want it kept as a library.\n\nMany asked for longer hours.',
      whatWeCannotDo: 'We cannot open on Sundays: no budget for staff.',
      whatResidentsCouldTakeOn: 'A Sunday reading group run by volunteers.',
    });
    expect(res.statusCode).toBe(303);
    res = await officer.post(url('/commitments/new'), {
      text: 'Open until 8pm on Thursdays',
      owner: 'Libraries team',
      dueDate: '1/4/2020',
    });
    expect(res.statusCode).toBe(303);
    await officer
      .post(url('/commitments/new'), { text: 'Fix the roof', owner: 'Property services', dueDate: '2999-01-01' })
      .then((r) => expect(errorSummary(r.body)).toEqual(['The due date must be between the years 2000 and 2100']));

    // The public see that nothing is published yet, and none of the draft.
    res = await resident.get(url('/outcome'));
    expect(res.statusCode).toBe(200);
    expect($(res.body)('#not-yet').text()).toContain('has not yet published');
    expect(res.body).not.toContain('longer hours');
    expect(res.body).not.toContain('Open until 8pm');

    // The officer sees who can and cannot be told before publishing.
    res = await officer.get(url('/outcome'));
    expect($(res.body)('#publish p').text().replace(/\s+/g, ' ')).toContain(
      'emails the 1 person who took part with an account and a confirmed email address. 1 took part without an account and cannot be emailed.',
    );
    res = await officer.post(url('/outcome/publish'), {}, url('/outcome'));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(url('/outcome?published=1'));

    const row = await outcomeRow();
    expect(row!.publishedAt).toBeInstanceOf(Date);
    expect(row!.notifiedAt).toBeInstanceOf(Date);
    const mail = await w.services.mail.list(w.a.place.id);
    expect(mail.map((m) => m.toAddress)).toEqual([w.a.staff.resident.email]);
    expect(mail[0]!.subject).toBe('What we heard: How should we use the old library?');
    expect(mail[0]!.body).toContain(`http://${w.a.host}${url('/outcome')}`);

    res = await (await w.as(null)).get(url('/outcome'));
    const q = $(res.body);
    expect(
      q('#what-we-heard p')
        .map((_, p) => q(p).text())
        .get(),
    ).toEqual(['Most people want it kept as a library.', 'Many asked for longer hours.']);
    expect(q('#what-we-cannot-do').text()).toContain('no budget for staff');
    expect(q('#anonymous-note').text()).toContain('1 person took part without an account. We cannot email them');
    expect(q('a[href="/projects/new"]')).toHaveLength(1);
    const item = q('#commitments > li').first();
    expect(item.find('h3').text()).toBe('Open until 8pm on Thursdays');
    expect(item.text()).toContain('Libraries team');
    expect(item.text()).toContain('1 April 2020');
    expect(item.find('.govuk-tag--red').text().trim()).toBe('Overdue');
    expect(q('#officer-tools')).toHaveLength(0);

    // Publishing twice is refused and emails nobody again.
    res = await officer.post(url('/outcome/publish'), {}, url('/outcome/edit'));
    expect(res.statusCode).toBe(409);
    expect(await w.services.mail.list(w.a.place.id)).toHaveLength(1);

    const audit = await w.services.audit.list(w.a.place.id, { subjectId: conversationId });
    expect(audit.map((a) => a.action).sort()).toEqual([
      'conversation.outcome_published',
      'conversation.outcome_written',
    ]);
  });

  it('tracks a commitment to done, with dated updates shown publicly', async () => {
    const [c] = await commitmentRows();
    const form = url(`/commitments/${c!.id}`);
    let res = await officer.post(form, { status: 'not_started', note: '' });
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([
      'The status is unchanged: choose a new status or add a note about progress',
    ]);
    res = await officer.post(form, { status: 'finished' });
    expect(errorSummary(res.body)).toEqual(['Choose where the commitment stands']);
    res = await officer.post(form, { status: 'in_progress', note: 'Staff rota agreed' });
    expect(res.statusCode).toBe(303);
    res = await officer.post(form, { status: 'done', note: '' });
    expect(res.statusCode).toBe(303);
    const [after] = await commitmentRows();
    expect(after!.status).toBe('done');
    expect(after!.doneAt).toBeInstanceOf(Date);
    const updates = await w.services.db
      .select()
      .from(conversationCommitmentUpdates)
      .where(eq(conversationCommitmentUpdates.commitmentId, c!.id));
    expect(updates.map((u) => [u.status, u.note])).toEqual([
      ['not_started', ''],
      ['in_progress', 'Staff rota agreed'],
      ['done', ''],
    ]);
    res = await (await w.as(null)).get(url('/outcome'));
    const page = $(res.body);
    const item = page(`#commitment-${c!.id}`);
    expect(item.find('.govuk-tag--green').text().trim()).toBe('Done');
    expect(item.find('.govuk-tag--red')).toHaveLength(0);
    expect(
      item
        .find('details li')
        .map((_, li) =>
          page(li)
            .text()
            .replace(/^.*?: /, ''),
        )
        .get(),
    ).toEqual(['Not started', 'In progress. Staff rota agreed', 'Done']);
    const audit = await w.services.audit.list(w.a.place.id, { action: 'conversation.commitment_updated' });
    expect(audit).toHaveLength(2);
  });

  it('lets an officer correct a commitment, refusing bad input and auditing the change', async () => {
    const [c] = await commitmentRows();
    const form = url(`/commitments/${c!.id}/edit`);
    let res = await officer.get(form);
    expect($(res.body)('#dueDate').val()).toBe('1/4/2020');
    expect($(res.body)('#owner').val()).toBe('Libraries team');
    res = await officer.post(form, { text: 'Open until 8pm on Thursdays', owner: '', dueDate: '2020-13-01' });
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([
      'Enter who is responsible (a name or a team)',
      'The due date must be a real date, for example 30/9/2026',
    ]);
    expect((await commitmentRows())[0]!.owner).toBe('Libraries team');
    res = await officer.post(form, {
      text: 'Open until 8pm on Thursdays',
      owner: 'Library service',
      dueDate: '1/5/2020',
    });
    expect(res.statusCode).toBe(303);
    const [after] = await commitmentRows();
    expect([after!.owner, after!.dueDate, after!.status]).toEqual(['Library service', '2020-05-01', 'done']);
    const [entry] = await w.services.audit.list(w.a.place.id, { action: 'conversation.commitment_changed' });
    expect(entry!.changes).toMatchObject({ owner: { from: 'Libraries team', to: 'Library service' } });
    expect((await resident.get(form)).statusCode).toBe(403);
  });

  it('lists every commitment in the place, overdue first; the public only see published ones', async () => {
    const other = await seedConversation(w.services.db, w.a.place.id, {
      question: 'Where should the new benches go?',
      status: 'closed',
      statements: ['By the pond'],
      votes: [[0, 0, 1]],
    });
    const res0 = await officer.post(`/conversations/${other.id}/commitments/new`, {
      text: 'Order six benches',
      owner: 'Parks team',
      dueDate: '2021-05-01',
    });
    expect(res0.statusCode).toBe(303);

    let res = await (await w.as(null)).get('/conversations/commitments');
    let q = $(res.body);
    expect(
      q('#commitments h2')
        .map((_, h) => q(h).text())
        .get(),
    ).toEqual(['Open until 8pm on Thursdays']);
    expect(q('#overdue-count').text()).toBe('Nothing is overdue.');

    res = await officer.get('/conversations/commitments');
    q = $(res.body);
    expect(
      q('#commitments h2')
        .map((_, h) => q(h).text())
        .get(),
    ).toEqual(['Order six benches', 'Open until 8pm on Thursdays']);
    expect(q('#overdue-count').text()).toBe('1 commitment is overdue.');
    const first = q('#commitments > li').first();
    expect(first.find('.govuk-tag--red').text().trim()).toBe('Overdue');
    expect(first.text()).toContain('Not published');
    expect(first.text()).toContain('Parks team, due 1 May 2021');

    // Another place's list is its own.
    res = await (await w.as(null, w.b)).get('/conversations/commitments');
    expect($(res.body)('#commitments')).toHaveLength(0);
  });

  it('never lets another place see or change the outcome', async () => {
    const b = await w.as(w.b.staff.officer, w.b);
    expect((await b.get(url('/outcome'))).statusCode).toBe(404);
    expect((await b.get(url('/outcome/edit'))).statusCode).toBe(404);
    const token = await b.csrf('/sign-in');
    const res = await b.postRaw(url('/outcome/edit'), { _csrf: token, whatWeHeard: 'Hijacked' });
    expect(res.statusCode).toBe(404);
    expect((await outcomeRow())!.whatWeHeard).not.toContain('Hijacked');
  });
});

describe('isOverdue', () => {
  it('is overdue only after the due day, and never once done', () => {
    expect(isOverdue({ dueDate: '2026-03-01', status: 'in_progress' }, '2026-03-01')).toBe(false);
    expect(isOverdue({ dueDate: '2026-03-01', status: 'in_progress' }, '2026-03-02')).toBe(true);
    expect(isOverdue({ dueDate: '2026-03-01', status: 'done' }, '2026-03-02')).toBe(false);
    expect(isOverdue({ dueDate: null, status: 'not_started' }, '2026-03-02')).toBe(false);
  });
});
