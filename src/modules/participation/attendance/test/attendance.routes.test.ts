import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { $, errorSummary } from '../../../../../test/helpers.js';
import {
  apiClient,
  problemOf,
  systemCtx,
  tokenFor,
  useWorld,
  type TestPlace,
  type TestUser,
} from '../../../../../test/kit/index.js';
import type { Role } from '../../../../platform/context.js';
import {
  addMember,
  book,
  dailyRows,
  insertProject,
  insertSession,
  monthRows,
  query,
} from '../../test/attendance.fixtures.js';

let organiser: TestUser, coOrganiser: TestUser, officer: TestUser, stranger: TestUser;
let ann: TestUser, bob: TestUser, cat: TestUser;
let projectId: string;
let sessionId: string;
const HOUR = 3600_000;

/** Someone with a name the register shows (the kit's people are all "Test <role>"). */
async function person(name: string, role: Role = 'resident', place: TestPlace = w.a) {
  const u = await w.person(role, place);
  await w.services.db.execute(sql`update users set display_name = ${name} where id = ${u.user.id}`);
  return { ...u, user: { ...u.user, displayName: name } };
}

const w = useWorld('attendance-routes', {
  setUp: async ({ services }) => {
    organiser = await person('Olu Organiser');
    coOrganiser = await person('Cora Coorganiser');
    officer = await person('Ofelia Officer', 'officer');
    stranger = await person('Sam Stranger');
    ann = await person('Ann Adeyemi');
    bob = await person('Bob Brown');
    cat = await person('Cat Chen');
    const project = await insertProject(services.db, w.a.place.id, organiser.user.id);
    projectId = project.id;
    await addMember(services.db, w.a.place.id, projectId, coOrganiser.user.id, 'co_organiser');
    const session = await insertSession(services.db, w.a.place.id, projectId, {
      startsAt: new Date(Date.now() - 3 * HOUR),
      minutes: 120,
      areaId: w.a.wards[0]!.id,
    });
    sessionId = session.id;
    await book(services.db, w.a.place.id, sessionId, ann.user.id);
    await book(services.db, w.a.place.id, sessionId, bob.user.id, 'waitlisted');
  },
});

const named = async (sid: string) =>
  (
    await query(
      w.services.db,
      sql`select u.display_name as name, a.role, a.minutes::int as minutes from attendances a join users u on u.id = a.user_id where a.session_id = ${sid} order by 1`,
    )
  ).map((r) => `${r.name}:${r.role}:${r.minutes}`);

/** The API as an organiser token, which acts for the person who created it (the project's organiser unless said). */
async function organiserApi(createdBy: TestUser | null = organiser) {
  const { secret } = await w.services.apiTokens.create(systemCtx(w.a.place.id), {
    name: 'organiser token',
    role: 'organiser',
    createdBy: createdBy?.user.id ?? null,
  });
  return apiClient(w.t.app, secret, w.a.host);
}

