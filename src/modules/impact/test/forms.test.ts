import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeProject } from '../../../../test/factories/index.js';
import { $, errorSummary, type Browser } from '../../../../test/helpers.js';
import { expectNothingStored, useWorld } from '../../../../test/kit/index.js';
import { impactFrameworks } from '../../../../test/schema.js';
import { impactPaths as paths } from '../impact.paths.js';
import { benefitForm, costForm } from './impact.fixtures.js';

let appraisalId = '';
let frameworkId = '';
let otherProjectId = '';

const w = useWorld('impact-forms', {
  async setUp(w) {
    otherProjectId = (await makeProject(w.services, w.b.staff.organiser)).id;
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
  },
});

const as = () => w.as(w.a.staff.officer);

/** Runs `post` and checks it stored nothing in any table. */
const storesNothing = <T>(post: () => Promise<T>) => expectNothingStored(w.t.database, post);

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
    const body = Object.fromEntries(
      Object.entries(form).map(([k, v]) => [k, v === 'OTHER' ? otherProjectId : v]),
    ) as Record<string, string>;
    const res = await storesNothing(() => br.post(url, body));
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toContain(message);
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
    const url = `/impact/appraisals/${appraisalId}/${page}`;
    const formPage = page === 'details' || page === 'optimism-bias' ? `/impact/appraisals/${appraisalId}/edit` : url;
    const res = await storesNothing(() => br.post(url, form, formPage));
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toContain(message);
  });

  it.each([
    [{ label: '', indicator: 'x', measurement: 'count', unit: '' }, 'Enter the outcome'],
    [{ label: 'x', indicator: 'x', measurement: 'vibes', unit: '' }, 'Choose how it is measured'],
  ])('POST a framework’s outcome %o', async (form, message) => {
    const br = await as();
    const res = await storesNothing(() =>
      br.post(`/impact/frameworks/${frameworkId}/outcomes`, form, `/impact/frameworks/${frameworkId}`),
    );
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toContain(message);
  });

  it('an import with nothing in it, and publishing twice', async () => {
    const br = await as();
    const res = await storesNothing(() => br.post('/impact/appraisals/import', { json: '  ' }));
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toContain('Choose an appraisal file (.json), or paste its text');
    const publish = () => br.post(paths.publishFramework(frameworkId), {}, paths.framework(frameworkId));
    expect((await publish()).statusCode).toBe(303);
    const twice = await storesNothing(publish);
    expect(twice.statusCode).toBe(409);
    expect(errorSummary(twice.body)).toContain('This framework is already published.');
    const [f] = await w.services.db.select().from(impactFrameworks).where(eq(impactFrameworks.id, frameworkId));
    expect(f!.status).toBe('published');
  });
});

/** The text of the page's main content, where an error page says what is wrong. */
const mainText = (html: string) => $(html)('main').text();

describe('the framework edit form and its status buttons refuse bad input and store nothing', () => {
  let draftId = '';
  let placeBId = '';
  beforeAll(async () => {
    const made = await (await as()).post(paths.newFramework, { name: 'Draft', projectId: '', activities: '' });
    draftId = made.headers.location!.split('/')[3]!;
    const inB = await (
      await w.as(w.b.staff.officer, w.b)
    ).post(paths.newFramework, {
      name: 'Place B’s',
      projectId: '',
      activities: '',
    });
    placeBId = inB.headers.location!.split('/')[3]!;
  });
  const editForm = (over: Record<string, string> = {}) => ({ name: 'Draft', projectId: '', activities: '', ...over });

  it.each([
    [{ name: '' }, 'Enter a name'],
    [{ name: 'x'.repeat(161) }, 'Name must be 160 characters or fewer'],
    [{ activities: 'x'.repeat(4001) }, 'The activities must be 4000 characters or fewer'],
    [{ projectId: 'OTHER' }, 'Choose a project from the list'],
    [{ sneaky: 'x' }, 'The form sent fields it does not accept: sneaky. Reload the page and try again.'],
  ])('POST /impact/frameworks/:id/edit with %o', async (change, message) => {
    const br = await as();
    const form = editForm(
      Object.fromEntries(Object.entries(change).map(([k, v]) => [k, v === 'OTHER' ? otherProjectId : v])),
    );
    const res = await storesNothing(() => br.post(paths.editFramework(draftId), form));
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toContain(message);
  });

  it('POST /impact/frameworks/:id/edit answers 404 for an id that is not one, or another place’s, and 403 to a resident', async () => {
    const br = await as();
    const formPage = paths.editFramework(draftId);
    const notAnId = await storesNothing(() => br.post('/impact/frameworks/not-an-id/edit', editForm(), formPage));
    expect(notAnId.statusCode).toBe(404);
    const otherPlace = await storesNothing(() => br.post(paths.editFramework(placeBId), editForm(), formPage));
    expect(otherPlace.statusCode).toBe(404);
    expect(mainText(otherPlace.body)).toContain('There is no such outcome framework.');
    const resident = await w.as(w.a.staff.resident);
    const refused = await storesNothing(() => resident.post(paths.editFramework(draftId), editForm(), '/account'));
    expect(refused.statusCode).toBe(403);
  });

  it('POST /impact/frameworks/:id/unpublish refuses a draft, a field, an id that is not one, another place’s and a resident', async () => {
    const br = await as();
    const page = paths.framework(draftId);
    const draft = await storesNothing(() => br.post(paths.unpublishFramework(draftId), {}, page));
    expect(draft.statusCode).toBe(409);
    expect(errorSummary(draft.body)).toContain('This framework is not published.');
    const field = await storesNothing(() => br.post(paths.unpublishFramework(draftId), { sneaky: 'x' }, page));
    expect(field.statusCode).toBe(422);
    expect(errorSummary(field.body)).toContain(
      'The form sent fields it does not accept: sneaky. Reload the page and try again.',
    );
    expect((await storesNothing(() => br.post('/impact/frameworks/42/unpublish', {}, page))).statusCode).toBe(404);
    const otherPlace = await storesNothing(() => br.post(paths.unpublishFramework(placeBId), {}, page));
    expect(otherPlace.statusCode).toBe(404);
    expect(mainText(otherPlace.body)).toContain('There is no such outcome framework.');
    const resident = await w.as(w.a.staff.resident);
    expect(
      (await storesNothing(() => resident.post(paths.unpublishFramework(draftId), {}, '/account'))).statusCode,
    ).toBe(403);
  });
});

