/**
 * The impact pages end to end on the demo borough (embedded PGlite): how long the results page,
 * the printable summary, the CSV and the API take for the demo's programme appraisal, whose three
 * participation cohorts are looked up on every request; and reading and importing a GMCA Unit
 * Cost Database workbook of 700 rows (the real one has about 674). Run alone with
 * `npx tsx bench/impact.ts`.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { pino } from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { seedDemo } from '../src/demo.js';
import { readGmcaWorkbook } from '../src/modules/impact/index.js';
import { openDatabase } from '../src/platform/db.js';
import { createServices } from '../src/services.js';

const database = openDatabase({ dataDir: 'memory://' });
await database.migrate();
const services = createServices({
  config: loadConfig({ NODE_ENV: 'test', PASSWORD_HASH_COST: 'fast', LOG_LEVEL: 'silent' }),
  database,
  logger: pino({ level: 'silent' }),
});
await seedDemo(services);
const app = await buildApp({ services, logger: false, requestsPerMinute: 1_000_000 });
await app.ready();
const place = (await services.places.resolve('localhost'))!;
const [appraisal] = await services.impactAppraisals.list(place.id);
const { secret } = await services.apiTokens.create(
  { placeId: place.id, actor: { type: 'system' }, ip: null, requestId: null },
  { name: 'bench', role: 'officer', createdBy: null },
);

// A signed-in officer's cookie, through the real sign-in form.
const signInPage = await app.inject({ method: 'GET', url: '/sign-in', headers: { host: 'localhost' } });
const jar = new Map(signInPage.cookies.map((c) => [c.name, c.value]));
const csrf = /name="_csrf" value="([^"]+)"/.exec(signInPage.body)![1]!;
const signedIn = await app.inject({
  method: 'POST',
  url: '/sign-in',
  headers: {
    host: 'localhost',
    cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    'content-type': 'application/x-www-form-urlencoded',
  },
  payload: new URLSearchParams({
    _csrf: csrf,
    email: 'officer@riverside.example',
    password: 'demo-password-2026',
    returnTo: '/',
  }).toString(),
});
for (const c of signedIn.cookies) jar.set(c.name, c.value);
const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

console.log(
  `\nImpact pages on the demo (${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})`,
);

async function time(label: string, url: string, headers: Record<string, string>, n = 30) {
  for (let i = 0; i < 3; i++) await app.inject({ method: 'GET', url, headers: { host: 'localhost', ...headers } });
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { host: 'localhost', ...headers } });
    times.push(performance.now() - t0);
    status = res.statusCode;
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(44)} status ${status}  n=${n}  p50 ${times[Math.floor(n / 2)]!.toFixed(1)} ms  p95 ${times[Math.min(n - 1, Math.floor(n * 0.95))]!.toFixed(1)} ms`,
  );
}

const id = appraisal!.id;
await time('results page (3 cohorts, charts, breakdown)', `/impact/appraisals/${id}`, { cookie });
await time('printable summary', `/impact/appraisals/${id}/summary`, { cookie });
await time('results CSV', `/impact/appraisals/${id}/results.csv`, { cookie });
await time('GET /api/v1/impact/appraisals/{id}', `/api/v1/impact/appraisals/${id}`, {
  authorization: `Bearer ${secret}`,
});
await time('value library page', '/impact/values', { cookie });

// A GMCA-shaped workbook: six theme sheets, 700 rows in all.
const themes = ['Crime', 'Education & Skills', 'Employment & Economy', 'Health', 'Housing', 'Social Services'];
const wb = new ExcelJS.Workbook();
wb.addWorksheet('Introduction').addRow(['Unit Cost Database (bench copy)']);
let code = 0;
for (const [t, theme] of themes.entries()) {
  const ws = wb.addWorksheet(theme);
  ws.addRow([`${theme} unit costs`]);
  ws.addRow([]);
  ws.addRow(['Cost code', 'Detail', 'Unit', 'Agency', 'Value (£)', 'Price year']);
  const rows = t < 4 ? 117 : 116;
  for (let i = 0; i < rows; i++)
    ws.addRow([
      `${theme.slice(0, 2).toUpperCase()}${i + 1}.${code++ % 10}`,
      `Outcome ${i} of ${theme}`,
      'Per person',
      ['Police', 'NHS', 'Local authority', 'DWP'][i % 4],
      100 + ((i * 7919) % 20000) / 7,
      `${2010 + (i % 12)}/${String(11 + (i % 12)).padStart(2, '0')}`,
    ]);
}
const bytes = Buffer.from(await wb.xlsx.writeBuffer());
const readTimes: number[] = [];
let rows = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const r = await readGmcaWorkbook(bytes);
  readTimes.push(performance.now() - t0);
  rows = r.rows.length;
  if (r.problems.length) throw new Error(`bench workbook has problems: ${r.problems[0]!.problem}`);
}
readTimes.sort((a, b) => a - b);
const ctx = { placeId: place.id, actor: { type: 'system' as const }, ip: null, requestId: null };
const t0 = performance.now();
const imported = await services.impactValues.importGmca(ctx, null, bytes);
const importMs = performance.now() - t0;
console.log(
  `GMCA workbook ${Math.round(bytes.length / 1024)} KB, ${rows} rows: read and check p50 ${readTimes[2]!.toFixed(0)} ms; check and import ${imported.imported} values ${importMs.toFixed(0)} ms`,
);

await app.close();
await database.close();
