import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { $, Browser, createPlace, createUser, errorSummary } from '../../../../../test/helpers.js';
import { apiClient, problemOf, systemCtx, tokenFor, useWorld } from '../../../../../test/kit/index.js';
import type { Role } from '../../../../platform/context.js';
import * as schema from '../../../../../test/schema.js';
import { tableCsv } from '../dashboard.view-models.js';
import { ALL_AREAS } from '../../rollups/rollups.schema.js';
import { rebuildRollups } from '../../rollups/rollups.repository.js';
import { defaultPeriod, splitPeriod } from '../stats.service.js';
import { insertProject, insertSession } from '../../test/attendance.fixtures.js';

/*
 * A hand-made month of activity in place A (wards W0 pop 10,000, W1 11,000, W2 12,000):
 *   P1 resident-led, ward W0, published 2025-01-10; P2 council-led, ward W1, published 2024-06-01.
 *   S1 P1/W0 15 Jan 120 min cap 10: U1, U2
 *   S2 P1/W0 15 Feb 120 min cap 10: U1
 *   S3 P1/W0 15 Mar  90 min no cap: U1 + head-count 5
 *   S4 P2/W1 20 Jan  60 min cap 20: U3 + head-count 4
 *   S5 P2/W1 20 Feb  60 min cap 20: cancelled
 *   S6 P1/W0 15 Apr  60 min cap 10: U1
 * Jan–Mar: 3 people (U1 three times is one person), 5 named + 9 head-counted = 14 attendances;
 * minutes 240 + 120 + (90 + 450) + (60 + 240) = 1,200 = 20 h; offered 1,200 + 1,200 + 6 × 90
 * + 1,200 = 4,140 min = 69 h; 4 sessions; 2 active projects, 1 resident-led; 1 new project;
 * regular (3+ months): U1 only, 1 of 3.
 * The kit's staff (four a place) and the people behind its API tokens attend nothing, so count nowhere.
 */
async function setThreshold(placeId: string, suppressBelow: number) {
  await w.services.db
    .update(schema.places)
    .set({ settings: sql`settings || ${JSON.stringify({ suppressBelow })}::jsonb` })
    .where(eq(schema.places.id, placeId));
}

/** The stats API for a token of `role` in the place (A unless told), or with no token for null. */
const api = async (query: string, role: Role | null = 'officer', place = w.a) =>
  (await w.api(role, place)).get(`/api/v1/stats/participation?${query}`);

/** What the stats API answers about people, which small numbers may hide. */
type PeopleFigures = {
  uniqueParticipants: number | null;
  reachPer1000: number | null;
  suppressed: Record<string, boolean>;
};

