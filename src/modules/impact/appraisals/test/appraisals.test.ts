import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { $, type Browser, errorSummary } from '../../../../../test/helpers.js';
import { expectNothingStored, problemOf, useWorld } from '../../../../../test/kit/index.js';
import {
  impactAppraisals,
  impactAppraisalVersions,
  impactFrameworks,
  impactValues,
  projects,
} from '../../../../../test/schema.js';
import { computeAppraisal, type AppraisalDocument } from '../../../../lib/appraisal/index.js';
import { money, ratioText } from '../../impact.view-models.js';
import { benefitForm, costForm, lastTwelve, seedParticipation } from '../../test/impact.fixtures.js';

const w = useWorld('impact-appraisals', {
  async setUp(w) {
    await seedParticipation(w.services, w.a.place.id);
  },
});
const officer = () => w.as(w.a.staff.officer);
const officerB = () => w.as(w.b.staff.officer, w.b);
const resident = () => w.as(w.a.staff.resident);

async function newAppraisal(br: Browser, over: Record<string, string> = {}) {
  const res = await br.post('/impact/appraisals/new', {
    title: 'Textbook SROI case',
    description: '',
    scope: 'programme',
    projectId: '',
    priceYear: '2019',
    appraisalYears: '10',
    ...over,
  });
  expect(res.statusCode, errorSummary(res.body).join('; ')).toBe(303);
  return res.headers.location!.split('/')[3]!;
}

async function row(id: string) {
  const [r] = await w.services.db.select().from(impactAppraisals).where(eq(impactAppraisals.id, id));
  return r!;
}

/** The text of every element marked with data-figure, by its key. */
function figures(html: string): Record<string, string> {
  const q = $(html);
  const out: Record<string, string> = {};
  q('[data-figure]').each((_i, el) => {
    const key = q(el).attr('data-figure')!;
    out[key] ??= q(el).clone().children('p').remove().end().text().trim();
  });
  return out;
}

