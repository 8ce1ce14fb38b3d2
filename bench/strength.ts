/**
 * The strength map and ward profiles at scale: seeds years of activity with `seedScale` (about a
 * million attendances by default; BENCH_PARTICIPATION_INTENSITY / BENCH_PARTICIPATION_YEARS change
 * it, as for bench/participation.ts), then measures the map and a ward profile when their figures
 * must be worked out (the cache forgotten before each request) and when they are shared (within
 * the few minutes a working-out is kept), and the same under 20 requests at once.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { demoWardGeometries } from '../src/demo.js';
import { seedScale } from '../src/modules/participation/index.js';
import { systemContext } from '../src/platform/context.js';
import { Browser, buildTestApp, createPlace } from '../test/helpers.js';
import { measure, percentile } from './timing.js';

/** `n` rounds of `concurrency` requests at once: the time each request waited, queue included. */
async function measureConcurrent(
  name: string,
  rounds: number,
  concurrency: number,
  fn: () => Promise<unknown>,
  beforeRound: () => void = () => {},
) {
  const times: number[] = [];
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    beforeRound();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const s = performance.now();
        await fn();
        times.push(performance.now() - s);
      }),
    );
  }
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(58)} ${String(times.length)} requests, ${(times.length / seconds).toFixed(0)}/s  p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms`,
  );
}

const years = Number(process.env.BENCH_PARTICIPATION_YEARS ?? 2);
const intensity = Number(process.env.BENCH_PARTICIPATION_INTENSITY ?? 65);
const t = await buildTestApp();
const { place } = await createPlace(t.services, 'localhost', { isDefault: true });
// A borough's worth of wards (the test place's 3 and the demo's 18 drawn ones), so the map draws
// and counts as many wards as a real one.
for (const [i, boundary] of demoWardGeometries().entries())
  await t.services.areas.create(systemContext(place.id), {
    kind: 'ward',
    code: `B${String(i).padStart(2, '0')}`,
    name: `Bench ward ${String(i + 1)}`,
    population: 12_000,
    populationYear: 2024,
    boundary,
  });
const t0 = performance.now();
const seeded = await seedScale(t.services.db, place.id, { years, intensity });
const wards = await t.services.areas.listWards(place.id);
console.log(
  `Machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${String(os.cpus().length)}, ${String(Math.round(os.totalmem() / 2 ** 30))} GiB, Node ${process.version}, database ${t.database.kind}`,
);
console.log(
  `Seeded ${String(years)} years at intensity ${String(intensity)} in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${String(seeded.attendances)} attendances, ${String(seeded.people)} people, ${String(wards.length)} wards\n`,
);

const browser = new Browser(t.app);
const ward = wards[0]?.code ?? '';
const forget = () => t.services.strength.forget(place.id);
await measure('GET /strength, worked out (cache forgotten)', 20, async () => {
  forget();
  await browser.get('/strength');
});
await measure('GET /strength, shared (within a few minutes)', 50, () => browser.get('/strength'));
await measure('GET /strength/wards/… profile, worked out', 20, async () => {
  forget();
  await browser.get(`/strength/wards/${ward}`);
});
await measure('GET /strength/wards/… profile, shared', 50, () => browser.get(`/strength/wards/${ward}`));
await measureConcurrent('GET /strength, 20 at once, shared', 10, 20, () => browser.get('/strength'));
await measureConcurrent(
  'GET /strength, 20 at once, each burst worked out once',
  10,
  20,
  () => browser.get('/strength'),
  forget,
);
await t.close();
