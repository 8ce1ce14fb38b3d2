import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { makeProject } from '../../../../test/factories/index.js';
import { $, createUser, PASSWORD } from '../../../../test/helpers.js';
import { systemCtx } from '../../../../test/kit/index.js';
import type { Services } from '../../../services.js';
import { insertSession } from '../../participation/test/attendance.fixtures.js';

/** The first day of the month `back` months before this one, at 10:00 UTC. */
export function monthsAgo(back: number, day = 10): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, day, 10));
}

/**
 * Participation a test can count by hand: 15 people; 12 of them at three sessions in three
 * different months (so 12 are "regular"), 3 at one session only; 2 of the 12 volunteered 60
 * minutes at the first session. All within the last 12 whole months.
 *   unique participants 15, regular participants 12, volunteer hours 2.
 */
export async function seedParticipation(services: Services, placeId: string) {
  const organiser = await createUser(services, placeId, 'organiser');
  const people = [];
  for (let i = 0; i < 15; i++) people.push((await createUser(services, placeId, 'resident')).user);
  const project = await makeProject(services, organiser);
  for (const [i, back] of [3, 4, 5].entries()) {
    const session = await insertSession(services.db, placeId, project.id, { startsAt: monthsAgo(back), minutes: 120 });
    const attendees = people.slice(0, 12).map((p, j) => ({
      userId: p.id,
      role: i === 0 && j < 2 ? ('volunteer' as const) : ('participant' as const),
      minutes: i === 0 && j < 2 ? 60 : undefined,
    }));
    if (i === 0)
      for (const p of people.slice(12)) attendees.push({ userId: p.id, role: 'participant', minutes: undefined });
    await services.attendance.saveRegister(systemCtx(placeId), { token: true }, session.id, {
      attendees,
      headcount: 0,
    });
  }
  return { project, people, organiser };
}

/** The benefit form as an officer fills it in: the SROI guide's textbook case unless told. */
export const benefitForm = (over: Record<string, string> = {}) => ({
  name: 'Improved wellbeing',
  valueSource: 'typed',
  valueId: '',
  unitValue: '8500',
  unitPriceYear: '2019',
  valueType: 'social',
  agency: 'Residents',
  source: 'SROI guide worked example',
  cohortSource: 'typed',
  cohortSize: '60',
  cohortMeasure: '',
  cohortFrom: '',
  cohortTo: '',
  engagementRate: '100',
  successRate: '100',
  deadweight: '40',
  displacement: '0',
  attribution: '30',
  dropOff: '30',
  lagYears: '0',
  durationYears: '2',
  confidenceGrade: '1',
  ...over,
});

/** The cost form as an officer fills it in: £250,000 of programme inputs in year 0 unless told. */
export const costForm = (over: Record<string, string> = {}) => ({
  name: 'Programme inputs',
  category: 'revenue',
  agency: 'Council',
  confidenceGrade: '1',
  source: '',
  year0: '250000',
  ...over,
});

/** The last 12 whole months, as the module's default period. */
export function lastTwelve(): { from: string; to: string } {
  const now = new Date();
  const from = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1));
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

export type SheetRows = (string | number | { formula: string } | null)[][];

/** A workbook in the GMCA Unit Cost Database layout: an introduction sheet and theme sheets. */
export async function gmcaWorkbook(
  sheets: Record<string, SheetRows>,
  opts: { headerRow?: number } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const intro = wb.addWorksheet('Introduction');
  intro.addRow(['Unit Cost Database v3.0, © GMCA, licensed under CC BY 4.0']);
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (let i = 1; i < (opts.headerRow ?? 3); i++) ws.addRow([i === 1 ? `${name} unit costs` : '']);
    ws.addRow(['Cost code', 'Detail', 'Unit', 'Agency', 'Value (£)', 'Price year']);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A signed-in session that can upload a file the way the page's form does (multipart, with the
 * CSRF token from `formUrl`), and post ordinary forms after it.
 */
export async function uploader(app: FastifyInstance, host: string, email: string) {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: { cookies: { name: string; value: string }[] }) =>
    res.cookies.forEach((c) => jar.set(c.name, c.value));
  const csrf = (html: string) => $(html)('input[name="_csrf"]').first().attr('value')!;
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { host, cookie: cookie() } });
    keep(res);
    return res;
  };
  const signIn = await get('/sign-in');
  keep(
    await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { host, cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf(signIn.body), email, password: PASSWORD, returnTo: '/' }).toString(),
    }),
  );
  return {
    cookie,
    keep,
    async upload(formUrl: string, postUrl: string, field: string, filename: string, bytes: Buffer) {
      const form = await get(formUrl);
      const boundary = '----cgtest';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf(form.body)}\r\n`),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await app.inject({
        method: 'POST',
        url: postUrl,
        headers: { host, cookie: cookie(), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
      keep(res);
      return res;
    },
    /** Posts the form on `html` (its CSRF token and hidden fields) to `url`. */
    async postHidden(html: string, url: string) {
      const q = $(html);
      const fields: Record<string, string> = {};
      q('form[action="' + url + '"] input[type="hidden"]').each((_i, el) => {
        fields[q(el).attr('name')!] = q(el).attr('value') ?? '';
      });
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { host, cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
      keep(res);
      return res;
    },
  };
}
