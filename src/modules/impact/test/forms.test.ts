import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  buildTestApp,
  createPlace,
  createUser,
  errorSummary,
  type TestApp,
} from '../../../../test/helpers.js';
import {
  impactAppraisals,
  impactAppraisalVersions,
  impactFrameworks,
  impactOutcomes,
  impactValues,
} from '../../../../test/schema.js';
import { makeProject } from '../../participation/test/attendance.fixtures.js';

let t: TestApp;
let a: Awaited<ReturnType<typeof createPlace>>;
let b: Awaited<ReturnType<typeof createPlace>>;
let officer: Awaited<ReturnType<typeof createUser>>;
let appraisalId = '';
let frameworkId = '';
let otherProjectId = '';

beforeAll(async () => {
  t = await buildTestApp();
  a = await createPlace(t.services, 'forms-a.test');
  b = await createPlace(t.services, 'forms-b.test');
  officer = await createUser(t.services, a.place.id, 'officer');
  const organiserB = await createUser(t.services, b.place.id, 'organiser');
  otherProjectId = (await makeProject(t.services.db, b.place.id, organiserB.user.id)).id;
  const br = await as();
  const res = await br.post('/impact/appraisals/new', {
    title: 'Forms',
    description: '',
    scope: 'place',
    projectId: '',
    priceYear: '2020',
    appraisalYears: '5',
  });
  appraisalId = res.headers.location!.split('/')[3]!;
  const f = await br.post('/impact/frameworks/new', { name: 'Forms', projectId: '', activities: '' });
  frameworkId = f.headers.location!.split('/')[3]!;
});
afterAll(() => t.close());

async function as() {
  const br = new Browser(t.app, a.host);
  await br.signIn(officer.email);
  return br;
}

/** Row counts of every impact table, to prove a refused form stored nothing. */
async function counts() {
  const n = async (
    table:
      | typeof impactValues
      | typeof impactAppraisals
      | typeof impactAppraisalVersions
      | typeof impactFrameworks
      | typeof impactOutcomes,
  ) => (await t.services.db.select({ n: count() }).from(table))[0]!.n;
  return [
    await n(impactValues),
    await n(impactAppraisals),
    await n(impactAppraisalVersions),
    await n(impactFrameworks),
    await n(impactOutcomes),
  ];
}

const newAppraisal = {
  title: 'A',
  description: '',
  scope: 'programme',
  projectId: '',
  priceYear: '2024',
  appraisalYears: '10',
};

