import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../../platform/context.js';
import { Browser, buildTestApp, createPlace, createUser, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
afterAll(() => t.close());
beforeAll(async () => {
  t = await buildTestApp();
});

describe('an officer’s copy of their data', () => {
  it('lists what they made in /impact, and nothing another officer made', async () => {
    const { place, host } = await createPlace(t.services, 'impact-export.test');
    const officer = await createUser(t.services, place.id, 'officer');
    const other = await createUser(t.services, place.id, 'officer');
    const as = async (who: { email: string }) => {
      const br = new Browser(t.app, host);
      await br.signIn(who.email);
      return br;
    };
    const br = await as(officer);
    const appraisal = await br.post('/impact/appraisals/new', {
      title: 'Lunch club',
      description: '',
      scope: 'place',
      projectId: '',
      priceYear: '2024',
      appraisalYears: '5',
    });
    const id = appraisal.headers.location!.split('/')[3]!;
    await br.post(`/impact/appraisals/${id}/details`, {
      title: 'Lunch club, revised',
      description: '',
      priceYear: '2024',
      appraisalYears: '5',
    });
    const framework = await br.post('/impact/frameworks/new', {
      name: 'Lunch club outcomes',
      projectId: '',
      activities: '',
    });
    expect(framework.statusCode).toBe(303);
    const ctx = systemContext(place.id);
    await t.services.impactValues.add(ctx, officer.user.id, {
      description: 'A hot meal for a person on their own',
      code: 'LC1',
      unit: 'per meal',
      value: 450,
      priceYear: { year: 2024, label: '2024' },
      valueType: 'social',
      agency: 'Residents',
      confidenceGrade: 4,
      source: 'Our own survey',
      sourceUrl: null,
      licence: 'Council’s own',
      attribution: 'Riverside Council',
    });
    const frameworkId = framework.headers.location!.split('/')[3]!;
    const outcome = await t.services.impactFrameworks.addOutcome(ctx, frameworkId, {
      label: 'Fewer meals alone',
      indicator: 'Meals eaten with others a week',
      measurement: 'survey',
      unit: 'meals',
    });
    await t.services.impactFrameworks.addEvidence(ctx, officer.user.id, frameworkId, {
      outcomeId: outcome.id,
      periodFrom: '2025-01-01',
      periodTo: '2025-03-31',
      value: 3,
      sampleSize: 20,
      method: 'Asked at the door',
      sourceUrl: null,
    });
    await (await as(other)).post('/impact/frameworks/new', { name: 'Someone else’s', projectId: '', activities: '' });

    const res = await br.get('/account/export');
    expect(res.statusCode).toBe(200);
    const { impact } = JSON.parse(res.body);
    expect(impact.appraisalsStarted).toEqual([{ title: 'Lunch club, revised', createdAt: expect.any(String) }]);
    expect(impact.appraisalVersionsSaved.map((v: { version: number; note: string }) => [v.version, v.note])).toEqual([
      [1, 'Created'],
      [2, 'Changed the title, price year or period'],
    ]);
    expect(impact.frameworksStarted.map((f: { name: string }) => f.name)).toEqual(['Lunch club outcomes']);
    expect(impact.evidenceRecorded).toEqual([
      {
        outcome: 'Fewer meals alone',
        periodFrom: '2025-01-01',
        periodTo: '2025-03-31',
        value: 3,
        createdAt: expect.any(String),
      },
    ]);
    expect(impact.valuesAdded).toEqual([
      { description: 'A hot meal for a person on their own', code: 'LC1', createdAt: expect.any(String) },
    ]);
  });
});