const w = useWorld('stats', {
  setUp: async ({ services, a, b }) => {
    const db = services.db;
    const [w0, w1] = a.wards;
    const people = [];
    for (let i = 0; i < 3; i++) people.push((await createUser(services, a.place.id, 'resident')).user);
    const [u1, u2, u3] = people;
    const [p1, p2] = await db
      .insert(schema.projects)
      .values([
        {
          placeId: a.place.id,
          title: 'Open Table',
          summary: 'Cooking',
          category: 'cooking',
          areaId: w0!.id,
          leadType: 'resident',
          status: 'published',
          publishedAt: new Date('2025-01-10T12:00:00Z'),
        },
        {
          placeId: a.place.id,
          title: 'Library club',
          summary: 'Reading',
          category: 'learning',
          areaId: w1!.id,
          leadType: 'council',
          status: 'published',
          publishedAt: new Date('2024-06-01T12:00:00Z'),
        },
      ])
      .returning();
    const [series1, series2] = await db
      .insert(schema.sessionSeries)
      .values([
        {
          placeId: a.place.id,
          projectId: p1!.id,
          title: 'Cook',
          startsAt: new Date('2025-01-15T10:00:00Z'),
          durationMinutes: 120,
        },
        {
          placeId: a.place.id,
          projectId: p2!.id,
          title: 'Read',
          startsAt: new Date('2025-01-20T10:00:00Z'),
          durationMinutes: 60,
        },
      ])
      .returning();
    const session = (
      project: typeof p1,
      series: typeof series1,
      area: typeof w0,
      at: string,
      minutes: number,
      capacity: number | null,
      cancelled = false,
    ) => ({
      placeId: a.place.id,
      seriesId: series!.id,
      projectId: project!.id,
      areaId: area!.id,
      startsAt: new Date(at),
      endsAt: new Date(new Date(at).getTime() + minutes * 60000),
      durationMinutes: minutes,
      capacity,
      cancelledAt: cancelled ? new Date(at) : null,
    });
    const [s1, s2, s3, s4, , s6] = await db
      .insert(schema.sessions)
      .values([
        session(p1, series1, w0, '2025-01-15T10:00:00Z', 120, 10),
        session(p1, series1, w0, '2025-02-15T10:00:00Z', 120, 10),
        session(p1, series1, w0, '2025-03-15T10:00:00Z', 90, null),
        session(p2, series2, w1, '2025-01-20T10:00:00Z', 60, 20),
        session(p2, series2, w1, '2025-02-20T10:00:00Z', 60, 20, true),
        session(p1, series1, w0, '2025-04-15T10:00:00Z', 60, 10),
      ])
      .returning();
    const attend = (s: typeof s1, u: typeof u1) => ({
      placeId: a.place.id,
      sessionId: s!.id,
      userId: u!.id,
      projectId: s!.projectId,
      areaId: s!.areaId,
      day: s!.startsAt.toISOString().slice(0, 10),
      minutes: s!.durationMinutes,
      source: 'register',
    });
    await db
      .insert(schema.attendances)
      .values([attend(s1, u1), attend(s1, u2), attend(s2, u1), attend(s3, u1), attend(s4, u3), attend(s6, u1)]);
    await db.insert(schema.headcounts).values([
      { sessionId: s3!.id, placeId: a.place.id, count: 5 },
      { sessionId: s4!.id, placeId: a.place.id, count: 4 },
    ]);
    await rebuildRollups(db, a.place.id);
    await rebuildRollups(db, b.place.id);
  },
});

const stats = (from: string, to: string, wardCode?: string) =>
  w.services.participationStats.participation(w.a.place.id, { from, to, wardCode });

describe('splitPeriod', () => {
  it('reads whole months from the monthly rollup and the edges by day', () => {
    expect(splitPeriod('2025-01-01', '2025-03-31')).toEqual({
      months: { from: '2025-01-01', to: '2025-03-01' },
      edges: [],
    });
    expect(splitPeriod('2025-01-16', '2025-04-10')).toEqual({
      months: { from: '2025-02-01', to: '2025-03-01' },
      edges: [
        { from: '2025-01-16', to: '2025-01-31' },
        { from: '2025-04-01', to: '2025-04-10' },
      ],
    });
    expect(splitPeriod('2025-01-15', '2025-02-15')).toEqual({
      months: null,
      edges: [{ from: '2025-01-15', to: '2025-02-15' }],
    });
    expect(splitPeriod('2024-02-01', '2024-02-29').months).toEqual({ from: '2024-02-01', to: '2024-02-01' });
  });
  it('defaults to the 12 whole months before this one', () => {
    expect(defaultPeriod('2026-03-09')).toEqual({ from: '2025-03-01', to: '2026-02-28' });
  });
});

