import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { problemOf, systemCtx, useWorld, type TestPlace, type World } from '../../../../test/kit/index.js';
import type { ActionContext } from '../../../platform/context.js';
import { feedPaths as paths } from '../feeds.paths.js';

/**
 * The open data feeds: Open Referral UK documents that validate against the UK profile's own
 * compiled schemas, and OpenActive RPDE feeds that page by (modified, id) without missing or
 * repeating an item. Only what is public appears, and only the place's own.
 */

// Bad input covered here: GET /api/open-data/openactive/session-series
// Bad input covered here: GET /api/open-data/openactive/scheduled-sessions
// Bad input covered here: GET /api/open-data/openreferral/services

type Facts = {
  project: string;
  draft: string;
  hall: string;
  online: string;
  asset: string;
  suggested: string;
  weekly: { seriesId: string; sessionIds: string[] };
  oneOff: { seriesId: string; sessionIds: string[] };
  draftSession: string;
  bProject: string;
  bSession: string;
};
const facts = {} as Facts;

const ctxOf = (p: TestPlace): ActionContext => ({
  ...systemCtx(p.place.id),
  actor: { type: 'user', id: p.staff.officer.user.id },
});
const officer = (p: TestPlace) => ({ kind: 'user' as const, user: p.staff.officer.user });

const projectInput = (areaId: string, over: Record<string, unknown> = {}) => ({
  title: 'Barnfield Repair Café',
  summary: 'Fixing kettles, bikes and jumpers together',
  why: 'Less waste and more neighbours',
  category: 'repair' as const,
  areaId,
  needs: {},
  leadType: 'community_group' as const,
  threshold: null,
  ...over,
});

async function seed(w: World) {
  const { services: s, a, b } = w;
  const ctx = ctxOf(a);
  const project = await s.projects.createPublished(ctx, { ...projectInput(a.wards[0]!.id), stage: 'running' }, null);
  facts.project = project.id;
  // A resident's proposal still waiting for an officer: a draft, never published.
  const proposer = await w.person('resident');
  const draft = await s.projects.propose(
    ctx,
    proposer.user,
    projectInput(a.wards[0]!.id, { title: 'Secret Supper Club', leadType: 'resident' }),
    'pre',
  );
  facts.draft = draft.id;
  const space = (over: Record<string, unknown>) =>
    s.spaces.create(
      ctx,
      {
        name: 'Barnfield Community Hall',
        kind: 'hall',
        address: '12 Mill Lane, Barnfield, BF1 2AB',
        areaId: a.wards[0]!.id,
        capacity: 40,
        openingTimes: 'Weekdays 9am to 9pm',
        accessibility: 'Step-free entrance and an accessible toilet',
        equipment: [],
        ...over,
      },
      a.staff.officer.user.id,
    );
  facts.hall = (await space({})).id;
  facts.online = (await space({ name: 'Barnfield Online', kind: 'online', address: '' })).id;
  const assetInput = {
    name: 'Barnfield Library',
    category: 'institution' as const,
    offers: 'Books, computers and a room to meet',
    areaId: null,
    address: '1 Library Walk, Barnfield, BF1 3CD',
    contact: 'library@example.org',
    openingTimes: 'Tuesday to Saturday',
    accessibility: 'Lift to every floor',
  };
  facts.asset = (await s.assets.suggest(ctx, a.staff.officer.user, assetInput)).id;
  facts.suggested = (
    await s.assets.suggest(ctx, proposer.user, {
      ...assetInput,
      name: 'Mrs Smith’s Front Room',
      address: '3 Home Road',
    })
  ).id;

  const now = new Date('2026-06-01T09:00:00Z');
  facts.weekly = await s.sessions.schedule(
    ctx,
    officer(a),
    {
      projectId: project.id,
      spaceId: facts.hall,
      title: 'Tuesday fix-it evening',
      description: 'Bring something broken',
      startDate: '2027-03-02',
      startTime: '18:00',
      durationMinutes: 120,
      rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=12',
      exdates: [],
      capacity: 10,
      dropIn: false,
    },
    undefined,
    now,
  );
  facts.oneOff = await s.sessions.schedule(
    ctx,
    officer(a),
    {
      projectId: project.id,
      spaceId: null,
      title: 'Launch party',
      description: '',
      startDate: '2027-02-20',
      startTime: '14:00',
      durationMinutes: 60,
      rrule: null,
      exdates: [],
      capacity: null,
      dropIn: true,
    },
    undefined,
    now,
  );
  const draftSessions = await s.sessions.schedule(
    ctx,
    officer(a),
    {
      projectId: draft.id,
      spaceId: null,
      title: 'Secret supper',
      description: '',
      startDate: '2027-02-21',
      startTime: '19:00',
      durationMinutes: 60,
      rrule: null,
      exdates: [],
      capacity: 6,
      dropIn: false,
    },
    undefined,
    now,
  );
  facts.draftSession = draftSessions.sessionIds[0]!;
  // Two people book the first weekly session.
  for (const who of [a.staff.resident, a.staff.organiser])
    await s.sessions.book(ctx, who.user.id, facts.weekly.sessionIds[0]!, now);

  const bCtx = ctxOf(b);
  const bProject = await s.projects.createPublished(
    bCtx,
    { ...projectInput(b.wards[0]!.id, { title: 'Place B Allotment' }), stage: 'running' },
    null,
  );
  facts.bProject = bProject.id;
  facts.bSession = (
    await s.sessions.schedule(
      bCtx,
      officer(b),
      {
        projectId: bProject.id,
        spaceId: null,
        title: 'B dig day',
        description: '',
        startDate: '2027-02-22',
        startTime: '10:00',
        durationMinutes: 60,
        rrule: null,
        exdates: [],
        capacity: null,
        dropIn: true,
      },
      undefined,
      now,
    )
  ).sessionIds[0]!;
}

