import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { $, errorSummary, type Browser } from '../../../../../test/helpers.js';
import { useWorld, type TestUser } from '../../../../../test/kit/index.js';
import type { Role } from '../../../../platform/context.js';
import { dailyRows, insertProject, insertSession, query } from '../../test/attendance.fixtures.js';

let organiser: TestUser, officer: TestUser, ann: TestUser, bob: TestUser;
let sessionId: string;

/** Someone with a name a sheet can match (the kit's people are all "Test <role>"). */
async function person(name: string, role: Role = 'resident') {
  const u = await w.person(role);
  await w.services.db.execute(sql`update users set display_name = ${name} where id = ${u.user.id}`);
  return u;
}

const w = useWorld('attendance-csv', {
  setUp: async ({ services }) => {
    organiser = await person('Olu Organiser');
    officer = await person('Ofelia Officer', 'officer');
    ann = await person('Ann Adeyemi');
    bob = await person('Bob Brown');
    await person('Jo Twin');
    await person('Jo Twin');
    const project = await insertProject(services.db, w.a.place.id, organiser.user.id);
    sessionId = (
      await insertSession(services.db, w.a.place.id, project.id, {
        startsAt: new Date(Date.now() - 3600_000),
        minutes: 90,
      })
    ).id;
  },
});

const names = async () =>
  (
    await query(
      w.services.db,
      sql`select u.display_name as name, a.role, a.minutes::int as minutes, a.source from attendances a join users u on u.id = a.user_id where a.session_id = ${sessionId} order by 1`,
    )
  ).map((r) => `${r.name}:${r.role}:${r.minutes}:${r.source}`);

const importUrl = () => `/sessions/${sessionId}/attendance/import`;
const problems = (html: string) => {
  const q = $(html);
  return q('#problems tbody tr')
    .map((_i, tr) =>
      q(tr)
        .find('th, td')
        .map((_j, c) => q(c).text().trim())
        .get()
        .join(' | '),
    )
    .get();
};