describe('counting (threshold 1, so nothing is hidden)', () => {
  beforeAll(() => setThreshold(w.a.place.id, 1));

  it('counts people once, attendances every time, head-counts as attendances only, hours by session length', async () => {
    const s = await stats('2025-01-01', '2025-03-31');
    expect(s.uniqueParticipants).toEqual({ value: 3, suppressed: false });
    expect(s.namedAttendances).toBe(5);
    expect(s.headcountAttendances).toBe(9);
    expect(s.attendances).toBe(14);
    expect(s.participationHours).toBe(20);
    expect(s.hoursOffered).toBe(69);
    expect(s.sessions).toBe(4);
    expect(s.activeProjects).toBe(2);
    expect(s.residentLedShare).toBe(0.5);
    expect(s.newProjects).toBe(1);
    expect(s.regularParticipationRate).toBe(0.333);
    // 3 people ÷ 33,000 residents × 1,000 = 0.09 → 0.1
    expect(s.reachPer1000).toBe(0.1);
    expect(s.months.map((m) => [m.month, m.participants.value, m.attendances, m.hours])).toEqual([
      ['2025-01-01', 3, 7, 9],
      ['2025-02-01', 1, 1, 2],
      ['2025-03-01', 1, 6, 9],
    ]);
  });

  it('the same person at three sessions is one participant and three attendances', async () => {
    const s = await stats('2025-02-01', '2025-03-31', w.a.wards[0]!.code);
    // U1 at S2 and S3, plus 5 head-counted at S3
    expect(s.uniqueParticipants.value).toBe(1);
    expect(s.namedAttendances).toBe(2);
    expect(s.attendances).toBe(7);
  });

  it('a ward filter counts only sessions in that ward', async () => {
    const s = await stats('2025-01-01', '2025-03-31', w.a.wards[0]!.code);
    expect(s.ward?.code).toBe(w.a.wards[0]!.code);
    expect(s.uniqueParticipants.value).toBe(2);
    expect(s.attendances).toBe(9);
    expect(s.participationHours).toBe(15);
    expect(s.hoursOffered).toBe(49);
    expect(s.sessions).toBe(3);
    expect(s.activeProjects).toBe(1);
    expect(s.residentLedShare).toBe(1);
    expect(s.newProjects).toBe(1);
    // 2 ÷ 10,000 × 1,000
    expect(s.reachPer1000).toBe(0.2);
    const w1 = await stats('2025-01-01', '2025-03-31', w.a.wards[1]!.code);
    expect([w1.uniqueParticipants.value, w1.attendances, w1.sessions, w1.newProjects]).toEqual([1, 5, 1, 0]);
  });

  it("counts one project's figures on their own (Open Table: S1, S2 and S3)", async () => {
    const [openTable] = await w.services.db
      .select()
      .from(schema.projects)
      .where(eq(schema.projects.title, 'Open Table'));
    const p = await w.services.participationStats.projectParticipation(w.a.place.id, openTable!.id, {
      from: '2025-01-01',
      to: '2025-03-31',
    });
    // U1 three times and U2 once (2 people, 4 named) plus S3's head-count of 5: 9 attendances.
    expect([p.uniqueParticipants.value, p.namedAttendances, p.headcountAttendances, p.attendances]).toEqual([
      2, 4, 5, 9,
    ]);
    // Minutes: S1 2 × 120, S2 120, S3 90 + 5 × 90 = 900 = 15 h. Offered: 10 × 120 twice, S3 (no
    // limit) 6 came × 90 = 2,940 min = 49 h. U1 came in all three whole months: 1 regular of 2.
    expect([p.participationHours, p.hoursOffered, p.sessions, p.activeProjects]).toEqual([15, 49, 3, 1]);
    expect([p.regularParticipants, p.regularParticipationRate]).toEqual([1, 0.5]);
    expect(p.months.map((m) => [m.month, m.participants.value, m.attendances])).toEqual([
      ['2025-01-01', 2, 2],
      ['2025-02-01', 1, 1],
      ['2025-03-01', 1, 6],
    ]);
  });

  it('counts people exactly over part-months, each once', async () => {
    // No whole month: everything from attendances by day.
    expect((await stats('2025-01-15', '2025-02-15')).uniqueParticipants.value).toBe(3);
    // 16 Jan to 31 Mar: U3 (20 Jan) only in the edge days, U1 in whole months; U2 (15 Jan) outside.
    expect((await stats('2025-01-16', '2025-03-31')).uniqueParticipants.value).toBe(2);
    // 15 Jan to 15 Apr: U1 in both edges and the whole months, still one person.
    expect((await stats('2025-01-15', '2025-04-15')).uniqueParticipants.value).toBe(3);
  });

  it('works out retention after 3 and 6 months from first months in the period', async () => {
    // Cohort January: U1, U2, U3. In April (M+3) only U1 came back; in July (M+6) nobody.
    const s = await stats('2025-01-01', '2025-07-31');
    expect(s.retention3Months).toBe(0.333);
    expect(s.retention6Months).toBe(0);
    // U1 came in 4 distinct months, the others in one.
    expect(s.regularParticipationRate).toBe(0.333);
    const short = await stats('2025-01-01', '2025-02-28');
    expect(short.retention3Months).toBeNull();
    expect(short.regularParticipationRate).toBeNull();
  });

  it('the rebuilt rollups hold the hand-computed totals', async () => {
    const rows = await w.services.db
      .select()
      .from(schema.participationDaily)
      .where(eq(schema.participationDaily.placeId, w.a.place.id));
    const s3day = rows.find((r) => r.day === '2025-03-15')!;
    expect(s3day).toMatchObject({ namedAttendances: 1, headcountAttendances: 5, participationMinutes: 540 });
    const months = await w.services.db
      .select()
      .from(schema.participantMonths)
      .where(eq(schema.participantMonths.placeId, w.a.place.id));
    // U1 in Jan, Feb, Mar and Apr, U2 in Jan (W0), U3 in Jan (W1): six ward rows and six whole-place rows.
    expect(months.filter((m) => m.areaKey !== ALL_AREAS)).toHaveLength(6);
    expect(months.filter((m) => m.areaKey === ALL_AREAS)).toHaveLength(6);
  });
});

