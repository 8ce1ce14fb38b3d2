import { and, asc, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseLines } from '../../../lib/ics.js';
import { systemContext } from '../../../platform/context.js';
import {
  auditEvents,
  bookings,
  calendarFeeds,
  outbox,
  sessionSeries,
  sessions,
  users,
} from '../../../../test/schema.js';
import { $, errorSummary } from '../../../../test/helpers.js';
import { useWorld, type TestUser } from '../../../../test/kit/index.js';
import { insertProject, insertSpace, sessionForm } from './fixtures.js';

let organiser: TestUser;
let outsider: TestUser;
let residents: TestUser[];
let project: Awaited<ReturnType<typeof insertProject>>;
let hall: Awaited<ReturnType<typeof insertSpace>>;

const w = useWorld('sessions-web', {
  setUp: async ({ services, a }) => {
    organiser = a.staff.organiser;
    outsider = await w.person('organiser');
    residents = [];
    for (let i = 0; i < 10; i++) residents.push(await w.person('resident'));
    project = await insertProject(services, w.a.place.id, {
      title: 'Repair café, Thamesmead',
      areaId: w.a.wards[0]!.id,
      organiserId: organiser.user.id,
    });
    hall = await insertSpace(services, w.a.place.id, { name: 'Community hall', areaId: w.a.wards[1]!.id });
  },
});
const newPath = (projectId = project.id) => `/projects/${projectId}/sessions/new`;

async function seriesCount(placeId = w.a.place.id) {
  const [row] = await w.services.db
    .select({ n: count() })
    .from(sessionSeries)
    .where(eq(sessionSeries.placeId, placeId));
  return row!.n;
}
async function occurrencesOf(seriesId: string) {
  return w.services.db.select().from(sessions).where(eq(sessions.seriesId, seriesId)).orderBy(asc(sessions.startsAt));
}
async function schedule(form: Record<string, string>, projectId = project.id) {
  const br = await w.as(organiser);
  const res = await br.post(newPath(projectId), form);
  expect(res.statusCode, errorSummary(res.body).join(' | ')).toBe(303);
  const id = /^\/sessions\/([0-9a-f-]{36})\?scheduled=\d+$/.exec(res.headers.location as string)![1]!;
  const [first] = await w.services.db.select().from(sessions).where(eq(sessions.id, id));
  return { id, seriesId: first!.seriesId, occurrences: await occurrencesOf(first!.seriesId) };
}
async function auditCount(action: string, subjectId?: string) {
  const where = [eq(auditEvents.placeId, w.a.place.id), eq(auditEvents.action, action)];
  if (subjectId) where.push(eq(auditEvents.subjectId, subjectId));
  const [row] = await w.services.db
    .select({ n: count() })
    .from(auditEvents)
    .where(and(...where));
  return row!.n;
}
const iso = (rows: { startsAt: Date }[]) => rows.map((r) => r.startsAt.toISOString());

