/**
 * Foundation benchmarks: the per-request costs every page pays (place resolution, session
 * lookup, rendering) and the audit write every change pays, measured through the real app
 * on the embedded database (or DATABASE_URL). Run with `npm run bench`.
 */
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { Browser, buildTestApp, createPlace, createUser } from '../test/helpers.js';
import { sql } from 'drizzle-orm';
import { recordAudit } from '../src/core/audit/index.js';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(name: string, n: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await fn(); // warm up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const row = {
    name,
    n,
    p50: percentile(times, 50).toFixed(2),
    p95: percentile(times, 95).toFixed(2),
    max: times.at(-1)!.toFixed(2),
  };
  console.log(`${row.name.padEnd(46)} n=${row.n}  p50 ${row.p50} ms  p95 ${row.p95} ms  max ${row.max} ms`);
}

const t = await buildTestApp();
const { place } = await createPlace(t.services, 'localhost', { isDefault: true });
const { email } = await createUser(t.services, place.id, 'admin');
const ctx = { placeId: place.id, actor: { type: 'system' as const }, ip: '127.0.0.1', requestId: null };

// Years of history: a million audit events by default, loaded in bulk, so filters and paging run over real volume.
const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
await t.services.db.execute(sql`
  insert into audit_events (place_id, at, actor_type, actor_id, action, subject_type, subject_id)
  select ${place.id}, now() - (g || ' seconds')::interval, 'user', md5((g % 5000)::text),
         case when g % 3 = 0 then 'account.details_changed' else 'account.signed_in' end, 'user', g::text
  from generate_series(1, ${EVENTS}::int) g`);
await t.services.db.execute(sql`analyze audit_events`);

const anon = new Browser(t.app);
const admin = new Browser(t.app);
await admin.signIn(email);

console.log(
  `Machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, database ${t.database.kind}, ${EVENTS} audit events\n`,
);
await measure('GET / (anonymous)', 500, () => anon.get('/'));
await measure('GET /account (signed in: session lookup)', 500, () => admin.get('/account'));
await measure('GET /admin/audit (newest 50)', 300, () => admin.get('/admin/audit'));
await measure('GET /admin/audit?action=… (filtered)', 300, () =>
  admin.get('/admin/audit?action=account.details_changed'),
);
await measure('recordAudit (one append)', 1000, () =>
  recordAudit(t.services.db, ctx, { action: 'bench', subjectType: 'bench' }),
);
await t.close();