describe('small numbers are suppressed (threshold 10)', () => {
  beforeAll(() => setThreshold(w.a.place.id, 10));

  it('hides counts of people and rates from them', async () => {
    const s = await stats('2025-01-01', '2025-03-31');
    expect(s.uniqueParticipants).toEqual({ value: null, suppressed: true });
    expect(s.reachPer1000).toBeNull();
    expect(s.regularParticipationRate).toBeNull();
    expect(s.months.every((m) => m.participants.suppressed)).toBe(true);
    // Visits are not people: attendances still show.
    expect(s.attendances).toBe(14);
  });

  it('in the API: null with suppressed flags', async () => {
    const res = await api('from=2025-01-01&to=2025-03-31');
    expect(res.statusCode).toBe(200);
    const body = res.json<PeopleFigures>();
    expect(body.uniqueParticipants).toBeNull();
    expect(body.reachPer1000).toBeNull();
    expect(body.suppressed).toMatchObject({
      uniqueParticipants: true,
      reachPer1000: true,
      regularParticipationRate: true,
    });
    expect(body).toMatchObject({
      attendances: 14,
      participationHours: 20,
      hoursOffered: 69,
      sessions: 4,
      activeProjects: 2,
    });
  });

  it('on the dashboard and in its CSV', async () => {
    const officer = await w.as(w.a.staff.officer);
    const page = await officer.get('/dashboard?from=2025-01-01&to=2025-03-31');
    expect(page.statusCode).toBe(200);
    const q = $(page.body);
    const row = (key: string) =>
      q('.govuk-summary-list__row')
        .filter((_i, el) => q(el).find('.govuk-summary-list__key').text().trim() === key)
        .find('.govuk-summary-list__value')
        .text()
        .trim();
    expect(row('Unique participants')).toBe('fewer than 10');
    expect(row('Reach per 1,000 residents')).toMatch(/Not shown/);
    expect(row('Hours offered')).toBe('69');
    const csv = await officer.get('/dashboard/summary.csv?from=2025-01-01&to=2025-03-31');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="participation-summary-2025-01-01-to-2025-03-31.csv"/,
    );
    expect(csv.body).toContain('Unique participants,fewer than 10');
    const months = await officer.get('/dashboard/months.csv?from=2025-01-01&to=2025-03-31');
    expect(months.body.split('\r\n')[1]).toBe('Jan 2025,fewer than 10,7,9');
  });
});

