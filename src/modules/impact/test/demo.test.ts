import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../demo.js';
import { $, Browser, buildTestApp, errorSummary, type TestApp } from '../../../../test/helpers.js';

describe('the demo borough’s impact evidence', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    await seedDemo(t.services);
  }, 120_000);
  afterAll(() => t.close());

  it('has a published framework, the shipped values and a programme appraisal with results from participation data', async () => {
    const place = (await t.services.places.resolve('localhost'))!;
    const br = new Browser(t.app);
    await br.signIn('officer@riverside.example', 'demo-password-2026');
    const home = await br.get('/impact');
    expect(home.statusCode).toBe(200);
    expect($(home.body)('.govuk-service-navigation a:contains("Impact")').length).toBe(1);
    const [appraisal] = await t.services.impactAppraisals.list(place.id);
    const calc = await t.services.impactAppraisals.calculate(place.id, appraisal!);
    expect(calc.ok).toBe(true);
    // Every participation cohort resolved to a real count from the demo's attendance.
    expect(calc.cohorts.length).toBe(3);
    expect(calc.cohorts.every((c) => c.size !== null && c.size > 0)).toBe(true);
    const page = await br.get(`/impact/appraisals/${appraisal!.id}`);
    expect(page.statusCode).toBe(200);
    expect($(page.body)('#tornado-title').length).toBe(1);
    expect($(page.body)('#lines-title').length).toBe(1);
    const [framework] = await t.services.impactFrameworks.list(place.id, { publishedOnly: true });
    const open = await new Browser(t.app).get(`/impact/frameworks/${framework!.id}`);
    expect(open.statusCode).toBe(200);
    expect($(open.body)('#outcomes ~ table').length).toBeGreaterThan(0);
  });

  it('lets an officer appraise every published demo project', async () => {
    const place = (await t.services.places.resolve('localhost'))!;
    const br = new Browser(t.app);
    await br.signIn('officer@riverside.example', 'demo-password-2026');
    const choices = await t.services.impactFrameworks.projectChoices(place.id);
    // The demo issues ordinary random ids now; ids without an RFC 4122 version are covered in
    // projects' ids.test.ts and test/demo-place.test.ts.
    expect(choices.length).toBeGreaterThan(30);
    const form = $((await br.get('/impact/appraisals/new')).body);
    const offered = form('#projectId option')
      .map((_i, el) => form(el).attr('value'))
      .get();
    for (const project of choices) {
      expect(offered).toContain(project.id);
      const res = await br.post('/impact/appraisals/new', {
        title: `Appraisal of ${project.title}`,
        description: '',
        scope: 'project',
        projectId: project.id,
        priceYear: '2024',
        appraisalYears: '5',
      });
      expect(res.statusCode, `${project.id}: ${errorSummary(res.body).join('; ')}`).toBe(303);
    }
  });
});
