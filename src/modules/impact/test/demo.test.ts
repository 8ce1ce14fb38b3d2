import { describe, expect, it, vi } from 'vitest';
import { $, Browser, errorSummary } from '../../../../test/helpers.js';
import { useWorld } from '../../../../test/kit/index.js';
import { seedDemo } from '../../../demo.js';

// Seeding the whole demo borough takes longer than the usual minute on a busy machine.
vi.setConfig({ hookTimeout: 120_000 });

describe('the demo borough’s impact evidence', () => {
  const w = useWorld('impact-demo', {
    async setUp(w) {
      await seedDemo(w.services);
    },
  });

  it('has a published framework, the shipped values and a programme appraisal with results from participation data', async () => {
    const place = (await w.services.places.resolve('localhost'))!;
    const br = new Browser(w.t.app);
    await br.signIn('officer@riverside.example', 'demo-password-2026');
    const home = await br.get('/impact');
    expect(home.statusCode).toBe(200);
    expect($(home.body)('.govuk-service-navigation a:contains("Impact")').length).toBe(1);
    const [appraisal] = await w.services.impactAppraisals.list(place.id);
    const calc = await w.services.impactAppraisals.calculate(place.id, appraisal!);
    expect(calc.ok).toBe(true);
    // Every participation cohort resolved to a real count from the demo's attendance.
    expect(calc.cohorts.length).toBe(3);
    expect(calc.cohorts.every((c) => c.size !== null && c.size > 0)).toBe(true);
    const page = await br.get(`/impact/appraisals/${appraisal!.id}`);
    expect(page.statusCode).toBe(200);
    expect($(page.body)('#tornado-title').length).toBe(1);
    expect($(page.body)('#lines-title').length).toBe(1);
    const [framework] = await w.services.impactFrameworks.list(place.id, { publishedOnly: true });
    const open = await new Browser(w.t.app).get(`/impact/frameworks/${framework!.id}`);
    expect(open.statusCode).toBe(200);
    expect($(open.body)('#outcomes ~ table').length).toBeGreaterThan(0);
  });

  it('lets an officer appraise every published demo project', async () => {
    const place = (await w.services.places.resolve('localhost'))!;
    const br = new Browser(w.t.app);
    await br.signIn('officer@riverside.example', 'demo-password-2026');
    const choices = await w.services.impactFrameworks.projectChoices(place.id);
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
