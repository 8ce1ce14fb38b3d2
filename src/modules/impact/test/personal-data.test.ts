import { describe, expect, it } from 'vitest';
import { useWorld } from '../../../../test/kit/index.js';
import { systemContext } from '../../../platform/context.js';

/** The impact part of the account export, as far as this test reads it. */
type ImpactExport = {
  impact: {
    appraisalsStarted: unknown;
    appraisalVersionsSaved: { version: number; note: string }[];
    frameworksStarted: { name: string }[];
    evidenceRecorded: unknown;
    valuesAdded: unknown;
  };
};

const w = useWorld('impact-export');

describe('an officer’s copy of their data', () => {
  it('lists what they made in /impact, and nothing another officer made', async () => {
    const { place } = w.a;
    const officer = w.a.staff.officer;
    const other = await w.person('officer');
    const br = await w.as(officer);
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
    await w.services.impactValues.add(ctx, officer.user.id, {
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
    const outcome = await w.services.impactFrameworks.addOutcome(ctx, frameworkId, {
      label: 'Fewer meals alone',
      indicator: 'Meals eaten with others a week',
      measurement: 'survey',
      unit: 'meals',
    });
    await w.services.impactFrameworks.addEvidence(ctx, officer.user.id, frameworkId, {
      outcomeId: outcome.id,
      periodFrom: '2025-01-01',
      periodTo: '2025-03-31',
      value: 3,
      sampleSize: 20,
      method: 'Asked at the door',
      sourceUrl: null,
    });
    await (await w.as(other)).post('/impact/frameworks/new', { name: 'Someone else’s', projectId: '', activities: '' });

    const res = await br.get('/account/export');
    expect(res.statusCode).toBe(200);
    const { impact } = res.json<ImpactExport>();
    expect(impact.appraisalsStarted).toEqual([{ title: 'Lunch club, revised', createdAt: expect.any(String) }]);
    expect(impact.appraisalVersionsSaved.map((v) => [v.version, v.note])).toEqual([
      [1, 'Created'],
      [2, 'Changed the title, price year or period'],
    ]);
    expect(impact.frameworksStarted.map((f) => f.name)).toEqual(['Lunch club outcomes']);
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
