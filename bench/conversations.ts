/**
 * The conversations module through the real app and database (issue 5): how long a vote takes
 * (the request a participant waits for), the voting page with a stored analysis, and the
 * background recompute (load every vote from the database, analyse, store) at growing sizes.
 * Votes are bulk-inserted with SQL (three opinion camps, seeded). Run alone with
 * `npx tsx bench/conversations.ts`; sizes as `npx tsx bench/conversations.ts 1000x100 5000x200`.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { Browser, buildTestApp, createPlace, createUser } from '../test/helpers.js';
import { queryRows } from '../src/platform/db.js';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(name: string, n: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await fn(-1 - i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(52)} n=${n}  p50 ${percentile(times, 50).toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms`,
  );
}

const sizes = (process.argv.slice(2).length ? process.argv.slice(2) : ['1000x100', '5000x200']).map((s) => {
  const [p, st] = s.split('x').map(Number);
  return { participants: p!, statements: st! };
});
const DENSITY = 0.3;

const t = await buildTestApp({}, 1_000_000);
const { place, host } = await createPlace(t.services, 'localhost', { isDefault: true });
const officer = await createUser(t.services, place.id, 'officer');
const ctx = { placeId: place.id, actor: { type: 'system' as const }, ip: null, requestId: null };
console.log(
  `Machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, database ${t.database.kind}\n`,
);

async function conversationWith(participants: number, statements: number) {
  let c = await t.services.conversations.create(ctx, officer.user, {
    question: `Bench ${participants} × ${statements}`,
    context: '',
    opensOn: null,
    closesOn: null,
    audience: 'link',
    anonymousAllowed: true,
    moderation: 'strict',
    seeds: Array.from({ length: statements }, (_, i) => `Bench statement ${i}`),
  });
  c = await t.services.conversations.open(ctx, officer.user, c.id);
  await t.services.db.execute(sql`
    insert into conversation_participants (place_id, conversation_id, number, external_id)
    select ${place.id}, ${c.id}, g, 'bench-' || g from generate_series(0, ${participants - 1}::int) g`);
  await t.services.db.execute(
    sql`update conversations set next_participant_number = ${participants} where id = ${c.id}`,
  );
  // Camp = participant mod 3; each camp leans on each statement by a hash of (camp, statement).
  await t.services.db.execute(sql`
    insert into conversation_votes (place_id, conversation_id, participant_id, statement_id, value, created_at)
    select ${place.id}, ${c.id}, p.id, s.id,
           case when ('x' || substr(md5(p.number % 3 || '-' || s.number), 1, 8))::bit(32)::bigint % 100
                     > ('x' || substr(md5(p.number || ':' || s.number || 'v'), 1, 8))::bit(32)::bigint % 100 then 1
                when ('x' || substr(md5(p.number || ':' || s.number || 'v'), 1, 8))::bit(32)::bigint % 7 = 0 then 0
                else -1 end,
           now() - interval '1 day' + (p.number || ' seconds')::interval
    from conversation_participants p
    join conversation_statements s on s.conversation_id = p.conversation_id
    where p.conversation_id = ${c.id}
      and ('x' || substr(md5(p.number || '/' || s.number), 1, 8))::bit(32)::bigint % 1000 < ${Math.round(DENSITY * 1000)}
    order by p.number, s.number`);
  return c;
}

// A vote and the voting page, on a conversation of the first size with a stored analysis.
{
  const { participants, statements } = sizes[0]!;
  const c = await conversationWith(participants, statements);
  await t.services.conversations.analysis.recompute(place.id, c.id);
  const br = new Browser(t.app, host);
  await br.get(`/conversations/${c.id}`);
  const token = await br.csrf(`/conversations/${c.id}`);
  await measure(`GET /conversations/{id} (next statement, ${participants}×${statements})`, 200, () =>
    br.get(`/conversations/${c.id}`),
  );
  // Each measured vote is by a new pseudonymous participant, so the rate limit never applies.
  await measure('POST /conversations/{id}/vote (new participant)', 200, async () => {
    const fresh = new Browser(t.app, host);
    fresh.cookies = new Map(br.cookies);
    fresh.cookies.delete(`cg_conv_${c.id.replaceAll('-', '')}`);
    const res = await fresh.postRaw(`/conversations/${c.id}/vote`, { _csrf: token, statement: '0', vote: 'agree' });
    if (res.statusCode !== 303) throw new Error(`vote answered ${res.statusCode}`);
  });
  t.services.conversations.analysis.pendingIds(); // queued, never run here: voting does not wait for it
}

// The background recompute at each size.
for (const { participants, statements } of sizes) {
  const c = await conversationWith(participants, statements);
  const [{ n }] = (await queryRows<{ n: number }>(
    t.services.db,
    sql`select count(*)::int as n from conversation_votes where conversation_id = ${c.id}`,
  )) as [{ n: number }];
  const t0 = performance.now();
  const run = await t.services.conversations.analysis.recompute(place.id, c.id);
  const first = performance.now() - t0;
  const t1 = performance.now();
  await t.services.conversations.analysis.recompute(place.id, c.id);
  const again = performance.now() - t1;
  const stored = (await t.services.conversations.storedAnalysis(c))!;
  console.log(
    `recompute ${participants} × ${statements} (${n.toLocaleString('en-GB')} votes): first ${first.toFixed(0)} ms, again ${again.toFixed(0)} ms (of which loading the votes ${run.loadMs} ms, and the maths with ${stored.stability?.resamples ?? 0} stability resamples ${run.durationMs - (run.loadMs ?? 0)} ms), ${stored.result.groups.length} groups, stability: ${stored.stability?.stable ? 'stable' : 'not stable'}`,
  );
}

await t.close();