describe('the textbook SROI case, built through the pages', () => {
  let id = '';
  it('creates, adds the inputs and the benefit, and shows the library’s results', async () => {
    const br = await officer();
    id = await newAppraisal(br);
    expect((await br.post(`/impact/appraisals/${id}/costs/new`, costForm())).statusCode).toBe(303);
    const added = await br.post(`/impact/appraisals/${id}/benefits/new`, benefitForm());
    expect(added.statusCode, errorSummary(added.body).join('; ')).toBe(303);
    const res = await br.get(`/impact/appraisals/${id}`);
    expect(res.statusCode).toBe(200);
    const f = figures(res.body);
    // By hand: 60 × £8,500 × 0.6 × 0.7 = £214,200; year 1: × 0.7 = £149,940 ÷ 1.035 = £144,870; total £359,070.
    expect(f.pvBenefits).toBe('£359,070');
    expect(f.pvCosts).toBe('£250,000');
    expect(f.npv).toBe('£109,070');
    expect(f.sroi).toBe('1.44');
    expect(f.fiscalCashable).toBe('£0');
    expect(f.otherBenefits).toBe('£359,070');
    // …and exactly what the library says for the stored document.
    const result = computeAppraisal((await row(id)).document as AppraisalDocument);
    expect(f.pvBenefits).toBe(money(result.pvBenefits));
    expect(f.sroi).toBe(ratioText(result.sroi));
    expect(result.sroi!).toBeCloseTo(1.436, 3);
  });

  it('links every £ figure to a section of the page that explains it', async () => {
    const br = await officer();
    const q = $((await br.get(`/impact/appraisals/${id}`)).body);
    const links = q('a.cg-figure-link')
      .map((_i, el) => q(el).attr('href'))
      .get();
    expect(links.length).toBeGreaterThanOrEqual(5);
    for (const href of links) {
      expect(href.startsWith('#')).toBe(true);
      expect(q(`[id="${href.slice(1)}"]`).length, `${href} resolves`).toBe(1);
    }
    // The benefit's breakdown names each adjustment and its running figure.
    const steps = q('#benefit-benefit-1 table').first().text();
    expect(steps).toContain('Take away deadweight (40%)');
    expect(steps).toContain('£214,200');
    expect(q('#benefit-benefit-1').text()).toContain('£359,070');
  });

  it('keeps each save as a version', async () => {
    const versions = await w.services.db
      .select()
      .from(impactAppraisalVersions)
      .where(eq(impactAppraisalVersions.appraisalId, id));
    expect(versions.map((v) => v.note).sort()).toEqual(
      ['Created', 'Added the cost "Programme inputs"', 'Added the benefit "Improved wellbeing"'].sort(),
    );
    const page = await (await officer()).get(`/impact/appraisals/${id}/history`);
    expect($(page.body)('#versions tbody tr')).toHaveLength(3);
  });

  it('exports the file and imports it again to the same results', async () => {
    const br = await officer();
    const file = await br.get(`/impact/appraisals/${id}/appraisal.json`);
    expect(file.headers['content-type']).toContain('application/json');
    const res = await br.post('/impact/appraisals/import', { json: file.body });
    expect(res.statusCode, errorSummary(res.body).join('; ')).toBe(303);
    const copy = await br.get(res.headers.location!);
    expect(figures(copy.body).pvBenefits).toBe('£359,070');
  });

  it('prints a one-page summary with the same figures', async () => {
    const br = await officer();
    const res = await br.get(`/impact/appraisals/${id}/summary`);
    const f = figures(res.body);
    expect(f.pvBenefits).toBe('£359,070');
    expect(f.sroi).toContain('1.44');
    // The print styles are part of the one stylesheet (src/public/_impact.scss), scoped to impact pages.
    const page = $(res.body);
    expect(page('body').hasClass('cg-impact')).toBe(true);
    expect(
      page('link[rel="stylesheet"]')
        .map((_i, el) => page(el).attr('href'))
        .get(),
    ).toEqual(['/assets/app.css']);
    const css = await br.get('/assets/app.css');
    expect(css.body).toMatch(/@media print\{[^@]*\.cg-impact \.govuk-template__header/);
    expect((await br.get('/impact/impact.css')).statusCode).toBe(404);
  });
});

describe('participation cohorts, volunteer time and fiscal cashable', () => {
  let id = '';
  it('draws the cohort from participation records at calculation time and shows it', async () => {
    const br = await officer();
    id = await newAppraisal(br, { title: 'From participation', priceYear: '2024' });
    const period = lastTwelve();
    expect((await br.post(`/impact/appraisals/${id}/costs/new`, costForm({ year0: '10000' }))).statusCode).toBe(303);
    const res = await br.post(
      `/impact/appraisals/${id}/benefits/new`,
      benefitForm({
        name: 'Fewer care referrals',
        unitValue: '1000',
        unitPriceYear: '2024',
        valueType: 'fiscalCashable',
        agency: 'Council',
        cohortSource: 'participation',
        cohortSize: '',
        cohortMeasure: 'regularParticipants',
        cohortFrom: period.from,
        cohortTo: period.to,
        deadweight: '50',
        attribution: '0',
        dropOff: '0',
        durationYears: '1',
      }),
    );
    expect(res.statusCode, errorSummary(res.body).join('; ')).toBe(303);
    const stored = (await row(id)).document as AppraisalDocument;
    // The stored file holds where the figure comes from, not a frozen figure.
    expect(stored.benefits[0]!.cohort).toEqual({
      source: 'participation',
      measure: 'regularParticipants',
      period: `${period.from} to ${period.to}`,
    });
    const page = await br.get(`/impact/appraisals/${id}`);
    const f = figures(page.body);
    // 12 regular participants × £1,000 × (1 − 50%) = £6,000, all fiscal cashable, in year 0.
    expect(f.fiscalCashable).toBe('£6,000');
    expect(f.otherBenefits).toBe('£0');
    expect($(page.body)('#benefit-benefit-1').text()).toContain('12 regular participants');
    expect(f['type-fiscalCashable']).toBe('£6,000');
  });

  it('adds recorded volunteer hours as an in-kind input: 2 hours × £19', async () => {
    const br = await officer();
    const period = lastTwelve();
    const res = await br.post(`/impact/appraisals/${id}/volunteer-time`, {
      ...period,
      hourlyRate: '19',
      year: '0',
      confidenceGrade: '1',
    });
    expect(res.statusCode, errorSummary(res.body).join('; ')).toBe(303);
    const doc = (await row(id)).document as AppraisalDocument;
    expect(doc.costs[1]).toMatchObject({ category: 'inKind', amounts: [{ year: 0, hours: 2, hourlyRate: 19 }] });
    const f = figures((await br.get(`/impact/appraisals/${id}`)).body);
    expect(f.pvCosts).toBe('£10,038');
  });

  it('escapes formulas in the CSV export', async () => {
    const br = await officer();
    await br.post(
      `/impact/appraisals/${id}/costs/new`,
      costForm({ name: 'Extra', agency: '=HYPERLINK("x")', year0: '1' }),
    );
    const csv = await br.get(`/impact/appraisals/${id}/results.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv.body).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});

describe('benefits that outlast the appraisal', () => {
  it('says how many years are left out', async () => {
    const br = await officer();
    const id = await newAppraisal(br, { title: 'Short period', appraisalYears: '2' });
    await br.post(`/impact/appraisals/${id}/costs/new`, costForm());
    expect(
      (await br.post(`/impact/appraisals/${id}/benefits/new`, benefitForm({ durationYears: '5' }))).statusCode,
    ).toBe(303);
    const page = await br.get(`/impact/appraisals/${id}`);
    expect($(page.body)('#benefit-benefit-1').text()).toContain(
      '3 years of this benefit fall after the appraisal period and are not counted',
    );
  });
});

describe('a cohort too small to show', () => {
  it('is never used: the results page says why instead of showing figures', async () => {
    const br = await officerB();
    const id = await newAppraisal(br, { title: 'Too few people' });
    await br.post(`/impact/appraisals/${id}/costs/new`, costForm());
    const period = lastTwelve();
    const res = await br.post(
      `/impact/appraisals/${id}/benefits/new`,
      benefitForm({
        cohortSource: 'participation',
        cohortSize: '',
        cohortMeasure: 'participants',
        cohortFrom: period.from,
        cohortTo: period.to,
      }),
    );
    expect(res.statusCode).toBe(303);
    const page = await br.get(`/impact/appraisals/${id}`);
    expect(page.statusCode).toBe(200);
    expect($(page.body)('#problems').text()).toContain('Not shown: fewer than 10 people');
    expect($(page.body)('[data-figure="pvBenefits"]').length).toBe(0);
    expect((await br.get(`/impact/appraisals/${id}/results.csv`)).statusCode).toBe(422);
  });
});

describe('bad input changes nothing', () => {
  let id = '';
  beforeAll(async () => {
    const br = await officer();
    id = await newAppraisal(br, { title: 'Guarded' });
    await br.post(`/impact/appraisals/${id}/costs/new`, costForm());
  });

  it.each([
    [{ deadweight: '140' }, 'Deadweight must be between 0% and 100%'],
    [{ attribution: '-5' }, 'Attribution must be between 0% and 100%'],
    [{ durationYears: '0' }, 'How many years it lasts must be between 1 and 60'],
    [{ lagYears: '12' }, 'benefits[0].lagYears benefits would start in year 12, after the appraisal period'],
    [{ valueSource: 'library', valueId: '00000000-0000-4000-8000-000000000000' }, 'Choose a value from the library'],
    [{ unitValue: 'lots' }, 'The unit value must be an amount in pounds, like 13000 or 12.50'],
    [{ cohortSize: '' }, 'Enter the cohort size'],
  ])('a benefit with %o', async (change, message) => {
    const br = await officer();
    const before = await row(id);
    const res = await br.post(`/impact/appraisals/${id}/benefits/new`, benefitForm(change));
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body).join('\n')).toContain(message);
    const after = await row(id);
    expect(after.version).toBe(before.version);
    expect(after.document).toEqual(before.document);
  });

  it('a cost in a year after the period, or negative', async () => {
    const br = await officer();
    const before = await row(id);
    const late = await br.post(`/impact/appraisals/${id}/costs/new`, costForm({ year0: '', year10: '5' }));
    expect(late.statusCode).toBe(422);
    expect(errorSummary(late.body).join()).toContain('after the appraisal period');
    const negative = await br.post(`/impact/appraisals/${id}/costs/new`, costForm({ year0: '-100' }));
    expect(negative.statusCode).toBe(422);
    expect(errorSummary(negative.body)).toContain('Enter the year 0 cost in pounds, like 25000 (not negative)');
    expect((await row(id)).version).toBe(before.version);
  });

  it.each([
    ['not JSON', '{"formatVersion": 1,', 'The file is not valid JSON'],
    ['a rate above 100%', 'rate', 'must be between 0 and 1'],
    ['an unknown value id', 'valueId', 'is not a value in this council’s library'],
    ['a prototype key', 'proto', ''],
    ['a year out of range', 'year', ''],
  ])('an imported file with %s', async (_name, kind, message) => {
    const br = await officer();
    const doc: Record<string, unknown> = {
      formatVersion: 1,
      title: 'Hostile',
      scope: { type: 'place' },
      priceYear: 2019,
      costs: [
        {
          id: 'c',
          name: 'c',
          category: 'revenue',
          agency: 'Council',
          confidenceGrade: 1,
          amounts: [{ year: 0, amount: 1 }],
        },
      ],
      benefits: [
        {
          id: 'b',
          name: 'b',
          cohort: { source: 'typed', size: 1 },
          unitValue: 1,
          valueType: 'social',
          agency: 'Residents',
          durationYears: 1,
          confidenceGrade: 1,
          ...(kind === 'rate' ? { deadweight: 1.4 } : {}),
          ...(kind === 'valueId' ? { valueId: 'not-in-the-library' } : {}),
        },
      ],
    };
    let text = JSON.stringify(doc);
    if (kind === 'proto') text = text.replace('"formatVersion":1', '"formatVersion":1,"__proto__":{"polluted":true}');
    if (kind === 'year') text = text.replace('"year":0', '"year":100000');
    if (kind !== 'rate' && kind !== 'valueId' && kind !== 'proto' && kind !== 'year') text = kind;
    const res = await expectNothingStored(w.t.database, () => br.post('/impact/appraisals/import', { json: text }));
    expect(res.statusCode).toBe(422);
    // An empty message: any clear error will do, as long as there is one.
    expect(errorSummary(res.body).join('\n')).toContain(message);
    expect(errorSummary(res.body).length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('ids that are not RFC 4122 UUIDs', () => {
  // The demo's ids are md5-shaped: 8-4-4-4-12 hex without a version, as PostgreSQL accepts. Once,
  // the forms refused them and 30 of the demo's 34 projects could not be appraised.
  const projectId = '00000000-0000-0000-0000-00000000abcd';

  it('make a project appraisal and a project framework, and come back from the API', async () => {
    await w.services.db.insert(projects).values({
      id: projectId,
      placeId: w.a.place.id,
      title: 'Repair café with an old id',
      summary: 'Fixing things together',
      category: 'repair',
      status: 'published',
    });
    const br = await officer();
    const id = await newAppraisal(br, { title: 'Old id', scope: 'project', projectId });
    expect((await row(id)).projectId).toBe(projectId);
    expect((await br.get(`/impact/appraisals/${id}`)).statusCode).toBe(200);

    const framework = await br.post('/impact/frameworks/new', { name: 'Old id', projectId, activities: '' });
    expect(framework.statusCode, errorSummary(framework.body).join('; ')).toBe(303);
    const [f] = await w.services.db
      .select()
      .from(impactFrameworks)
      .where(eq(impactFrameworks.id, framework.headers.location!.split('/')[3]!));
    expect(f!.projectId).toBe(projectId);

    const res = await (await w.api('officer')).get(`/api/v1/impact/appraisals/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, projectId, scope: 'project' });
  });

  it('answer 404 for anything in the path that cannot be an id', async () => {
    const br = await officer();
    for (const url of [
      '/impact/appraisals/not-an-id',
      '/impact/appraisals/not-an-id/edit',
      '/impact/appraisals/00000000-0000-0000-0000-00000000abc/summary',
      '/impact/frameworks/42',
    ])
      expect((await br.get(url)).statusCode, url).toBe(404);
    problemOf(await (await w.api('officer')).get('/api/v1/impact/appraisals/not-an-id'), 404);
  });
});

