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
import { Browser, buildTestApp, createPlace, createUser } from '../test/helpers.js';

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
const t = await buildTestApp();
const { place, wards } = await createPlace(t.services, 'localhost', { isDefault: true });
const { email } = await createUser(t.services, place.id, 'officer');
const { secret } = await t.services.apiTokens.create(
  { placeId: place.id, actor: { type: 'system' }, ip: null, requestId: null },
  { name: 'bench', role: 'officer', createdBy: null },
);
const t0 = performance.now();
const seeded = await seedScale(t.services.db, place.id, { years, intensity });
const seedSeconds = (performance.now() - t0) / 1000;
const pm = (await t.services.db.execute(
  sql`select count(*) as n from participant_months where place_id = ${place.id}`,
)) as unknown as { rows: { n: unknown }[] };
console.log(
  `Machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, database ${t.database.kind}`,
);
console.log(
  `Seeded ${years} years at intensity ${intensity} in ${seedSeconds.toFixed(0)} s: ${seeded.attendances} attendances, ${seeded.people} people, ${seeded.projects} projects, ${seeded.sessions} sessions, ${Number(pm.rows[0]!.n)} person-months\n`,
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

// Recording: what the attendance service does in its transaction (insert + both rollup increments).
const latest = (await t.services.db.execute(
  sql`select id, project_id, area_id, duration_minutes, (starts_at at time zone 'Europe/London')::date::text as day
      from sessions where place_id = ${place.id} order by starts_at desc limit 1`,
)) as unknown as { rows: { id: string; project_id: string; area_id: string; duration_minutes: number; day: string }[] };
const s = latest.rows[0]!;
const extra = (await t.services.db.execute(
  sql`select id from users where place_id = ${place.id} and display_name like 'Resident %' order by id limit 400 offset 1000`,
)) as unknown as { rows: { id: string }[] };
await measure('record one attendance (+ rollup increments)', 300, async (i) => {
  const user = extra.rows[(i + 400) % 400]!.id;
  await t.services.db.transaction(async (tx) => {
    const ins =
      (await tx.execute(sql`insert into attendances (place_id, session_id, user_id, project_id, area_id, day, minutes, source)
      values (${place.id}, ${s.id}, ${user}, ${s.project_id}, ${s.area_id}, ${s.day}, ${s.duration_minutes}, 'bench')
      on conflict do nothing returning id`)) as unknown as { rows: unknown[] };
    if (!ins.rows.length) return;
    await tx.execute(sql`insert into participation_daily (place_id, area_key, day, named_attendances, participation_minutes)
      values (${place.id}, ${s.area_id}, ${s.day}, 1, ${s.duration_minutes})
      on conflict (place_id, area_key, day) do update set named_attendances = participation_daily.named_attendances + 1,
        participation_minutes = participation_daily.participation_minutes + excluded.participation_minutes`);
    await tx.execute(sql`insert into participant_months (place_id, user_id, area_key, month, attendances)
      values (${place.id}, ${user}, ${s.area_id}, date_trunc('month', ${s.day}::date)::date, 1)
      on conflict (place_id, area_key, month, user_id) do update set attendances = participant_months.attendances + 1`);
  });
});
await t.close();
