/**
 * The conversation report, outcome page and Polis export/import through the real app and
 * database (issue 5, points 9–11): importing a real Polis export (vtaiwan.uberx, 1,921 voters ×
 * 197 statements, 49,997 votes; CC BY 4.0, read from ../shared/data), then the report page, the
 * outcome page and each export file, timed as whole requests (`inject`). Then the same for a
 * synthetic conversation of the size given (default 5000x200 at 30% density), votes inserted in
 * SQL. Run alone with `npx tsx bench/conversations-report.ts [PxS]`.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { planImport } from '../src/lib/polis/index.js';
import { systemContext } from '../src/platform/context.js';
import { Browser, buildTestApp, createPlace, createUser } from '../test/helpers.js';
import { queryRows } from '../src/platform/db.js';
import { measure as timed } from './timing.js';

/** The figures are whole milliseconds: these are slower operations. */
const measure = (name: string, n: number, fn: () => Promise<unknown>) => timed(name, n, fn, { digits: 0, width: 56 });

const t = await buildTestApp({}, 1_000_000);
const { place } = await createPlace(t.services, 'localhost', { isDefault: true });
const officer = await createUser(t.services, place.id, 'officer');
const browser = new Browser(t.app, 'localhost');
await browser.signIn(officer.email);
const io = t.services.polisFiles;
const ctx = systemContext(place.id);
console.log(
  `Machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, database ${t.database.kind}, load ${os.loadavg()[0]!.toFixed(1)}\n`,
);

async function pages(label: string, id: string, n: number) {
  const t0 = performance.now();
  const run = await t.services.conversations.analysis.recompute(place.id, id);
  console.log(
    `${label}: analysis with stability (background) ${(performance.now() - t0).toFixed(0)} ms, ${run.votes} votes`,
  );
  const t1 = performance.now();
  await browser.get(`/conversations/${id}/report`);
  console.log(
    `${label}: first report view after the analysis (counts votes per group) ${(performance.now() - t1).toFixed(0)} ms`,
  );
  await measure(`${label}: report page`, n, async () => {
    const res = await browser.get(`/conversations/${id}/report`);
    if (res.statusCode !== 200) throw new Error(`report ${res.statusCode}`);
  });
  await measure(`${label}: outcome page`, n, () => browser.get(`/conversations/${id}/outcome`));
  for (const f of ['votes.csv', 'participants-votes.csv', 'polis-export.zip'])
    await measure(`${label}: export ${f}`, Math.max(3, Math.round(n / 2)), async () => {
      const res = await browser.get(`/conversations/${id}/export/${f}`);
      if (res.statusCode !== 200) throw new Error(`${f} ${res.statusCode}`);
    });
}

const uberx = path.resolve(import.meta.dirname, '../../shared/data/polis-open-data/vtaiwan.uberx');
if (existsSync(uberx)) {
  const read = (f: string) => readFileSync(path.join(uberx, f), 'utf8');
  let t0 = performance.now();
  const plan = planImport({ comments: read('comments.csv'), votes: read('votes.csv'), summary: read('summary.csv') });
  const parsed = performance.now() - t0;
  t0 = performance.now();
  const c = await io.importConversation(ctx, officer.user.id, plan, {
    question: plan.topic ?? 'uberx',
    licence: 'CC BY 4.0',
    attribution: 'The Computational Democracy Project',
    sourceUrl: plan.url,
  });
  console.log(
    `vtaiwan.uberx: read and check ${plan.votes.length} votes ${parsed.toFixed(0)} ms; import (one transaction) ${(performance.now() - t0).toFixed(0)} ms`,
  );
  await pages('vtaiwan.uberx', c.id, 20);
} else console.warn(`Polis open data not found at ${uberx}: skipping the real conversation`);

for (const size of process.argv.slice(2).length ? process.argv.slice(2) : ['5000x200']) {
  const [participants, statements] = size.split('x').map(Number) as [number, number];
  const [row] = await queryRows<{ id: string }>(
    t.services.db,
    sql`insert into conversations (place_id, question, status) values (${place.id}, ${`Bench ${size}`}, 'closed') returning id`,
  );
  const id = row!.id;
  await t.services.db.execute(sql`
    insert into conversation_participants (place_id, conversation_id, number)
    select ${place.id}, ${id}, g from generate_series(0, ${participants - 1}::int) g`);
  await t.services.db.execute(sql`
    insert into conversation_statements (place_id, conversation_id, number, text, text_key, status)
    select ${place.id}, ${id}, g, 'Bench statement ' || g, 'bench statement ' || g, 'accepted'
    from generate_series(0, ${statements - 1}::int) g`);
  // Three camps; 30% density; votes spread over 30 days.
  await t.services.db.execute(sql`
    insert into conversation_votes (place_id, conversation_id, participant_id, statement_id, value, created_at)
    select ${place.id}, ${id}, p.id, s.id,
           case when (p.number % 3 + s.number) % 3 = 0 then 1 when (p.number + s.number) % 7 = 0 then 0 else -1 end,
           now() - interval '30 days' + ((p.number * 7 + s.number) % 2592000 || ' seconds')::interval
    from conversation_participants p join conversation_statements s on s.conversation_id = p.conversation_id
    where p.conversation_id = ${id} and (p.number * 31 + s.number * 17) % 10 < 3
    order by p.number, s.number`);
  await pages(`synthetic ${size}`, id, 10);
}
await t.close();