describe('scheduling through the form', () => {
  it('shows the form to organisers of the project, with the place’s spaces', async () => {
    const res = await (await w.as(organiser)).get(newPath());
    expect(res.statusCode).toBe(200);
    const q = $(res.body);
    expect(q('h1').text()).toBe('Schedule a session');
    expect(
      q('#spaceId option')
        .map((_i, o) => q(o).text())
        .get(),
    ).toEqual(['No space (or not decided yet)', 'Community hall']);
    expect(q('#repeat-hint').text()).toContain('up to 200 sessions over up to 2 years');
  });

  it('schedules a one-off session in a space, in the space’s ward, audited', async () => {
    const { id, seriesId, occurrences } = await schedule(sessionForm({ spaceId: hall.id, capacity: '12' }));
    expect(occurrences).toHaveLength(1);
    expect(occurrences[0]).toMatchObject({
      id,
      placeId: w.a.place.id,
      projectId: project.id,
      spaceId: hall.id,
      areaId: w.a.wards[1]!.id,
      durationMinutes: 90,
      capacity: 12,
      dropIn: false,
    });
    // 23 March 2027 is GMT: 10:00 London is 10:00 UTC.
    expect(occurrences[0]!.startsAt.toISOString()).toBe('2027-03-23T10:00:00.000Z');
    expect(occurrences[0]!.endsAt.toISOString()).toBe('2027-03-23T11:30:00.000Z');
    const [series] = await w.services.db.select().from(sessionSeries).where(eq(sessionSeries.id, seriesId));
    expect(series!.rrule).toBeNull();
    expect(await auditCount('session.scheduled', seriesId)).toBe(1);
    const page = $((await (await w.as(organiser)).get(`/sessions/${id}`)).body);
    expect(page('h1').text()).toContain('Fix-it morning');
    expect(page('.govuk-summary-list').text()).toContain('Tuesday 23 March 2027');
    expect(page('.govuk-summary-list').text()).toContain('10:00am to 11:30am');
    expect(page('.govuk-summary-list').text()).toContain('South Ward');
  });

  it('schedules weekly three times, at 10:00 London time across the clock change', async () => {
    const { seriesId, occurrences } = await schedule(
      sessionForm({ 'date-day': '16', repeat: 'weekly', ends: 'count', count: '3', startTime: '18:00' }),
    );
    // 16 March 2027 GMT; 23 March GMT; clocks go forward 28 March, so 30 March is BST.
    expect(iso(occurrences)).toEqual([
      '2027-03-16T18:00:00.000Z',
      '2027-03-23T18:00:00.000Z',
      '2027-03-30T17:00:00.000Z',
    ]);
    expect(occurrences.every((o) => o.areaId === w.a.wards[0]!.id && o.spaceId === null)).toBe(true);
    const [series] = await w.services.db.select().from(sessionSeries).where(eq(sessionSeries.id, seriesId));
    expect(series!.rrule).toBe('FREQ=WEEKLY;BYDAY=TU;COUNT=3');
  });

  it('schedules every two weeks until a date, skipping exception dates', async () => {
    const { occurrences } = await schedule(
      sessionForm({
        'date-day': '6',
        'date-month': '4',
        repeat: 'fortnightly',
        ends: 'until',
        'until-day': '1',
        'until-month': '6',
        'until-year': '2027',
        exceptions: '04/05/2027\n\n2027-05-18\n',
      }),
    );
    // 6 Apr, 20 Apr, 4 May, 18 May, 1 Jun, less 4 and 18 May; all BST.
    expect(iso(occurrences)).toEqual([
      '2027-04-06T09:00:00.000Z',
      '2027-04-20T09:00:00.000Z',
      '2027-06-01T09:00:00.000Z',
    ]);
  });

  it('schedules monthly on the same weekday position', async () => {
    const { occurrences } = await schedule(
      sessionForm({ 'date-day': '13', 'date-month': '4', repeat: 'monthly', ends: 'count', count: '3' }),
    );
    // The second Tuesday: 13 April, 11 May, 8 June 2027.
    expect(iso(occurrences)).toEqual([
      '2027-04-13T09:00:00.000Z',
      '2027-05-11T09:00:00.000Z',
      '2027-06-08T09:00:00.000Z',
    ]);
  });
});

describe('ids the service issues', () => {
  it('schedules in a space and a project whose ids are not RFC 4122, as the demo’s are', async () => {
    const demoSpace = await insertSpace(w.services, w.a.place.id, {
      id: '7c2e9a41-0d3b-0e5f-1a2b-3c4d5e6f7a8b',
      name: 'Demo hub',
    });
    const demoProject = await insertProject(w.services, w.a.place.id, {
      id: '3a5b7c9d-1e2f-0a4b-0c6d-8e0f1a2b3c4d',
      title: 'Demo project',
      organiserId: organiser.user.id,
    });
    const { occurrences } = await schedule(
      sessionForm({ spaceId: demoSpace.id, 'date-day': '24', title: 'In the demo hub' }),
      demoProject.id,
    );
    expect(occurrences).toHaveLength(1);
    expect(occurrences[0]).toMatchObject({ projectId: demoProject.id, spaceId: demoSpace.id });
    // Anything that is not an id at all is still refused with the list's message.
    const refused = await (await w.as(organiser)).post(newPath(), sessionForm({ spaceId: 'not-a-space' }));
    expect(refused.statusCode).toBe(422);
    expect(errorSummary(refused.body)).toEqual(['Choose a space from the list']);
  });
});