const w = useWorld('feeds', { setUp: seed });

const get = async (url: string, place?: TestPlace) => (await w.api(null, place)).get(url);
const json = async <T>(url: string, place?: TestPlace): Promise<T> => {
  const res = await get(url, place);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  return res.json<T>();
};

type RpdeItem = { state: string; kind: string; id: string; modified: number; data?: Record<string, unknown> };
type RpdePage = { next: string; items: RpdeItem[]; license: string };

/** Walks an RPDE feed from `url` through `next` until a page is empty; returns every item and the last URL. */
async function walk(url: string, place?: TestPlace) {
  const items: RpdeItem[] = [];
  let pages = 0;
  for (;;) {
    const page = await json<RpdePage>(url, place);
    expect(page.license).toBe('https://creativecommons.org/licenses/by/4.0/');
    const next = new URL(page.next);
    expect(next.host).toBe((place ?? w.a).host);
    if (page.items.length === 0) {
      // RPDE: the last page's next repeats the query, to be polled.
      expect(next.pathname + next.search).toBe(url);
      return { items, last: url, pages };
    }
    items.push(...page.items);
    url = next.pathname + next.search;
    if (++pages > 100) throw new Error('the feed never ends');
  }
}

const expectStrictlyOrdered = (items: RpdeItem[]) => {
  for (let i = 1; i < items.length; i++) {
    const [p, q] = [items[i - 1]!, items[i]!];
    expect(p.modified < q.modified || (p.modified === q.modified && p.id < q.id), `${i}: ${p.id} then ${q.id}`).toBe(
      true,
    );
  }
};

// ---------------------------------------------------------------------------------------------
// Open Referral UK, against the profile's own schemas (../shared/data, never copied here).

const SCHEMAS = fileURLToPath(
  new URL('../../../../../shared/data/standards/open-referral-uk/compiled/', import.meta.url),
);
const haveSchemas = existsSync(SCHEMAS);
if (!haveSchemas)
  console.warn(`Open Referral UK schemas not found at ${SCHEMAS}: the schema validation tests are skipped.`);