describe('who may see and change appraisals', () => {
  it('keeps residents out and other places blind', async () => {
    const br = await officer();
    const id = await newAppraisal(br, { title: 'Private working' });
    expect((await (await resident()).get(`/impact/appraisals/${id}`)).statusCode).toBe(403);
    expect((await (await resident()).post(`/impact/appraisals/${id}/costs/new`, costForm())).statusCode).toBe(403);
    expect((await (await officerB()).get(`/impact/appraisals/${id}`)).statusCode).toBe(404);
    expect((await (await officerB()).post(`/impact/appraisals/${id}/costs/new`, costForm())).statusCode).toBe(404);
    expect((await row(id)).version).toBe(1);
  });
});

describe('API', () => {
  it('GET /api/v1/impact/values and /api/v1/impact/appraisals/{id} for officer tokens, scoped to the place', async () => {
    const br = await officer();
    const id = await newAppraisal(br, { title: 'For the API' });
    await br.post(`/impact/appraisals/${id}/costs/new`, costForm());
    await br.post(`/impact/appraisals/${id}/benefits/new`, benefitForm());
    const api = await w.api('officer');
    const values = await api.get('/api/v1/impact/values?toYear=2019');
    expect(values.statusCode).toBe(200);
    const wellby = values.json<{ values: { code: string }[] }>().values.find((v) => v.code === 'WELLBY');
    expect(wellby).toMatchObject({
      valuePence: 1_300_000,
      upratedPence: 1_300_000,
      licence: 'Open Government Licence v3.0',
    });
    const url = `/api/v1/impact/appraisals/${id}`;
    const res = await api.get(url);
    expect(res.statusCode).toBe(200);
    expect(res.json<{ results: unknown }>().results).toMatchObject({
      pvBenefits: 359069.57,
      pvCosts: 250000,
      sroi: 1.4363,
    });
    expect((await (await w.api('resident')).get(url)).statusCode).toBe(403);
    expect((await (await w.api(null)).get(url)).statusCode).toBe(401);
    expect((await (await w.api('officer', w.b)).get(url)).statusCode).toBe(404);
    const openapi = await (await w.api(null)).get('/api/openapi.json');
    expect(Object.keys(openapi.json<{ paths: Record<string, unknown> }>().paths)).toEqual(
      expect.arrayContaining(['/api/v1/impact/values', '/api/v1/impact/appraisals/{id}']),
    );
  });

  it('never leaks a library value across places', async () => {
    const [own] = await w.services.db
      .select()
      .from(impactValues)
      .where(and(eq(impactValues.placeId, w.a.place.id), eq(impactValues.code, 'WELLBY')));
    const br = await officerB();
    const id = await newAppraisal(br, { title: 'Other place' });
    const res = await br.post(
      `/impact/appraisals/${id}/benefits/new`,
      benefitForm({ valueSource: 'library', valueId: own!.id }),
    );
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toContain('Choose a value from the library');
  });
});