describe('the dashboard page', () => {
  beforeAll(() => setThreshold(w.a.place.id, 1));

  it('shows headline figures, charts with titles and tables, wards, and the target', async () => {
    const officer = await w.as(w.a.staff.officer);
    const res = await officer.get(`/dashboard?from=2025-01-01&to=2025-03-31&ward=${w.a.wards[0]!.code}`);
    expect(res.statusCode).toBe(200);
    const q = $(res.body);
    expect(q('h1').text()).toBe('Participation dashboard');
    expect(q('svg[role="img"]')).toHaveLength(3);
    expect(q('svg title').first().text()).toBe('Unique participants each month');
    expect(q('svg desc').first().text()).toContain('Highest: 2 in Jan 2025');
    expect(q('#ward option[selected]').attr('value')).toBe(w.a.wards[0]!.code);
    const wardRows = q('table caption:contains("Participation by ward")').closest('table').find('tbody tr');
    expect(wardRows.first().find('th').text()).toBe('East Ward');
    const north = wardRows.filter((_i, el) => q(el).find('th').text() === 'North Ward');
    expect(
      north
        .find('td')
        .map((_i, el) => q(el).text())
        .get(),
    ).toEqual(['2', '9', '15', '0.2']);
    expect(q('main').text()).toMatch(
      /At the current rate, about [\d,]+ residents by 15 January 2030: \d+% of the target/,
    );
  });

  it('defaults to the last 12 whole months', async () => {
    const officer = await w.as(w.a.staff.officer);
    const res = await officer.get('/dashboard');
    expect(res.statusCode).toBe(200);
    expect($(res.body)('#from').val()).toMatch(/^\d{4}-\d{2}-01$/);
  });

  it('explains a wrong period, and an unknown ward', async () => {
    const officer = await w.as(w.a.staff.officer);
    const bad = await officer.get('/dashboard?from=2025-02-31&to=2025-01-01');
    expect(bad.statusCode).toBe(400);
    expect($(bad.body)('.govuk-error-summary__list li').first().text().trim()).toBe(
      'Enter a real start date, like 2026-01-31',
    );
    const backwards = await officer.get('/dashboard?from=2025-03-01&to=2025-01-01');
    expect(errorSummary(backwards.body)).toEqual(['The end date must be the same as or after the start date']);
    const ward = await officer.get('/dashboard?ward=NOPE');
    expect(ward.statusCode).toBe(400);
    expect($(ward.body)('.govuk-error-summary__list li').text().trim()).toBe('Choose a ward from the list');
  });

  it('is for officers and admins only', async () => {
    const resident = await w.as(w.a.staff.resident);
    expect((await resident.get('/dashboard')).statusCode).toBe(403);
    expect((await resident.get('/dashboard/wards.csv')).statusCode).toBe(403);
    const anon = await w.as(null);
    expect([401, 303]).toContain((await anon.get('/dashboard')).statusCode);
  });
});

describe('CSV', () => {
  it('stops formula injection and quotes what needs it', () => {
    expect(
      tableCsv({
        head: ['a', 'b'],
        rows: [
          ['=SUM(A1)', '+1'],
          ['-2', '@x'],
          ['say "hi", ok', 'plain'],
        ],
      }),
    ).toBe('a,b\r\n\'=SUM(A1),\'+1\r\n\'-2,\'@x\r\n"say ""hi"", ok",plain\r\n');
  });
});