describe('refusing schedules', () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      'an end before the start',
      { repeat: 'weekly', ends: 'until', 'until-day': '1', 'until-month': '3', 'until-year': '2027' },
      'These choices give no sessions at all: check the end date and the dates to skip.',
    ],
    [
      'exceptions removing every date',
      { repeat: 'weekly', ends: 'count', count: '2', exceptions: '23/03/2027\n30/03/2027' },
      'These choices give no sessions at all: check the end date and the dates to skip.',
    ],
    ['more than 200', { repeat: 'weekly', ends: 'count', count: '201' }, 'A series can have at most 200 sessions'],
    ['an impossible date', { 'date-day': '31', 'date-month': '2' }, 'The date of the session must be a real date'],
    ['a date with no month', { 'date-month': '' }, 'The date of the session must include a month'],
    ['a start in the past', { 'date-year': '2025' }, 'The first session must start in the future.'],
    [
      'an end past midnight',
      { startTime: '23:00', durationMinutes: '61' },
      'The session must end by midnight: choose an earlier start or a shorter duration.',
    ],
    [
      'an exception that is not a session day',
      { repeat: 'weekly', ends: 'count', count: '2', exceptions: '24/03/2027' },
      '24 March 2027 is not one of the dates this session repeats on.',
    ],
    [
      'a malformed exception',
      { repeat: 'weekly', ends: 'count', count: '2', exceptions: '23/03/2027\nnext tuesday' },
      'Line 2 of the dates to skip ("next tuesday") is not a real date like 25/12/2026',
    ],
    [
      'an impossible until date',
      { repeat: 'weekly', ends: 'until', 'until-day': '31', 'until-month': '4', 'until-year': '2027' },
      'The last date must be a real date',
    ],
    ['a repeat without an end', { repeat: 'weekly' }, 'Choose when the repeats end'],
    ['no title', { title: '  ' }, 'Enter a title'],
    ['a short duration', { durationMinutes: '10' }, 'The duration must be a whole number of minutes from 15 to 720'],
    ['a long duration', { durationMinutes: '721' }, 'The duration must be a whole number of minutes from 15 to 720'],
    [
      'a duration in words',
      { durationMinutes: 'ninety' },
      'The duration must be a whole number of minutes from 15 to 720',
    ],
    ['a bad time', { startTime: '25:00' }, 'The start time must be a 24-hour time like 10:00 or 18:30'],
    ['no places', { capacity: '0' }, 'The number of places must be a whole number from 1 to 1,000'],
    ['too many places', { capacity: '1001' }, 'The number of places must be a whole number from 1 to 1,000'],
    ['a made-up space', { spaceId: 'not-a-space' }, 'Choose a space from the list'],
    ['a space of another place', { spaceId: '00000000-0000-4000-8000-000000000000' }, 'Choose a space from the list'],
    ['no drop-in answer', { dropIn: 'maybe' }, 'Say whether people can just drop in'],
    [
      'an unknown field',
      { admin: 'yes' },
      'The form sent fields it does not accept: admin. Reload the page and try again.',
    ],
  ];
  for (const [name, over, message] of cases) {
    it(`refuses ${name}, storing nothing`, async () => {
      const before = await seriesCount();
      const res = await (await w.as(organiser)).post(newPath(), sessionForm(over));
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toContain(message);
      expect(await seriesCount()).toBe(before);
    });
  }

  it('refuses a rule in a space that clashes with live sessions, naming the dates', async () => {
    await schedule(
      sessionForm({
        spaceId: hall.id,
        'date-day': '4',
        'date-month': '5',
        repeat: 'weekly',
        ends: 'count',
        count: '3',
      }),
    );
    const before = await seriesCount();
    const res = await (
      await w.as(organiser)
    ).post(
      newPath(),
      sessionForm({
        spaceId: hall.id,
        'date-day': '27',
        'date-month': '4',
        startTime: '11:00',
        repeat: 'weekly',
        ends: 'count',
        count: '3',
      }),
    );
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([
      'Community hall is already in use at that time on 4 May 2027, 11 May 2027. Choose another time or space.',
    ]);
    expect($(res.body)('#spaceId-error').text()).toContain('already in use');
    expect(await seriesCount()).toBe(before);
    // Back to back is fine: 11:30 starts as the other ends.
    await schedule(sessionForm({ spaceId: hall.id, 'date-day': '4', 'date-month': '5', startTime: '11:30' }));
  });

  it('keeps the values typed when the form is refused', async () => {
    const res = await (await w.as(organiser)).post(newPath(), sessionForm({ title: 'Keep me', durationMinutes: '5' }));
    expect($(res.body)('#title').val()).toBe('Keep me');
    expect($(res.body)('#date-day').val()).toBe('23');
  });

  it('is only for the project’s organisers, and only in its place', async () => {
    const before = await seriesCount();
    for (const who of [outsider, residents[0]!]) {
      const br = await w.as(who);
      expect((await br.get(newPath())).statusCode).toBe(403);
      expect((await br.post(newPath(), sessionForm(), '/account')).statusCode).toBe(403);
    }
    const anon = await w.as(null);
    expect((await anon.get(newPath())).statusCode).toBe(303);
    expect((await (await w.as(w.b.staff.admin, w.b)).get(newPath())).statusCode).toBe(404);
    expect((await (await w.as(organiser)).get(newPath('not-a-uuid'))).statusCode).toBe(404);
    expect(await seriesCount()).toBe(before);
  });
});