describe('removing an appraisal’s cost or benefit line refuses bad input and stores nothing', () => {
  /** An appraisal with one cost (cost-1) and one benefit (benefit-1); another with two of each; one in place B. */
  let linesId = '';
  let otherId = '';
  let placeBId = '';
  async function appraisalWithLines(br: Browser, title: string, lines: number) {
    const made = await br.post(paths.newAppraisal, { ...newAppraisal, title, scope: 'place', priceYear: '2019' });
    const id = made.headers.location!.split('/')[3]!;
    for (let i = 0; i < lines; i++) {
      expect((await br.post(paths.newCost(id), costForm())).statusCode).toBe(303);
      expect((await br.post(paths.newBenefit(id), benefitForm())).statusCode).toBe(303);
    }
    return id;
  }
  beforeAll(async () => {
    const br = await as();
    linesId = await appraisalWithLines(br, 'Lines', 1);
    otherId = await appraisalWithLines(br, 'Other lines', 2);
    placeBId = await appraisalWithLines(await w.as(w.b.staff.officer, w.b), 'Place B’s lines', 1);
  });

  it.each([
    ['cost', paths.removeCost, 'There is no such cost line.'],
    ['benefit', paths.removeBenefit, 'There is no such benefit line.'],
  ] as const)('POST /impact/appraisals/:id/%ss/:line/remove', async (kind, remove, noSuchLine) => {
    const br = await as();
    const edit = paths.editAppraisal(linesId);
    // A line of another appraisal (its second), a line of the other kind, and a line that is not there at all.
    for (const line of [`${kind}-2`, kind === 'cost' ? 'benefit-1' : 'cost-1', `${kind}-99`]) {
      const res = await storesNothing(() => br.post(remove(linesId, line), {}, edit));
      expect(res.statusCode, line).toBe(404);
      expect(mainText(res.body), line).toContain(noSuchLine);
    }
    // A line id that cannot be one, and an appraisal id that cannot be one.
    for (const url of [remove(linesId, 'not a line'), remove(linesId, 'x:1'), remove('not-an-id', `${kind}-1`)])
      expect((await storesNothing(() => br.post(url, {}, edit))).statusCode, url).toBe(404);
    // One longer than any line id: the router refuses it before the route sees it.
    expect((await storesNothing(() => br.post(remove(linesId, 'x'.repeat(101)), {}, edit))).statusCode).toBe(414);
    // Another place's appraisal, though its line id is the same.
    const otherPlace = await storesNothing(() => br.post(remove(placeBId, `${kind}-1`), {}, edit));
    expect(otherPlace.statusCode).toBe(404);
    // A field the button does not send.
    const field = await storesNothing(() => br.post(remove(linesId, `${kind}-1`), { sneaky: 'x' }, edit));
    expect(field.statusCode).toBe(422);
    expect(errorSummary(field.body)).toContain(
      'The form sent fields it does not accept: sneaky. Reload the page and try again.',
    );
    // A resident.
    const resident = await w.as(w.a.staff.resident);
    const refused = await storesNothing(() => resident.post(remove(linesId, `${kind}-1`), {}, '/account'));
    expect(refused.statusCode).toBe(403);
    // …and the line is still there to remove, by an officer with nothing extra.
    expect((await br.post(remove(linesId, `${kind}-1`), {}, edit)).statusCode).toBe(303);
    expect((await br.post(remove(otherId, `${kind}-2`), {}, paths.editAppraisal(otherId))).statusCode).toBe(303);
  });
});