describe('the register', () => {
  it('lists the booked people for the organiser, without emails, and saves ticks, roles and a head-count', async () => {
    const br = await w.as(organiser);
    const page = await br.get(`/sessions/${sessionId}/attendance`);
    expect(page.statusCode).toBe(200);
    const q = $(page.body);
    expect(
      q('legend')
        .map((_i, el) => q(el).text().trim())
        .get(),
    ).toEqual(['Ann Adeyemi', 'Bob Brown']);
    expect(page.body).not.toContain(ann.email);

    // Search for Cat, who did not book: she is added to the list, unticked; ticks made so far are kept.
    const searched = await br.post(`/sessions/${sessionId}/attendance`, {
      action: 'search',
      q: 'cat',
      person: [ann.user.id, bob.user.id],
      present: [ann.user.id],
      role: ['participant', 'participant'],
      minutes: ['', ''],
      headcount: '',
    });
    expect(searched.statusCode).toBe(200);
    const s = $(searched.body);
    expect(
      s('legend')
        .map((_i, el) => s(el).text().trim())
        .get(),
    ).toEqual(['Ann Adeyemi', 'Bob Brown', 'Cat Chen']);
    expect(s('#present-0').attr('checked')).toBeDefined();
    expect(s('#present-2').attr('checked')).toBeUndefined();

    const saved = await br.post(`/sessions/${sessionId}/attendance`, {
      action: 'save',
      person: [ann.user.id, bob.user.id, cat.user.id],
      present: [ann.user.id, cat.user.id],
      role: ['participant', 'participant', 'volunteer'],
      minutes: ['', '', '90'],
      headcount: '4',
    });
    expect(saved.statusCode).toBe(303);
    expect(await named(sessionId)).toEqual(['Ann Adeyemi:participant:120', 'Cat Chen:volunteer:90']);
    // Named 120 + 90, head-count 4 × 120 = 480: 690 minutes; volunteers 90.
    expect(await dailyRows(w.services.db, w.a.place.id)).toEqual([
      expect.objectContaining({ named: 2, headcount: 4, minutes: 690, volunteer: 90 }),
    ]);
    const again = $((await br.get(`/sessions/${sessionId}/attendance`)).body);
    expect(again('#present-0').attr('checked')).toBeDefined(); // Ann
    expect(again('#headcount').val()).toBe('4');
  });

  it('shows emails to officers, and co-organisers may record', async () => {
    const page = await (await w.as(officer)).get(`/sessions/${sessionId}/attendance`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(ann.email);
    expect((await (await w.as(coOrganiser)).get(`/sessions/${sessionId}/attendance`)).statusCode).toBe(200);
  });

  it('refuses residents who do not run the project, and people not signed in', async () => {
    const br = await w.as(stranger);
    expect((await br.get(`/sessions/${sessionId}/attendance`)).statusCode).toBe(403);
    const before = await named(sessionId);
    const res = await br.post(
      `/sessions/${sessionId}/attendance`,
      { person: [bob.user.id], present: [bob.user.id], role: ['participant'], minutes: [''], headcount: '0' },
      '/',
    );
    expect(res.statusCode).toBe(403);
    expect(await named(sessionId)).toEqual(before);
    const anon = await (await w.as(null)).get(`/sessions/${sessionId}/attendance`);
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toContain('/sign-in');
  });

  it('answers 404 for a session of another place, and stores nothing', async () => {
    const bOfficer = await person('Bea Officer', 'officer', w.b);
    const br = await w.as(bOfficer, w.b);
    expect((await br.get(`/sessions/${sessionId}/attendance`)).statusCode).toBe(404);
    expect((await br.get(`/sessions/not-a-uuid/attendance`)).statusCode).toBe(404);
  });

  it('refuses cancelled sessions and sessions more than a day away, with a clear message', async () => {
    const cancelled = await insertSession(w.services.db, w.a.place.id, projectId, {
      startsAt: new Date(Date.now() - 48 * HOUR),
      cancelled: true,
    });
    const future = await insertSession(w.services.db, w.a.place.id, projectId, {
      startsAt: new Date(Date.now() + 72 * HOUR),
    });
    const soon = await insertSession(w.services.db, w.a.place.id, projectId, {
      startsAt: new Date(Date.now() + 12 * HOUR),
    });
    const br = await w.as(organiser);
    const c = await br.get(`/sessions/${cancelled.id}/attendance`);
    expect(c.statusCode).toBe(409);
    expect($(c.body)('main').text()).toContain('cancelled');
    const f = await br.get(`/sessions/${future.id}/attendance`);
    expect(f.statusCode).toBe(409);
    expect($(f.body)('main').text()).toContain('more than a day away');
    expect((await br.get(`/sessions/${soon.id}/attendance`)).statusCode).toBe(200);
  });

  it('re-renders bad input with 422 and errors, and stores nothing', async () => {
    const br = await w.as(organiser);
    const before = await named(sessionId);
    const daily = await dailyRows(w.services.db, w.a.place.id);
    const base = {
      action: 'save',
      person: [ann.user.id],
      present: [ann.user.id],
      role: ['participant'],
      minutes: [''],
      headcount: '0',
    };
    const cases: [Record<string, string | string[]>, string][] = [
      [{ headcount: '-3' }, 'Enter the number of drop-ins as a whole number'],
      [{ headcount: '10001' }, 'The head-count must be 10000 or fewer'],
      [{ headcount: '2.5' }, 'Enter the number of drop-ins as a whole number'],
      [{ role: ['boss'] }, 'Choose participant, volunteer or lead'],
      [{ role: ['volunteer'], minutes: ['0'] }, 'Minutes must be from 1 to 1440'],
      [{ role: ['volunteer'], minutes: ['=1+1'] }, 'Enter minutes as a whole number'],
      [{ present: [stranger.user.id] }, 'The form ticks someone it does not list'],
      [{ person: ['<script>'] }, 'The form lists someone unknown'],
      [{ evil: 'x' }, 'The form sent fields it does not accept: evil'],
    ];
    for (const [change, message] of cases) {
      const res = await br.post(`/sessions/${sessionId}/attendance`, { ...base, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(422);
      expect(errorSummary(res.body).join(' ')).toContain(message);
      expect(res.body).not.toContain('<script>');
    }
    // Someone of another place, listed and ticked, is refused by the service.
    const outsider = await person('Otto Outside', 'resident', w.b);
    const res = await br.post(`/sessions/${sessionId}/attendance`, {
      ...base,
      person: [outsider.user.id],
      present: [outsider.user.id],
    });
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body).join(' ')).toContain('not someone in this place');
    expect(await named(sessionId)).toEqual(before);
    expect(await dailyRows(w.services.db, w.a.place.id)).toEqual(daily);
  });
});

describe('the attendance API', () => {
  let s2: string;
  beforeAll(async () => {
    s2 = (
      await insertSession(w.services.db, w.a.place.id, projectId, {
        startsAt: new Date(Date.now() - 30 * HOUR),
        minutes: 60,
        areaId: w.a.wards[1]!.id,
      })
    ).id;
  });
  const url = () => `/api/v1/sessions/${s2}/attendance`;

  it('records named and anonymous attendance idempotently, and reads it back without emails', async () => {
    const org = await organiserApi();
    const body = {
      attendees: [{ userId: ann.user.id }, { userId: bob.user.id, role: 'volunteer', minutes: 45 }],
      headcount: 12,
    };
    const first = await org.post(url(), body);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ added: 2, namedAttendances: 2, headcount: 12 });
    const second = await org.post(url(), body);
    expect(second.json()).toMatchObject({ added: 0, changed: 0, namedAttendances: 2, headcount: 12 });
    const months = (await monthRows(w.services.db, w.a.place.id)).filter((m) => m.area_key === w.a.wards[1]!.id);
    expect(months.map((m) => m.attendances)).toEqual([1, 1]);

    expect((await org.get(url())).statusCode).toBe(403);
    const read = await (await w.api('officer')).get(url());
    expect(read.statusCode).toBe(200);
    // Named 60 + 45, head-count 12 × 60 = 720: 825 minutes.
    expect(read.json()).toMatchObject({
      namedAttendances: 2,
      headcount: 12,
      attendances: 14,
      participationMinutes: 825,
    });
    expect(read.body).not.toContain('@');
  });

  it('refuses an organiser token for a project its creator does not organise, or with nobody behind it', async () => {
    const before = await named(s2);
    const ok = { attendees: [{ userId: cat.user.id }] };
    const res = await (await organiserApi(stranger)).post(url(), ok);
    expect(problemOf(res, 403).detail).toBe(
      'Only the organisers of this project and council officers can record attendance.',
    );
    const orphan = await (await organiserApi(null)).post(url(), ok);
    expect(problemOf(orphan, 403).detail).toMatch(/^An organiser token acts for the person who created it/);
    expect(await named(s2)).toEqual(before);
    // A co-organiser's token may.
    expect((await (await organiserApi(coOrganiser)).post(url(), ok)).statusCode).toBe(200);
  });

  it('refuses resident tokens, other places and bad bodies, storing nothing', async () => {
    const before = await named(s2);
    const org = await organiserApi();
    const ok = { attendees: [{ userId: cat.user.id }] };
    expect((await (await w.api(null)).post(url(), ok)).statusCode).toBe(401);
    expect((await (await w.api('resident')).post(url(), ok)).statusCode).toBe(403);
    // Place B's token on place A's host, and place A's session through place B's host.
    const bAdmin = await tokenFor(w.services, w.b.place.id, 'admin');
    expect((await apiClient(w.t.app, bAdmin, w.a.host).post(url(), ok)).statusCode).toBe(401);
    expect((await apiClient(w.t.app, bAdmin, w.b.host).post(url(), ok)).statusCode).toBe(404);
    const bad: unknown[] = [
      {},
      { attendees: [] },
      { attendees: [{ userId: 'nope' }] },
      { attendees: [{ userId: cat.user.id, role: 'boss' }] },
      { attendees: [{ userId: cat.user.id, minutes: 30 }] },
      { attendees: [{ userId: cat.user.id, role: 'volunteer', minutes: 0 }] },
      { attendees: [{ userId: cat.user.id, extra: 1 }] },
      { attendees: [{ userId: cat.user.id }, { userId: cat.user.id }] },
      { attendees: [{ userId: stranger.user.id }], headcount: -1 },
      { headcount: 10001 },
      { headcount: 2.5 },
      { attendees: [{ userId: crypto.randomUUID() }] },
      { attendees: ok.attendees, surprise: true },
    ];
    for (const body of bad) {
      const res = await org.post(url(), body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    // Nothing lives at an address whose id is not an id.
    const notAnId = await org.post('/api/v1/sessions/not-a-uuid/attendance', ok);
    expect(notAnId.statusCode).toBe(404);
    expect(notAnId.headers['content-type']).toContain('application/problem+json');
    expect(await named(s2)).toEqual(before);
  });
});

describe('your participation', () => {
  it('shows the count, hours and step to the person', async () => {
    const page = await (await w.as(ann)).get('/account/participation');
    expect(page.statusCode).toBe(200);
    const q = $(page.body);
    const figures = q('#figures .govuk-summary-list__value')
      .map((_i, el) => q(el).text().trim())
      .get();
    // Ann: the 120-minute session and the 60-minute one: 2 sessions, 3 hours, first visit.
    expect(figures).toEqual(['2', '3', 'First visit']);
    expect(q('#next').text()).toContain('3 different weeks');
    expect((await (await w.as(null)).get('/account/participation')).statusCode).toBe(303);
  });
});
