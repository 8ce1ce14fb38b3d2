/**
 * Participation at scale: seeds years of activity with `seedScale` (a million attendances by
 * default on PGlite; set BENCH_PARTICIPATION_INTENSITY / BENCH_PARTICIPATION_YEARS to change it,
 * e.g. intensity 650 for about ten million on PostgreSQL), then measures the dashboard, the stats
 * API and recording one attendance with its rollup increments.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { seedScale } from '../src/modules/participation/index.js';
import { createStatsRepository } from '../src/modules/participation/stats/stats.repository.js';
import { addDays, addMonths, defaultPeriod, monthOf } from '../src/modules/participation/stats/stats.service.js';
import { createProjectFacts } from '../src/modules/projects/index.js';
import { pino } from 'pino';
import { buildApp } from '../src/app.js';
import { openDatabase, queryRows } from '../src/platform/db.js';
import { createServices, type Services } from '../src/services.js';
import { Browser, buildTestApp, createPlace, createUser, testConfig, type TestApp } from '../test/helpers.js';

async function openExistingApp(url: string): Promise<TestApp> {
  const database = openDatabase({ url });
  await database.migrate();
  const services = createServices({ config: testConfig(), database, logger: pino({ level: 'silent' }) });
  const app = await buildApp({ services, logger: false, requestsPerMinute: 1_000_000 });
  await app.ready();
  return { app, services, database, close: () => app.close().then(() => database.close()) };
}

async function defaultPlaceOf(services: Services) {
  const place = await services.places.findDefault();
  if (!place) throw new Error('The database has no default place: fill it with `commonground seed --scale N` first.');
  return { place, wards: await services.areas.listWards(place.id) };
}

async function countsOf(db: Services['db'], placeId: string) {
  const one = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: unknown }>(db, q))[0]!.n);
  return {
    attendances: await one(sql`select count(*) as n from attendances where place_id = ${placeId}`),
    people: await one(sql`select count(distinct user_id) as n from attendances where place_id = ${placeId}`),
    projects: await one(sql`select count(*) as n from projects where place_id = ${placeId}`),
    sessions: await one(sql`select count(*) as n from sessions where place_id = ${placeId}`),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(name: string, n: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await fn(-1 - i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(52)} n=${n}  p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms  max ${times.at(-1)!.toFixed(1)} ms`,
  );
}

const years = Number(process.env.BENCH_PARTICIPATION_YEARS ?? 2);
const intensity = Number(process.env.BENCH_PARTICIPATION_INTENSITY ?? 65);
/**
 * BENCH_EXISTING_DATABASE_URL: measure a database already filled by `commonground seed --scale`
 * (its default place) instead of seeding a new one; it is migrated but not dropped. Seeding ten
 * million attendances takes about ten minutes, so repeated measurements reuse one.
 */
const existing = process.env.BENCH_EXISTING_DATABASE_URL;
const t = existing ? await openExistingApp(existing) : await buildTestApp();
const { place, wards } = existing
  ? await defaultPlaceOf(t.services)
  : await createPlace(t.services, 'localhost', { isDefault: true });
const { email } = await createUser(
  t.services,
  place.id,
  'officer',
  existing ? `bench-officer-${Date.now()}@example.test` : undefined,
);
const { secret } = await t.services.apiTokens.create(
  { placeId: place.id, actor: { type: 'system' }, ip: null, requestId: null },
  { name: 'bench', role: 'officer', createdBy: null },
);
const t0 = performance.now();
const seeded = existing
  ? await countsOf(t.services.db, place.id)
  : await seedScale(t.services.db, place.id, { years, intensity });
const seedSeconds = (performance.now() - t0) / 1000;
const pm = await queryRows<{ n: unknown }>(
  t.services.db,
  sql`select count(*) as n from participant_months where place_id = ${place.id}`,
);
console.log(
  `Machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, database ${t.database.kind}`,
);
console.log(
  `${existing ? 'Existing database' : `Seeded ${years} years at intensity ${intensity} in ${seedSeconds.toFixed(0)} s`}: ${seeded.attendances} attendances, ${seeded.people} people, ${seeded.projects} projects, ${seeded.sessions} sessions, ${Number(pm[0]!.n)} person-months\n`,
);

const officer = new Browser(t.app);
await officer.signIn(email);
const today = new Date().toISOString().slice(0, 10);
const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
const ward = wards[0]!.code;
await measure('GET /dashboard (default: last 12 whole months)', 50, () => officer.get('/dashboard'));
await measure('GET /dashboard (a year to today, part-months)', 50, () =>
  officer.get(`/dashboard?from=${yearAgo}&to=${today}`),
);
await measure('GET /dashboard?ward=… (one ward, last 12 whole months)', 50, () =>
  officer.get(`/dashboard?ward=${ward}`),
);
await measure('GET /dashboard?ward=… (one ward, a year)', 50, () =>
  officer.get(`/dashboard?from=${yearAgo}&to=${today}&ward=${ward}`),
);
await measure('GET /api/v1/stats/participation (a year)', 50, () =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/stats/participation?from=${yearAgo}&to=${today}`,
    headers: { host: 'localhost', authorization: `Bearer ${secret}` },
  }),
);

// Each query of the stats service on its own (the default period, whole place), to see where time goes.
{
  const repo = createStatsRepository(t.services.db);
  const projects = createProjectFacts(t.services.db);
  const period = defaultPeriod(today);
  const start = new Date(`${period.from}T00:00:00Z`);
  const end = new Date(`${addDays(period.to, 1)}T00:00:00Z`);
  const lastCohort = addMonths(monthOf(period.to), -3);
  const queries: [string, () => Promise<unknown>][] = [
    ['  people (whole months)', () => repo.people(place.id, period, null)],
    ['  people (a year to today, part-months)', () => repo.people(place.id, { from: yearAgo, to: today }, null)],
    ['  daily rollup', () => repo.daily(place.id, period)],
    ['  sessions and hours offered', () => repo.sessionsByWard(place.id, period)],
    [
      '  active projects (published, then with sessions)',
      async () =>
        repo.projectsWithSessions(
          place.id,
          (await projects.published(place.id)).map((p) => p.id),
          start,
          end,
          null,
        ),
    ],
    ['  new projects', () => projects.countPublishedBetween(place.id, start, end, null)],
    ['  retention (3 months)', () => repo.retention(place.id, null, period.from, lastCohort, 3)],
    [
      '  cumulative reach',
      () => repo.cumulative(place.id, addMonths(period.from, -12), addMonths(monthOf(today), -11)),
    ],
  ];
  for (const [name, fn] of queries) await measure(name, 30, fn);
}

// Recording: one person added to the latest session through the attendance service (its transaction:
// advisory lock, checks, insert, daily and monthly rollups, the person's activity row, the session's
// totals and the audit event).
const latest = await queryRows<{ id: string }>(
  t.services.db,
  sql`select id from sessions where place_id = ${place.id} and starts_at <= now() order by starts_at desc limit 1`,
);
const sessionId = latest[0]!.id;
const extra = await queryRows<{ id: string }>(
  t.services.db,
  sql`select id from users where place_id = ${place.id} and display_name like 'Resident %'
      and id not in (select user_id from attendances where session_id = ${sessionId})
      order by id limit 310 offset 1000`,
);
const ctx = { placeId: place.id, actor: { type: 'system' as const }, ip: null, requestId: null };
await measure('record one attendance (attendance service)', 300, async (i) => {
  const userId = extra[i + 5]!.id;
  await t.services.attendance.record(ctx, { token: true }, sessionId, { attendees: [{ userId }] }, 'api');
});
await t.close();