describe('the stats API', () => {
  beforeAll(() => setThreshold(w.a.place.id, 1));

  it('answers officers with the figures, and for a ward', async () => {
    const res = await api(`from=2025-01-01&to=2025-03-31&ward=${w.a.wards[0]!.code}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      uniqueParticipants: 2,
      attendances: 9,
      participationHours: 15,
      hoursOffered: 49,
      sessions: 3,
      activeProjects: 1,
      reachPer1000: 0.2,
      ward: { code: w.a.wards[0]!.code },
      suppressed: { uniqueParticipants: false },
    });
  });

  it('refuses bad dates, a backwards period and unknown fields with 422', async () => {
    for (const q of [
      'from=2025-02-30&to=2025-03-01',
      'from=yesterday&to=2025-03-01',
      'to=2025-03-01',
      'from=2025-01-01&to=2025-01-31&x=1',
    ]) {
      const res = await api(q);
      expect(res.statusCode, q).toBe(422);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    const backwards = await api('from=2025-03-01&to=2025-01-01');
    expect(problemOf(backwards, 422).detail).toContain('end date');
  });

  it('404s an unknown ward, including another place’s', async () => {
    expect((await api('from=2025-01-01&to=2025-03-31&ward=NOPE')).statusCode).toBe(404);
    const other = await api(`from=2025-01-01&to=2025-03-31&ward=${w.b.wards[0]!.code}`);
    expect(other.statusCode).toBe(404);
  });

  it('needs an officer token of the place; another place sees only its own figures', async () => {
    expect((await api('from=2025-01-01&to=2025-03-31', null)).statusCode).toBe(401);
    expect((await api('from=2025-01-01&to=2025-03-31', 'resident')).statusCode).toBe(403);
    const officerB = await tokenFor(w.services, w.b.place.id, 'officer');
    expect(
      (await apiClient(w.t.app, officerB, w.a.host).get('/api/v1/stats/participation?from=2025-01-01&to=2025-03-31'))
        .statusCode,
    ).toBe(401);
    const own = await api('from=2025-01-01&to=2025-03-31', 'officer', w.b);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ attendances: 0, sessions: 0, activeProjects: 0, uniqueParticipants: null });
  });

  it('is documented under Participation', async () => {
    const doc = (await (await w.api(null)).get('/api/openapi.json')).json<{
      paths: Record<string, Record<string, { tags: string[] }>>;
    }>();
    expect(doc.paths['/api/v1/stats/participation']?.get?.tags).toEqual(['Participation']);
  });
});

describe('hours: exact in the API, rounded only on pages', () => {
  it('answers 35.25 hours as 35.25, and the dashboard shows 35.3', async () => {
    const c = await createPlace(w.services, 'stats-c.test');
    await setThreshold(c.place.id, 1);
    const officer = await createUser(w.services, c.place.id, 'officer');
    const project = await insertProject(w.services.db, c.place.id, officer.user.id);
    // 47 drop-ins at a 45-minute session with no capacity: 47 × 45 = 2,115 minutes = 35.25 hours.
    const startsAt = new Date('2025-06-10T10:00:00Z');
    const session = await insertSession(w.services.db, c.place.id, project.id, { startsAt, minutes: 45 });
    await w.services.attendance.record(
      systemCtx(c.place.id),
      { token: true },
      session.id,
      { attendees: [], headcount: 47 },
      'api',
      startsAt,
    );
    const token = await tokenFor(w.services, c.place.id, 'officer');
    const res = await apiClient(w.t.app, token, c.host).get(
      '/api/v1/stats/participation?from=2025-06-01&to=2025-06-30',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ participationHours: 35.25, hoursOffered: 35.25, volunteerHours: 0 });
    const browser = new Browser(w.t.app, c.host);
    await browser.signIn(officer.email);
    const page = $((await browser.get('/dashboard?from=2025-06-01&to=2025-06-30')).body);
    const row = (name: string) =>
      page('.govuk-summary-list__row')
        .filter((_i, el) => page(el).find('dt').text().trim() === name)
        .find('dd')
        .text()
        .trim();
    expect(row('Participation hours')).toBe('35.3');
    expect(row('Hours offered')).toBe('35.3');
  });
});