describe('booking, the waiting list and cancelling', () => {
  it('books, waitlists, and promotes the first waiting person when a place frees up', async () => {
    const { id } = await schedule(
      sessionForm({ 'date-day': '8', 'date-month': '6', capacity: '2', title: 'Small group' }),
    );
    const [r1, r2, r3, r4] = residents;
    const browsers = [];
    for (const r of [r1!, r2!, r3!, r4!]) {
      const br = await w.as(r);
      const res = await br.post(`/sessions/${id}/book`, {}, `/sessions/${id}`);
      expect(res.statusCode).toBe(303);
      browsers.push({ br, res });
    }
    expect(browsers.map((x) => x.res.headers.location)).toEqual([
      `/sessions/${id}?booked=1`,
      `/sessions/${id}?booked=1`,
      `/sessions/${id}?waitlisted=1`,
      `/sessions/${id}?waitlisted=1`,
    ]);
    const page4 = $((await browsers[3]!.br.get(`/sessions/${id}`)).body);
    expect(page4('[data-testid="my-booking"]').text()).toBe('You are number 2 on the waiting list.');
    expect(page4('.govuk-summary-list').text()).toContain('2 in total, 0 left, 2 on the waiting list');

    // Booking twice changes nothing.
    await browsers[0]!.br.post(`/sessions/${id}/book`, {}, `/sessions/${id}`);
    expect(await w.services.sessions.bookingsFor(w.a.place.id, id)).toHaveLength(4);

    const res = await browsers[0]!.br.post(`/sessions/${id}/cancel-booking`, {}, `/sessions/${id}`);
    expect(res.headers.location).toBe(`/sessions/${id}?unbooked=1`);
    const rows = await w.services.sessions.bookingsFor(w.a.place.id, id);
    expect(rows.map((x) => [x.userId, x.status])).toEqual([
      [r2!.user.id, 'booked'],
      [r3!.user.id, 'booked'],
      [r4!.user.id, 'waitlisted'],
    ]);
    expect(await auditCount('booking.promoted')).toBe(1);
    expect(await auditCount('booking.cancelled')).toBe(1);
    const mail = await w.services.db.select().from(outbox).where(eq(outbox.toAddress, r3!.email));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('You have a place: Small group');
    expect(mail[0]!.body).toContain(`/sessions/${id}`);
    expect(mail[0]!.body).toContain('Tuesday 8 June 2027, 10:00am');
    expect($((await browsers[3]!.br.get(`/sessions/${id}`)).body)('[data-testid="my-booking"]').text()).toBe(
      'You are number 1 on the waiting list.',
    );

    // Organisers see names only.
    const orgPage = $((await (await w.as(organiser)).get(`/sessions/${id}`)).body);
    const names = orgPage('[data-testid="bookings"] tbody tr')
      .map((_i, tr) =>
        orgPage(tr)
          .find('td')
          .map((_j, td) => orgPage(td).text().trim())
          .get()
          .join(' | '),
      )
      .get();
    expect(names).toEqual(['Test resident | Booked', 'Test resident | Booked', 'Test resident | Waiting list']);
    expect(orgPage('[data-testid="bookings"]').text()).not.toContain('@');
    // Residents do not.
    expect($((await browsers[1]!.br.get(`/sessions/${id}`)).body)('[data-testid="bookings"]')).toHaveLength(0);
  });

  it('never overbooks: ten people booking a three-place session at once', async () => {
    const { id } = await schedule(
      sessionForm({ 'date-day': '15', 'date-month': '6', capacity: '3', title: 'Popular' }),
    );
    const ready = [];
    for (const r of residents) {
      const br = await w.as(r);
      ready.push({ br, token: await br.csrf(`/sessions/${id}`) });
    }
    const results = await Promise.all(
      ready.map(({ br, token }) => br.postRaw(`/sessions/${id}/book`, { _csrf: token })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(303));
    const rows = await w.services.db.select().from(bookings).where(eq(bookings.sessionId, id));
    expect(rows.filter((r) => r.status === 'booked')).toHaveLength(3);
    expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(7);
    const positions = [];
    for (const r of residents) {
      const mine = await w.services.sessions.myBooking(w.a.place.id, id, r.user.id);
      if (mine?.status === 'waitlisted') positions.push(mine.position);
    }
    expect(positions.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('has no booking for drop-in sessions', async () => {
    const { id } = await schedule(sessionForm({ 'date-day': '22', 'date-month': '6', dropIn: 'yes', capacity: '5' }));
    const br = await w.as(residents[0]!);
    const page = $((await br.get(`/sessions/${id}`)).body);
    expect(page('main').text()).toContain('You do not need to book');
    expect(page(`form[action="/sessions/${id}/book"]`)).toHaveLength(0);
    const token = await br.csrf('/account');
    const res = await br.postRaw(`/sessions/${id}/book`, { _csrf: token });
    expect(res.statusCode).toBe(409);
    expect(await w.services.sessions.bookingsFor(w.a.place.id, id)).toHaveLength(0);
  });

  it('sends people to sign in to book, and refuses extra fields', async () => {
    const { id } = await schedule(sessionForm({ 'date-day': '29', 'date-month': '6' }));
    const anon = await w.as(null);
    expect($((await anon.get(`/sessions/${id}`)).body)('main a[href^="/sign-in"]').text()).toBe(
      'Sign in to book a place',
    );
    const res = await anon.post(`/sessions/${id}/book`, {}, '/sign-in');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/sign-in/);
    const br = await w.as(residents[0]!);
    const bad = await br.post(`/sessions/${id}/book`, { userId: residents[1]!.user.id }, `/sessions/${id}`);
    expect(bad.statusCode).toBe(422);
    expect(await w.services.sessions.bookingsFor(w.a.place.id, id)).toHaveLength(0);
  });
});

describe('cancelling sessions', () => {
  it('cancels one session with a reason and emails everyone booked or waiting', async () => {
    const { id } = await schedule(
      sessionForm({ 'date-day': '6', 'date-month': '7', capacity: '1', title: 'Soon cancelled' }),
    );
    for (const r of residents.slice(0, 3)) await (await w.as(r)).post(`/sessions/${id}/book`, {}, `/sessions/${id}`);
    const org = await w.as(organiser);
    const empty = await org.post(`/sessions/${id}/cancel`, { scope: 'one', reason: ' ' });
    expect(empty.statusCode).toBe(422);
    expect(errorSummary(empty.body)).toEqual(['Say why the session is cancelled']);
    expect((await (await w.as(residents[0]!)).get(`/sessions/${id}/cancel`)).statusCode).toBe(403);

    const res = await org.post(`/sessions/${id}/cancel`, { scope: 'one', reason: 'The hall has a leak; sorry' });
    expect(res.headers.location).toBe(`/sessions/${id}?cancelled=1`);
    const [row] = await w.services.db.select().from(sessions).where(eq(sessions.id, id));
    expect(row!.cancelledAt).not.toBeNull();
    expect(row!.cancelReason).toBe('The hall has a leak; sorry');
    const mails = await w.services.db.select().from(outbox).where(eq(outbox.placeId, w.a.place.id));
    const cancelMails = mails.filter((m) => m.subject.startsWith('Cancelled: Soon cancelled'));
    expect(cancelMails.map((m) => m.toAddress).sort()).toEqual(
      residents
        .slice(0, 3)
        .map((r) => r.email)
        .sort(),
    );
    expect(cancelMails[0]!.body).toContain('The organiser said: The hall has a leak; sorry');
    expect(await auditCount('session.cancelled', id)).toBe(1);
    const page = $((await (await w.as(residents[3]!)).get(`/sessions/${id}`)).body);
    expect(page('h1 .govuk-tag').text().trim()).toBe('Cancelled');
    expect(page(`form[action="/sessions/${id}/book"]`)).toHaveLength(0);
    const br = await w.as(residents[3]!);
    const late = await br.postRaw(`/sessions/${id}/book`, { _csrf: await br.csrf('/account') });
    expect(late.statusCode).toBe(409);
  });

  it('cancels the rest of a series from one occurrence on', async () => {
    const { occurrences } = await schedule(
      sessionForm({
        'date-day': '5',
        'date-month': '10',
        repeat: 'weekly',
        ends: 'count',
        count: '4',
        title: 'Autumn',
      }),
    );
    const res = await (
      await w.as(organiser)
    ).post(`/sessions/${occurrences[1]!.id}/cancel`, { scope: 'rest', reason: 'Funding ended' });
    expect(res.headers.location).toBe(`/sessions/${occurrences[1]!.id}?cancelled=3`);
    const after = await occurrencesOf(occurrences[0]!.seriesId);
    expect(after.map((o) => o.cancelledAt !== null)).toEqual([false, true, true, true]);
  });
});

describe('changing a session', () => {
  it('moves one session, refuses fewer places than bookings, promotes the waiting list and emails everyone', async () => {
    const { id } = await schedule(
      sessionForm({ 'date-day': '9', 'date-month': '9', capacity: '2', title: 'Moving repair session' }),
    );
    for (const r of residents.slice(0, 3)) await (await w.as(r)).post(`/sessions/${id}/book`, {}, `/sessions/${id}`);
    const org = await w.as(organiser);
    const form = (over: Record<string, string> = {}) => ({
      'date-day': '13',
      'date-month': '9',
      'date-year': '2027',
      startTime: '18:30',
      durationMinutes: '120',
      capacity: '3',
      note: 'The hall is booked in the morning',
      ...over,
    });
    // The form starts from the session as it is (10:00, 90 minutes, 2 places, 9 September 2027).
    const page = $((await org.get(`/sessions/${id}/change`)).body);
    expect(page('#startTime').val()).toBe('10:00');
    expect(page('#durationMinutes').val()).toBe('90');
    expect(page('#capacity').val()).toBe('2');
    expect(page('#date-day').val()).toBe('9');
    // Not an organiser: refused. Bad input: clear errors, nothing changed.
    expect((await (await w.as(residents[0]!)).get(`/sessions/${id}/change`)).statusCode).toBe(403);
    const tooFew = await org.post(`/sessions/${id}/change`, form({ capacity: '1' }));
    expect(tooFew.statusCode).toBe(422);
    expect(errorSummary(tooFew.body)).toEqual([
      '2 people have booked, so there must be at least 2 places. Ask people to cancel first, or cancel the session.',
    ]);
    const bad = await org.post(`/sessions/${id}/change`, form({ startTime: '25:00', durationMinutes: '5' }));
    expect(errorSummary(bad.body)).toEqual([
      'The start time must be a 24-hour time like 10:00 or 18:30',
      'The duration must be a whole number of minutes from 15 to 720',
    ]);
    const past = await org.post(`/sessions/${id}/change`, form({ 'date-year': '2020' }));
    expect(past.statusCode).toBe(422);
    const [unchanged] = await w.services.db.select().from(sessions).where(eq(sessions.id, id));
    expect([unchanged!.startsAt.toISOString(), unchanged!.durationMinutes, unchanged!.capacity]).toEqual([
      '2027-09-09T09:00:00.000Z',
      90,
      2,
    ]);

    const res = await org.post(`/sessions/${id}/change`, form());
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sessions/${id}?changed=1`);
    const [row] = await w.services.db.select().from(sessions).where(eq(sessions.id, id));
    // 18:30 on 13 September 2027 in London (BST) is 17:30 UTC; 120 minutes; 3 places.
    expect([row!.startsAt.toISOString(), row!.endsAt.toISOString(), row!.durationMinutes, row!.capacity]).toEqual([
      '2027-09-13T17:30:00.000Z',
      '2027-09-13T19:30:00.000Z',
      120,
      3,
    ]);
    // The third place goes to the person who was waiting.
    const statuses = await w.services.sessions.bookingsFor(w.a.place.id, id);
    expect(statuses.map((b) => b.status)).toEqual(['booked', 'booked', 'booked']);
    const mails = (await w.services.db.select().from(outbox).where(eq(outbox.placeId, w.a.place.id))).filter((m) =>
      m.subject.startsWith('Changed: Moving repair session'),
    );
    expect(mails.map((m) => m.toAddress).sort()).toEqual(
      residents
        .slice(0, 3)
        .map((r) => r.email)
        .sort(),
    );
    expect(mails.find((m) => m.toAddress === residents[2]!.email)!.body).toContain('a place came free: it is yours');
    expect(mails.find((m) => m.toAddress === residents[0]!.email)!.body).toContain(
      'The organiser said: The hall is booked in the morning',
    );
    expect(await auditCount('session.changed', id)).toBe(1);
  });

  it('refuses a clash in the same space and a session already cancelled', async () => {
    const first = await schedule(
      sessionForm({ 'date-day': '14', 'date-month': '10', spaceId: hall.id, title: 'Hall at ten' }),
    );
    const second = await schedule(
      sessionForm({ 'date-day': '14', 'date-month': '10', startTime: '14:00', spaceId: hall.id, title: 'Hall at two' }),
    );
    const org = await w.as(organiser);
    const clash = await org.post(`/sessions/${second.id}/change`, {
      'date-day': '14',
      'date-month': '10',
      'date-year': '2027',
      startTime: '10:30',
      durationMinutes: '60',
      capacity: '',
    });
    expect(clash.statusCode).toBe(422);
    expect(errorSummary(clash.body)).toEqual(['The space is already in use at that time. Choose another time.']);
    await org.post(`/sessions/${first.id}/cancel`, { scope: 'one', reason: 'Closed' });
    const cancelled = await org.post(`/sessions/${first.id}/change`, {
      'date-day': '15',
      'date-month': '10',
      'date-year': '2027',
      startTime: '10:00',
      durationMinutes: '60',
      capacity: '',
    });
    expect(cancelled.statusCode).toBe(409);
  });

  it('refuses to change a session once attendance is recorded for it, changing nothing', async () => {
    const { id } = await schedule(sessionForm({ 'date-day': '20', 'date-month': '10', title: 'Counted session' }));
    const [before] = await w.services.db.select().from(sessions).where(eq(sessions.id, id));
    // Recorded an hour before it starts (attendance may be recorded from the day before).
    await w.services.attendance.record(
      systemContext(w.a.place.id),
      { token: true },
      id,
      { attendees: [], headcount: 4 },
      'api',
      new Date(before!.startsAt.getTime() - 60 * 60 * 1000),
    );
    const res = await (
      await w.as(organiser)
    ).post(`/sessions/${id}/change`, {
      'date-day': '21',
      'date-month': '10',
      'date-year': '2027',
      startTime: '10:00',
      durationMinutes: '60',
      capacity: '',
    });
    expect(res.statusCode).toBe(409);
    expect($(res.body)('main').text()).toContain(
      'Attendance is already recorded for this session, so it cannot be changed.',
    );
    const [after] = await w.services.db.select().from(sessions).where(eq(sessions.id, id));
    expect(after).toEqual(before);
    expect(await auditCount('session.changed', id)).toBe(0);
  });
});

describe('calendar feeds', () => {
  it('lists a published project’s sessions as iCalendar, cancelled ones marked', async () => {
    const res = await (await w.as(null)).get(`/projects/${project.id}/calendar.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.body.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const lines = parseLines(res.body);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('X-WR-CALNAME:Repair café\\, Thamesmead (Place A)');
    const uids = lines.filter((l) => l.startsWith('UID:'));
    expect(new Set(uids).size).toBe(uids.length);
    const [live] = await w.services.db
      .select()
      .from(sessions)
      .where(eq(sessions.startsAt, new Date('2027-03-30T17:00:00Z')));
    const at = lines.indexOf(`UID:${live!.id}@${w.a.host}`);
    expect(lines.slice(at, at + 8)).toEqual(
      expect.arrayContaining([
        'DTSTART:20270330T170000Z',
        'DTEND:20270330T183000Z',
        'SUMMARY:Fix-it morning',
        'STATUS:CONFIRMED',
      ]),
    );
    const [cancelled] = await w.services.db
      .select()
      .from(sessions)
      .where(eq(sessions.cancelReason, 'The hall has a leak; sorry'));
    const c = lines.indexOf(`UID:${cancelled!.id}@${w.a.host}`);
    expect(lines.slice(c, c + 12)).toContain('STATUS:CANCELLED');
    expect(lines.slice(c, c + 12).find((l) => l.startsWith('DESCRIPTION:'))).toContain('The hall has a leak\\; sorry');
  });

  it('refuses feeds of unpublished projects and of other places', async () => {
    const pending = await insertProject(w.services, w.a.place.id, {
      status: 'pending',
      organiserId: organiser.user.id,
    });
    expect((await (await w.as(null)).get(`/projects/${pending.id}/calendar.ics`)).statusCode).toBe(404);
    expect((await (await w.as(null, w.b)).get(`/projects/${project.id}/calendar.ics`)).statusCode).toBe(404);
  });

  it('lists a ward’s sessions', async () => {
    const south = parseLines((await (await w.as(null)).get(`/areas/${w.a.wards[1]!.code}/calendar.ics`)).body);
    const hallSessions = await w.services.db.select().from(sessions).where(eq(sessions.spaceId, hall.id));
    expect(south.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(hallSessions.length);
    expect((await (await w.as(null)).get('/areas/NOPE/calendar.ics')).statusCode).toBe(404);
  });

  it('gives each person a secret link to their booked sessions, stored only as a hash, and resets it', async () => {
    const r = residents[1]!;
    const br = await w.as(r);
    expect($((await br.get('/account/calendar')).body)('main').text()).toContain(
      'You do not have a calendar link yet.',
    );
    const made = await br.post('/account/calendar', {});
    expect(made.statusCode).toBe(200);
    const link = $(made.body)('[data-testid="calendar-link"]').text();
    const token = /\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(link)![1]!;
    const [stored] = await w.services.db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, r.user.id));
    expect(stored!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.tokenHash).not.toContain(token);

    const feed = await (await w.as(null)).get(`/calendar/${token}.ics`);
    expect(feed.statusCode).toBe(200);
    const booked = await w.services.db
      .select()
      .from(bookings)
      .where(and(eq(bookings.userId, r.user.id), eq(bookings.status, 'booked')));
    const uids = parseLines(feed.body).filter((l) => l.startsWith('UID:'));
    expect(uids.sort()).toEqual(booked.map((x) => `UID:${x.sessionId}@${w.a.host}`).sort());

    expect((await (await w.as(null, w.b)).get(`/calendar/${token}.ics`)).statusCode).toBe(404);
    const again = await br.post('/account/calendar', {});
    const token2 = /\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(
      $(again.body)('[data-testid="calendar-link"]').text(),
    )![1]!;
    expect(token2).not.toBe(token);
    expect((await (await w.as(null)).get(`/calendar/${token}.ics`)).statusCode).toBe(404);
    expect((await (await w.as(null)).get(`/calendar/${token2}.ics`)).statusCode).toBe(200);
    expect((await (await w.as(null)).get('/calendar/short.ics')).statusCode).toBe(404);
    expect((await (await w.as(null)).get('/account/calendar')).statusCode).toBe(303);
  });
});

describe("what's on", () => {
  const titles = (html: string) => {
    const q = $(html);
    return q('[data-testid="sessions"] li a')
      .map((_i, el) => q(el).text())
      .get();
  };

  it('filters by ward, day, date and category, grouped by day', async () => {
    const growing = await insertProject(w.services, w.a.place.id, {
      title: 'Grow together',
      category: 'growing',
      areaId: w.a.wards[2]!.id,
      organiserId: organiser.user.id,
    });
    await schedule(sessionForm({ title: 'Seed swap', 'date-day': '2', 'date-month': '7' }), growing.id); // a Friday
    await schedule(
      sessionForm({ title: 'Hidden draft', 'date-day': '2', 'date-month': '7', startTime: '14:00' }),
      (await insertProject(w.services, w.a.place.id, { status: 'pending', organiserId: organiser.user.id })).id,
    );
    const anon = await w.as(null);
    const east = await anon.get(`/whats-on?ward=${w.a.wards[2]!.code}`);
    expect(titles(east.body)).toEqual(['Seed swap']);
    expect($(east.body)('[data-testid="day"]').text()).toBe('Friday 2 July 2027');
    expect(titles((await anon.get('/whats-on?ward=&category=growing')).body)).toEqual(['Seed swap']);
    expect(titles((await anon.get('/whats-on?ward=&day=5')).body)).toEqual(['Seed swap']);
    expect(titles((await anon.get('/whats-on?ward=&date=2027-07-02')).body)).toEqual(['Seed swap']);
    expect(titles((await anon.get('/whats-on?ward=&date=2027-07-03')).body)).toEqual([]);
    const all = titles((await anon.get('/whats-on?ward=')).body);
    expect(all).not.toContain('Hidden draft');
    expect(all).not.toContain('Soon cancelled');
    const bad = await anon.get('/whats-on?ward=&date=2027-02-31&day=9&category=<script>');
    expect(bad.statusCode).toBe(200);
    expect($(bad.body)('#date-error').text()).toContain('Enter a real date');
  });

  it('names the kinds of project as the projects pages do', async () => {
    const q = $((await (await w.as(null)).get('/whats-on')).body);
    const kinds = q('#category option')
      .map((_i, o) => q(o).text())
      .get();
    expect(kinds).toContain('Something else');
    expect(kinds).not.toContain('Other');
  });

  it('starts with the signed-in person’s home ward, and pages', async () => {
    const r = residents[5]!;
    await w.services.db.update(users).set({ homeAreaId: w.a.wards[2]!.id }).where(eq(users.id, r.user.id));
    const br = await w.as(r);
    const res = await br.get('/whats-on');
    expect($(res.body)('h1').text()).toBe("What's on in East Ward");
    expect(titles(res.body)).toEqual(['Seed swap']);

    const many = await insertProject(w.services, w.a.place.id, {
      title: 'Daily walks',
      organiserId: organiser.user.id,
    });
    await schedule(
      sessionForm({ title: 'Walk', 'date-day': '1', 'date-month': '9', repeat: 'weekly', ends: 'count', count: '25' }),
      many.id,
    );
    const p1 = await br.get('/whats-on?ward=&category=repair');
    const first = titles(p1.body);
    expect(first).toHaveLength(20);
    const next = $(p1.body)('.govuk-pagination__next a').attr('href')!;
    expect(next).toContain('page=2');
    const p2 = titles((await br.get(next)).body);
    expect(p2.length).toBeGreaterThan(0);
    expect(p2.length).toBeLessThanOrEqual(20);
  });
});

describe('tenancy', () => {
  it('keeps place A’s sessions from place B’s people', async () => {
    const { id } = await schedule(sessionForm({ 'date-day': '7', 'date-month': '9', capacity: '5' }));
    const br = await w.as(w.b.staff.admin, w.b);
    expect((await br.get(`/sessions/${id}`)).statusCode).toBe(404);
    const token = await br.csrf('/account');
    expect((await br.postRaw(`/sessions/${id}/book`, { _csrf: token })).statusCode).toBe(404);
    expect((await br.postRaw(`/sessions/${id}/cancel`, { _csrf: token, scope: 'one', reason: 'x' })).statusCode).toBe(
      404,
    );
    expect(await w.services.sessions.bookingsFor(w.a.place.id, id)).toHaveLength(0);
    expect($((await br.get('/whats-on?ward=')).body)('[data-testid="none"]')).toHaveLength(1);
    expect(await seriesCount(w.b.place.id)).toBe(0);
  });
});