describe('every impact form refuses bad input clearly and stores nothing', () => {
  it.each([
    ['/impact/appraisals/new', { ...newAppraisal, title: '' }, 'Enter a title'],
    [
      '/impact/appraisals/new',
      { ...newAppraisal, priceYear: '1850' },
      'The price year must be between 2,000 and 2,100',
    ],
    [
      '/impact/appraisals/new',
      { ...newAppraisal, appraisalYears: '0' },
      'The number of years must be between 1 and 60',
    ],
    ['/impact/appraisals/new', { ...newAppraisal, scope: 'project' }, 'Choose the project this appraisal is for'],
    [
      '/impact/appraisals/new',
      { ...newAppraisal, scope: 'project', projectId: 'OTHER' },
      'Choose the project this appraisal is for',
    ],
    ['/impact/appraisals/new', { ...newAppraisal, scope: 'galaxy' }, 'Choose what the appraisal covers'],
    [
      '/impact/appraisals/new',
      { ...newAppraisal, sneaky: 'x' },
      'The form sent fields it does not accept: sneaky. Reload the page and try again.',
    ],
    ['/impact/frameworks/new', { name: '', projectId: '', activities: '' }, 'Enter a name'],
    ['/impact/frameworks/new', { name: 'x', projectId: 'OTHER', activities: '' }, 'Choose a project from the list'],
    ['/impact/values/new', { description: 'x' }, 'Enter the unit'],
  ])('POST %s with %o', async (url, form, message) => {
    const br = await as();
    const before = await counts();
    const body = Object.fromEntries(
      Object.entries(form).map(([k, v]) => [k, v === 'OTHER' ? otherProjectId : v]),
    ) as Record<string, string>;
    const res = await br.post(url, body);
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it.each([
    [
      'details',
      { title: 'x', description: '', priceYear: '2020', appraisalYears: '61' },
      'The number of years must be between 1 and 60',
    ],
    [
      'optimism-bias',
      { grade1: '0', grade2: '5', grade3: '10', grade4: '15', grade5: '25', grade6: '101' },
      'The grade 6 correction must be between 0% and 100%',
    ],
    [
      'optimism-bias',
      { grade1: '0', grade2: '5', grade3: '', grade4: '15', grade5: '25', grade6: '40' },
      'Enter the correction for grade 3',
    ],
    [
      'volunteer-time',
      { from: '2026-03-01', to: '2026-01-01', hourlyRate: '19', year: '0', confidenceGrade: '2' },
      'The end of the period must be on or after its start',
    ],
    [
      'volunteer-time',
      { from: '2020-01-01', to: '2020-12-31', hourlyRate: '19', year: '0', confidenceGrade: '2' },
      'No volunteer hours were recorded from 2020-01-01 to 2020-12-31. Choose another period.',
    ],
    [
      'volunteer-time',
      { from: '2020-01-01', to: '2020-12-31', hourlyRate: '19', year: '5', confidenceGrade: '2' },
      'The year must be within the appraisal period (0 to 4)',
    ],
    [
      'volunteer-time',
      { from: '2020-01-01', to: '2020-12-31', hourlyRate: '0', year: '0', confidenceGrade: '2' },
      'The hourly value must be between £0.01 and £1,000',
    ],
    [
      'costs/new',
      { name: 'x', category: 'bribes', agency: 'Council', confidenceGrade: '1', source: '', year0: '5' },
      'Choose capital, revenue or in kind',
    ],
    [
      'costs/new',
      { name: 'x', category: 'revenue', agency: 'Council', confidenceGrade: '1', source: '' },
      'Enter the cost for at least one year',
    ],
  ])('POST an appraisal’s %s with %o', async (page, form, message) => {
    const br = await as();
    const before = await counts();
    const url = `/impact/appraisals/${appraisalId}/${page}`;
    const formPage = page === 'details' || page === 'optimism-bias' ? `/impact/appraisals/${appraisalId}/edit` : url;
    const res = await br.post(url, form, formPage);
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it.each([
    [{ label: '', indicator: 'x', measurement: 'count', unit: '' }, 'Enter the outcome'],
    [{ label: 'x', indicator: 'x', measurement: 'vibes', unit: '' }, 'Choose how it is measured'],
  ])('POST a framework’s outcome %o', async (form, message) => {
    const br = await as();
    const before = await counts();
    const res = await br.post(`/impact/frameworks/${frameworkId}/outcomes`, form, `/impact/frameworks/${frameworkId}`);
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it('an import with nothing in it, and publishing twice', async () => {
    const br = await as();
    const before = await counts();
    const res = await br.post('/impact/appraisals/import', { json: '  ' });
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toContain('Choose an appraisal file (.json), or paste its text');
    await br.post(`/impact/frameworks/${frameworkId}/publish`, {}, `/impact/frameworks/${frameworkId}`);
    const twice = await br.post(`/impact/frameworks/${frameworkId}/publish`, {}, `/impact/frameworks/${frameworkId}`);
    expect(twice.statusCode).toBe(409);
    expect(errorSummary(twice.body)).toContain('This framework is already published.');
    const [f] = await t.services.db.select().from(impactFrameworks).where(eq(impactFrameworks.id, frameworkId));
    expect(f!.status).toBe('published');
    expect(await counts()).toEqual(before);
  });
});