describe('Open Referral UK', () => {
  let validateService: ValidateFunction;
  let validateListItem: ValidateFunction;
  let validateLocation: ValidateFunction;

  beforeAll(() => {
    if (!haveSchemas) return;
    const load = (name: string) => JSON.parse(readFileSync(`${SCHEMAS}${name}`, 'utf8')) as Record<string, unknown>;
    const service = load('service.json');
    const list = load('service_list.json');
    // The compiled schemas declare no $schema (so draft-07, Ajv's default) and carry Frictionless
    // Data keywords (constraints, datapackage_type, …) that JSON Schema ignores: not strict.
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    validateService = ajv.compile(service);
    validateListItem = ajv.compile(list);
    const props = service.properties as Record<string, { items: { properties: Record<string, unknown> } }>;
    validateLocation = ajv.compile(props.service_at_locations!.items.properties.location as object);
  });

  const expectValid = (validate: ValidateFunction, doc: unknown) => {
    const ok = validate(doc);
    expect(ok ? [] : validate.errors).toEqual([]);
  };

  it.skipIf(!haveSchemas)('has validators that bite: an id that is not a UUID, or an unknown status, fails', () => {
    expect(validateService({ id: 'not-a-uuid', name: 'x', status: 'active' })).toBe(false);
    expect(validateListItem({ id: crypto.randomUUID(), name: 'x', status: 'open' })).toBe(false);
    expect(validateListItem({ id: crypto.randomUUID(), name: 'x', status: 'active' })).toBe(true);
  });

  it('answers the API info at its base URL, pointing at the OpenAPI document', async () => {
    const info = await json<{ version: string; profile: string; openapi_url: string }>(paths.openReferral);
    expect(info.version).toBe('3.0');
    expect(info.openapi_url).toBe(`http://${w.a.host}/api/openapi.json`);
  });

  it.skipIf(!haveSchemas)('lists published projects as services that validate against service_list.json', async () => {
    type Page = { contents: Record<string, unknown>[] } & Record<string, unknown>;
    const page = await json<Page>(`${paths.orukServices}?page=1&per_page=10`);
    expect(page).toMatchObject({
      total_items: 1,
      total_pages: 1,
      page_number: 1,
      size: 1,
      first_page: true,
      last_page: true,
      empty: false,
    });
    for (const item of page.contents) expectValid(validateListItem, item);
    expect(page.contents.map((c) => c.id)).toEqual([facts.project]);
    expect(page.contents[0]).toMatchObject({
      name: 'Barnfield Repair Café',
      status: 'active',
      organization_id: w.a.place.id,
      organization: { id: w.a.place.id, name: 'Place A' },
    });
    const beyond = await json<Page>(`${paths.orukServices}?page=2&per_page=10`);
    expect(beyond).toMatchObject({ size: 0, empty: true, page_number: 2, first_page: false, contents: [] });
  });

  it.skipIf(!haveSchemas)(
    'gives a nested service, with schedules and locations, that validates against service.json',
    async () => {
      const doc = await json<Record<string, unknown>>(paths.orukService(facts.project));
      expectValid(validateService, doc);
      const schedules = doc.schedules as Record<string, unknown>[];
      const weekly = schedules.find((s) => s.id === facts.weekly.seriesId);
      // 2 March 2027 to 18 May 2027 (12 Tuesdays), 18:00 to 20:00 London time.
      expect(weekly).toMatchObject({
        freq: 'WEEKLY',
        byday: 'TU',
        dtstart: '2027-03-02',
        valid_from: '2027-03-02',
        valid_to: '2027-05-18',
        opens_at: '18:00',
        closes_at: '20:00',
        attending_type: 'in person',
      });
      const oneOff = schedules.find((s) => s.id === facts.oneOff.seriesId);
      expect(oneOff).toMatchObject({ valid_from: '2027-02-20', valid_to: '2027-02-20', opens_at: '14:00' });
      expect(oneOff).not.toHaveProperty('freq');
      const sal = doc.service_at_locations as { location: Record<string, unknown> }[];
      expect(sal.map((x) => x.location.id)).toEqual([facts.hall]);
      expect(sal[0]!.location).toMatchObject({
        name: 'Barnfield Community Hall',
        location_type: 'physical',
        addresses: [{ address_1: '12 Mill Lane', city: 'Barnfield', postal_code: 'BF1 2AB', country: 'GB' }],
      });
      expect(weekly!.service_at_location_id).toBe((sal[0] as unknown as { id: string }).id);
    },
  );

  it.skipIf(!haveSchemas)(
    'lists spaces and public assets with an address as locations, and nothing suggested',
    async () => {
      const page = await json<{ contents: Record<string, unknown>[]; total_items: number }>(
        `${paths.orukLocations}?per_page=100`,
      );
      for (const loc of page.contents) expectValid(validateLocation, loc);
      const ids = page.contents.map((c) => c.id);
      expect(ids).toEqual(expect.arrayContaining([facts.hall, facts.online, facts.asset]));
      expect(ids).not.toContain(facts.suggested);
      expect(page.contents.find((c) => c.id === facts.online)).toMatchObject({
        location_type: 'virtual',
        addresses: [],
      });
    },
  );

  it('never publishes a draft project, a resident’s email or name, or another place’s project', async () => {
    expect(problemOf(await get(paths.orukService(facts.draft)), 404).status).toBe(404);
    expect(problemOf(await get(paths.orukService(facts.bProject)), 404).status).toBe(404);
    const all = [
      (await get(`${paths.orukServices}?per_page=500`)).body,
      (await get(paths.orukService(facts.project))).body,
      (await get(`${paths.orukLocations}?per_page=500`)).body,
    ].join('\n');
    expect(all).not.toContain('Secret Supper Club');
    expect(all).not.toContain('Place B Allotment');
    expect(all).not.toContain('Front Room');
    expect(all).not.toMatch(/@feeds-a\.test|@example\.test/);
    expect(all).not.toContain('Test resident');
    // Place B's host sees B's project and none of A's.
    const b = await json<{ contents: { id: string }[] }>(paths.orukServices, w.b);
    expect(b.contents.map((c) => c.id)).toEqual([facts.bProject]);
  });

  it('refuses a page or page size out of range with a problem document', async () => {
    for (const q of ['page=0', 'page=abc', 'per_page=0', 'per_page=501', 'per_page=-1']) {
      const p = problemOf(await get(`${paths.orukServices}?${q}`), 422);
      expect(p.errors?.length, q).toBeGreaterThan(0);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// OpenActive RPDE

describe('OpenActive RPDE feeds', () => {
  it('pages every session in (modified, id) order through next, none missed or repeated', async () => {
    const { items, pages } = await walk(`${paths.scheduledSessionsFeed}?limit=5`);
    expect(pages).toBeGreaterThan(2);
    expectStrictlyOrdered(items);
    const ids = items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    const expected = [...facts.weekly.sessionIds, ...facts.oneOff.sessionIds, facts.draftSession];
    expect([...ids].sort()).toEqual([...expected].sort());
    // The same feed at the full page size agrees.
    const whole = await walk(paths.scheduledSessionsFeed);
    expect(whole.items.map((i) => i.id)).toEqual(ids);
  });

  it('gives ScheduledSession data with status, capacity from bookings and its series', async () => {
    const { items } = await walk(paths.scheduledSessionsFeed);
    const first = items.find((i) => i.id === facts.weekly.sessionIds[0])!;
    expect(first.state).toBe('updated');
    expect(first.kind).toBe('ScheduledSession');
    expect(first.data).toMatchObject({
      '@context': 'https://openactive.io/',
      '@type': 'ScheduledSession',
      identifier: first.id,
      startDate: '2027-03-02T18:00:00.000Z',
      endDate: '2027-03-02T20:00:00.000Z',
      duration: 'PT120M',
      eventStatus: 'https://schema.org/EventScheduled',
      maximumAttendeeCapacity: 10,
      remainingAttendeeCapacity: 8,
      superEvent: `http://${w.a.host}/projects/${facts.project}#series-${facts.weekly.seriesId}`,
    });
    // A draft project's session is only ever a deletion: its id, nothing about it.
    const draft = items.find((i) => i.id === facts.draftSession)!;
    expect(draft).toEqual({
      state: 'deleted',
      kind: 'ScheduledSession',
      id: facts.draftSession,
      modified: draft.modified,
    });
  });

  it('pages the series, with a schedule for the weekly one', async () => {
    const { items } = await walk(`${paths.sessionSeriesFeed}?limit=1`);
    expectStrictlyOrdered(items);
    const weekly = items.find((i) => i.id === facts.weekly.seriesId)!;
    expect(weekly.data).toMatchObject({
      '@type': 'SessionSeries',
      name: 'Tuesday fix-it evening',
      organizer: { name: 'Place A' },
      location: { name: 'Barnfield Community Hall', address: '12 Mill Lane, Barnfield, BF1 2AB' },
      eventSchedule: [
        {
          repeatFrequency: 'P1W',
          byDay: ['https://schema.org/Tuesday'],
          startDate: '2027-03-02',
          startTime: '18:00',
          endTime: '20:00',
          repeatCount: 12,
        },
      ],
    });
    expect(items.filter((i) => i.state === 'updated').map((i) => i.id)).not.toContain(undefined);
  });

  it('shows a cancellation as EventCancelled with a later modified, after the harvester’s last page', async () => {
    const { items, last } = await walk(paths.scheduledSessionsFeed);
    const target = facts.weekly.sessionIds[3]!;
    const before = items.find((i) => i.id === target)!;
    await w.services.sessions.cancelSession(
      ctxOf(w.a),
      officer(w.a),
      target,
      { reason: 'The hall is flooded', scope: 'one' },
      { baseUrl: 'http://feeds-a.test' },
    );
    // A harvester polling its last URL sees just the change.
    const page = await json<RpdePage>(last);
    expect(page.items.map((i) => i.id)).toEqual([target]);
    expect(page.items[0]!.modified).toBeGreaterThan(before.modified);
    expect(page.items[0]!.data).toMatchObject({ eventStatus: 'https://schema.org/EventCancelled' });
  });

  it('moves a session on when a booking changes the places left', async () => {
    const { last } = await walk(paths.scheduledSessionsFeed);
    const target = facts.weekly.sessionIds[5]!;
    await w.services.sessions.book(ctxOf(w.a), w.a.staff.admin.user.id, target, new Date('2026-06-01T09:00:00Z'));
    const page = await json<RpdePage>(last);
    expect(page.items.map((i) => i.id)).toEqual([target]);
    expect(page.items[0]!.data).toMatchObject({ remainingAttendeeCapacity: 9 });
  });

  it('gives a place back when someone who booked deletes their account', async () => {
    const target = facts.weekly.sessionIds[6]!;
    const leaver = await w.person('resident');
    await w.services.sessions.book(ctxOf(w.a), leaver.user.id, target, new Date('2026-06-01T09:00:00Z'));
    const { last, items } = await walk(paths.scheduledSessionsFeed);
    expect(items.find((i) => i.id === target)?.data).toMatchObject({ remainingAttendeeCapacity: 9 });
    await w.services.accounts.deleteAccount(systemCtx(w.a.place.id), leaver.user.id, leaver.password);
    const page = await json<RpdePage>(last);
    expect(page.items.map((i) => i.id)).toEqual([target]);
    expect(page.items[0]!.data).toMatchObject({ remainingAttendeeCapacity: 10 });
  });

  it('publishes a project’s sessions once it is published (and they leave when it is taken down)', async () => {
    const { last } = await walk(paths.scheduledSessionsFeed);
    await w.services.projects.publish(ctxOf(w.a), facts.draft);
    const page = await json<RpdePage>(last);
    expect(page.items).toMatchObject([{ id: facts.draftSession, state: 'updated' }]);
    await w.services.projects.decline(ctxOf(w.a), facts.draft, 'Not a public activity');
    const again = await json<RpdePage>(new URL(page.next).pathname + new URL(page.next).search);
    expect(again.items).toMatchObject([{ id: facts.draftSession, state: 'deleted' }]);
    expect(again.items[0]).not.toHaveProperty('data');
  });

  // PGlite has one connection, so nothing can be open beside a request: this needs PostgreSQL.
  it.skipIf(!process.env.DATABASE_URL)(
    'holds a page below a transaction still open in another connection, and catches up once it ends',
    async () => {
      const { last } = await walk(paths.scheduledSessionsFeed);
      const target = facts.weekly.sessionIds[7]!;
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      let opened = () => {};
      const isOpen = new Promise<void>((r) => (opened = r));
      const open = w.services.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        opened();
        await held;
      });
      await isOpen;
      await w.services.sessions.cancelSession(
        ctxOf(w.a),
        officer(w.a),
        target,
        { reason: 'Held back', scope: 'one' },
        { baseUrl: 'http://feeds-a.test' },
      );
      expect((await json<RpdePage>(last)).items).toEqual([]);
      release();
      await open;
      expect((await json<RpdePage>(last)).items.map((i) => i.id)).toEqual([target]);
    },
  );

  it("shows only the place's own sessions on its host", async () => {
    const a = await walk(paths.scheduledSessionsFeed);
    expect(a.items.map((i) => i.id)).not.toContain(facts.bSession);
    const b = await walk(paths.scheduledSessionsFeed, w.b);
    expect(b.items.map((i) => i.id)).toEqual([facts.bSession]);
    const bSeries = await walk(paths.sessionSeriesFeed, w.b);
    expect(bSeries.items).toHaveLength(1);
    expect(JSON.stringify(bSeries.items)).not.toContain('Barnfield');
  });

  it('lets a session with bookings go outright (as only a whole place does), cascades and all', async () => {
    const target = facts.weekly.sessionIds[10]!;
    await w.services.sessions.book(ctxOf(w.a), w.a.staff.resident.user.id, target, new Date('2026-06-01T09:00:00Z'));
    await w.services.db.execute(sql`delete from sessions where id = ${target}`);
    const { items } = await walk(paths.scheduledSessionsFeed);
    expect(items.map((i) => i.id)).not.toContain(target);
  });

  it('refuses a bad afterTimestamp or afterId with a problem document, and lists nothing', async () => {
    const id = facts.weekly.sessionIds[0]!;
    const bad = [
      `afterTimestamp=abc&afterId=${id}`,
      `afterTimestamp=-5&afterId=${id}`,
      `afterTimestamp=1.5&afterId=${id}`,
      `afterTimestamp=${Date.now() + 400 * 24 * 3600 * 1000}&afterId=${id}`,
      `afterTimestamp=99999999999999999999&afterId=${id}`,
      `afterTimestamp=&afterId=${id}`,
      'afterTimestamp=1700000000000',
      `afterId=${id}`,
      'afterTimestamp=1700000000000&afterId=not-an-id',
      `afterTimestamp=1700000000000&afterId=${id}&limit=501`,
      'limit=0',
      'unknown=1',
    ];
    for (const feed of [paths.scheduledSessionsFeed, paths.sessionSeriesFeed])
      for (const q of bad) {
        const res = await get(`${feed}?${q}`);
        const p = problemOf(res, 422);
        expect(p.errors?.length, q).toBeGreaterThan(0);
        expect(res.body).not.toContain('"items"');
      }
  });

  it('is public, open to other sites, and documented in the OpenAPI document', async () => {
    const res = await get(paths.scheduledSessionsFeed);
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const doc = await json<{ paths: Record<string, { get?: { tags?: string[] } }> }>('/api/openapi.json');
    for (const p of [
      paths.openReferral,
      paths.orukServices,
      paths.orukLocations,
      paths.sessionSeriesFeed,
      paths.scheduledSessionsFeed,
    ])
      expect(doc.paths[p]?.get?.tags, p).toEqual(['Open data feeds']);
    expect(doc.paths[`${paths.orukServices}/{id}`]?.get?.tags).toEqual(['Open data feeds']);
  });
});