/** Uploads `bytes` as the sheet file, as a browser's multipart form does. */
async function uploadSheet(br: Browser, bytes: Buffer) {
  const csrf = await br.csrf(importUrl());
  const boundary = '----cgtest';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="sheet"; filename="sheet.csv"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  return w.t.app.inject({
    method: 'POST',
    url: importUrl(),
    headers: {
      host: br.host,
      cookie: [...br.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

describe('sign-in sheet import', () => {
  it('checks a clean pasted sheet, shows it, and imports exactly its rows on confirm', async () => {
    const br = await w.as(organiser);
    const csv = 'Name,Role,Minutes\r\nann adeyemi,,\r\n"Bob Brown",volunteer,60\r\n\r\n';
    const check = await br.post(importUrl(), { csv });
    expect(check.statusCode).toBe(200);
    const q = $(check.body);
    expect(q('#summary').text()).toContain('2 people');
    expect(await names()).toEqual([]);
    const sheet = q('input[name="sheet"]').val() as string;
    const done = await br.post(`${importUrl()}/confirm`, { sheet }, importUrl());
    expect(done.statusCode).toBe(303);
    expect(await names()).toEqual(['Ann Adeyemi:participant:90:csv', 'Bob Brown:volunteer:60:csv']);
    // 90 + 60 minutes, 60 of them volunteered.
    expect(await dailyRows(w.services.db, w.a.place.id)).toEqual([
      expect.objectContaining({ named: 2, headcount: 0, minutes: 150, volunteer: 60 }),
    ]);
    // Importing the same sheet again counts nobody twice.
    await br.post(`${importUrl()}/confirm`, { sheet }, importUrl());
    expect(await names()).toHaveLength(2);
    expect((await w.services.audit.list(w.a.place.id, { action: 'attendance.recorded' }))[0]!.changes).toMatchObject({
      source: 'csv',
    });
  });

  it('accepts a file upload (multipart) and checks it the same way', async () => {
    const br = await w.as(organiser);
    const res = await uploadSheet(br, Buffer.from('name\nAnn Adeyemi\n=HYPERLINK("http://evil")'));
    expect(res.statusCode).toBe(422);
    expect(problems(res.body), res.body.slice(0, 0) + JSON.stringify(problems(res.body))).toEqual([
      expect.stringMatching(/^3 \| .* \| A cell starts with =, \+, - or @/),
    ]);
  });

  it('reports every problem row by row, escapes what it read, and imports nothing', async () => {
    const br = await w.as(organiser);
    const before = await names();
    // Nothing pasted: the summary says so (there are no rows to report).
    const empty = await br.post(importUrl(), { csv: '' });
    expect(empty.statusCode).toBe(422);
    expect(errorSummary(empty.body).join(' ')).toMatch(/Paste the sign-in sheet/);
    const cases: [string, RegExp[]][] = [
      ['name\n', [/^Whole file \| {2}\| The file has a header but no rows/]],
      [
        'who,what\nAnn,x\n',
        [
          /^1 \| who, what \| The header has columns this import does not know: "who", "what"/,
          /^1 \| who, what \| The first row must be a header with a "name" or "email" column/,
        ],
      ],
      ['role\nvolunteer\n', [/^1 \| .* \| The first row must be a header with a "name" or "email" column/]],
      ['name,email\nAnn Adeyemi,ann@example.test\n', [/Only council officers can match people by email/]],
      [
        'name,role,minutes\nAnn Adeyemi,,\n+SUM(A1),,\n-2+3,,\n@cmd,,\nBob Brown,volunteer,-5\n',
        [
          /^3 \| .* \| A cell starts with =/,
          /^4 \| .* \| A cell starts with =/,
          /^5 \| .* \| A cell starts with =/,
          /^6 \| .* \| A cell starts with =/,
        ],
      ],
      [
        'name,role\n<script>alert(1)</script>,\nNobody Here,\nJo Twin,\nAnn Adeyemi,boss\nBob Brown,\nbob brown,lead\nAnn Adeyemi,participant,extra\n',
        [
          /^2 \| name: <script>alert\(1\)<\/script>, role: \| No one in this place has that name/,
          /^3 \| .* \| No one in this place has that name/,
          /^4 \| .* \| 2 people in this place have that name/,
          /^5 \| .* \| The role must be participant, volunteer or lead/,
          /^7 \| .* \| This is the same person as row 6/,
          /^8 \| .* \| This row has 3 cells but the header has 2/,
        ],
      ],
      ['name,minutes\nAnn Adeyemi,30\n', [/Minutes can only be given for volunteers/]],
      ['name\n"Ann Adeyemi\n', [/not valid CSV/]],
      ['name\n' + 'Ann Adeyemi\n'.repeat(2001), [/^Whole file \| {2}\| The file has 2,001 rows; import at most 2,000/]],
    ];
    for (const [csv, expected] of cases) {
      const res = await br.post(importUrl(), { csv });
      expect(res.statusCode, csv.slice(0, 60)).toBe(422);
      expect(errorSummary(res.body).length, csv.slice(0, 60)).toBeGreaterThan(0);
      const rows = problems(res.body);
      expect(rows.length, csv.slice(0, 60) + JSON.stringify(rows)).toBe(expected.length);
      expected.forEach((re, i) => expect(rows[i], JSON.stringify(rows)).toMatch(re));
      expect(res.body).not.toContain('<script>alert(1)</script>');
      expect($(res.body)('input[name="sheet"][type="hidden"]').length).toBe(0);
    }
    expect(await names()).toEqual(before);
  });

  it('refuses binary and non-UTF-8 uploads, and a tampered confirm', async () => {
    const br = await w.as(officer);
    const before = await names();
    const upload = (bytes: Buffer) => uploadSheet(br, bytes);
    const zip = await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]));
    expect(zip.statusCode).toBe(422);
    expect(errorSummary(zip.body).join(' ')).toContain('not a CSV text file');
    const latin1 = await upload(Buffer.from('name\nZo\xeb\n', 'latin1'));
    expect(latin1.statusCode).toBe(422);
    expect(errorSummary(latin1.body).join(' ')).toContain('not saved as UTF-8');
    // Officers may match by email; a confirm whose sheet was edited to add a formula is checked again.
    const bad = Buffer.from(`email\n${bob.email}\n=1+1\n`).toString('base64');
    const res = await br.post(`${importUrl()}/confirm`, { sheet: bad }, importUrl());
    expect(res.statusCode).toBe(422);
    expect(problems(res.body)).toHaveLength(1);
    expect(await names()).toEqual(before);
  });

  it('lets officers match by email', async () => {
    const br = await w.as(officer);
    const check = await br.post(importUrl(), { csv: `email,role\n${ann.email.toUpperCase()},lead\n` });
    expect(check.statusCode).toBe(200);
    expect($(check.body)('#rows').text()).toContain(ann.email);
  });
});
