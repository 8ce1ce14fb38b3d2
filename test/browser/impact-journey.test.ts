import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAppraisal } from '../../src/lib/appraisal/index.js';
import { gmcaWorkbook, seedParticipation } from '../../src/modules/impact/test/impact.fixtures.js';
import { impactValues } from '../schema.js';
import { money, ratioText } from '../../src/modules/impact/impact.view-models.js';
import { createUser } from '../helpers.js';
import { expectAccessible, horizontalOverflow, onPage, signIn, startSite, type Site } from './support.js';

/** A headline figure on the results page, by its data-figure key (without the explanation under it). */
async function figure(page: Page, key: string): Promise<string> {
  return page
    .locator(`[data-figure="${key}"]`)
    .first()
    .evaluate((el) => (el.firstChild?.textContent ?? el.textContent ?? '').trim());
}

/**
 * Issue 4's journey in a real browser, axe (WCAG 2.2 A/AA) on every page: an officer adds a value
 * to the library, builds an appraisal whose cohort comes from participation records, sees results
 * with charts, changes an assumption and sees them change, and prints the one-page summary.
 */
describe('impact journey', () => {
  let site: Site;
  let officer: { email: string };
  let page: Page;

  beforeAll(async () => {
    site = await startSite();
    officer = await createUser(site.testApp.services, site.place.place.id, 'officer', 'impact-officer@example.test');
    // 15 people took part in the last year, 12 of them regularly; 2 hours were volunteered.
    await seedParticipation(site.testApp.services, site.place.place.id);
  }, 120_000);
  afterAll(async () => {
    await site?.close();
  });

  it('value, appraisal from participation data, results, a changed assumption, the printed summary', async () => {
    page = await (await site.newContext()).newPage();
    await signIn(page, officer.email);

    await page.getByRole('link', { name: 'Impact', includeHidden: true }).first().click();
    await onPage(page, 'Impact');
    await expectAccessible(page);

    // The value library: the shipped WELLBY, then a council value with its licence.
    await page.getByRole('link', { name: 'Value library' }).click();
    await onPage(page, 'Value library');
    expect(await page.locator('#values').innerText()).toContain('WELLBY');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add a value' }).click();
    await onPage(page, 'Add a value');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add the value' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page);
    await page.getByLabel('What the value is for').fill('Older resident no longer lonely for a year');
    await page.getByLabel('Value in pounds').fill('2000');
    await page.getByLabel('Price year').fill('2024');
    await page.getByLabel('Social', { exact: true }).check();
    await page.getByLabel('Who bears or gains it').fill('Residents');
    await page.getByLabel('3: reasonable data, some gaps').check();
    await page.getByLabel('Source', { exact: true }).fill('Council loneliness survey 2024');
    await page.getByLabel('Licence').fill('Council’s own data');
    await page.getByLabel('Attribution to show with the value').fill('Testborough Council');
    await page.getByRole('button', { name: 'Add the value' }).click();
    await onPage(page, 'Value library');
    expect(await page.getByRole('alert').innerText()).toContain('Value added');
    const [value] = await site.testApp.services.db
      .select()
      .from(impactValues)
      .where(and(eq(impactValues.placeId, site.place.place.id), eq(impactValues.licence, 'Council’s own data')));

    // A programme appraisal.
    await page.goto('/impact/appraisals');
    await onPage(page, 'Appraisals');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Start an appraisal' }).click();
    await onPage(page, 'Start an appraisal');
    await expectAccessible(page);
    await page.getByLabel('Title').fill('Neighbourhood programme');
    await page.getByLabel('A programme of projects').check();
    await page.getByLabel('Price year').fill('2024');
    await page.getByRole('button', { name: 'Start the appraisal' }).click();
    await onPage(page, 'Neighbourhood programme');
    const id = new URL(page.url()).pathname.split('/')[3]!;
    await expectAccessible(page);

    // Costs: a revenue line, then the recorded volunteer time.
    await page.getByRole('button', { name: 'Add a cost' }).click();
    await onPage(page, 'Add a cost');
    await expectAccessible(page);
    await page.getByLabel('What the cost is').fill('Sessions and staff');
    await page.getByLabel('Revenue').check();
    await page.getByLabel('2: good local or national data').check();
    await page.getByLabel('Year 0', { exact: true }).fill('5000');
    await page.getByRole('button', { name: 'Save the cost' }).click();
    await onPage(page, 'Neighbourhood programme');
    await page.getByRole('button', { name: 'Add volunteer time from participation records' }).click();
    await onPage(page, 'Add volunteer time as an input');
    await expectAccessible(page);
    await page.getByLabel('1: independently audited or robust local data').check();
    await page.getByRole('button', { name: 'Add volunteer time' }).click();
    await onPage(page, 'Neighbourhood programme');

    // A benefit from the library, its cohort the regular participants of the last 12 months.
    await page.getByRole('button', { name: 'Add a benefit' }).click();
    await onPage(page, 'Add a benefit');
    await expectAccessible(page);
    await page.getByLabel('Outcome', { exact: true }).fill('Less loneliness');
    await page.getByLabel('From the value library').check();
    await page.getByLabel('If from the library: the value').selectOption({ value: value!.id });
    await page.getByLabel('From participation records').check();
    await page.getByLabel('Regular participants in the period (came in 3 or more months)').check();
    await page.getByLabel('Success rate').fill('50');
    await page.getByLabel('Deadweight').fill('20');
    await page.getByLabel('How many years it lasts').fill('2');
    await page.getByLabel('1: independently audited or robust local data').check();
    await page.getByRole('button', { name: 'Save the benefit' }).click();
    await onPage(page, 'Neighbourhood programme');
    await expectAccessible(page);

    // Results: 12 regular participants × 50% × £2,000 × 80% = £9,600 in year 0, £9,600 ÷ 1.035 in year 1.
    await page.getByRole('link', { name: 'See the results' }).click();
    await onPage(page, 'Neighbourhood programme');
    expect(await figure(page, 'pvBenefits')).toBe('£18,875');
    expect(await page.locator('#benefit-benefit-1').innerText()).toContain('12 regular participants');
    expect(await page.locator('#benefit-benefit-1').innerText()).toContain('Licence: Council’s own data');
    await page.locator('#tornado-title').waitFor({ state: 'attached' });
    await page.locator('#lines-title').waitFor({ state: 'attached' });
    const calc = await site.testApp.services.impactAppraisals.calculate(
      site.place.place.id,
      await site.testApp.services.impactAppraisals.find(site.place.place.id, id),
    );
    if (!calc.ok) throw new Error('the appraisal should calculate');
    expect(await figure(page, 'sroi')).toBe(ratioText(computeAppraisal(calc.document).sroi));
    expect(await figure(page, 'pvCosts')).toBe(money(calc.result.pvCosts));
    await expectAccessible(page);
    const before = await figure(page, 'pvBenefits');

    // A figure's link leads to the working behind it.
    await page.locator('a[data-figure="pvBenefits"]').click();
    expect(page.url()).toContain('#benefits-breakdown');

    // On a small phone the results page does not scroll sideways.
    await page.setViewportSize({ width: 320, height: 640 });
    const { scrollWidth, clientWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await page.setViewportSize({ width: 1024, height: 768 });

    // Adjust an assumption: more deadweight, smaller benefits.
    await page.goto(`/impact/appraisals/${id}/edit`);
    await page.getByRole('link', { name: 'Change Less loneliness' }).click();
    await onPage(page, 'Change a benefit');
    await page.getByLabel('Deadweight').fill('60');
    await page.getByRole('button', { name: 'Save the benefit' }).click();
    await onPage(page, 'Neighbourhood programme');
    await page.goto(`/impact/appraisals/${id}`);
    const after = await figure(page, 'pvBenefits');
    // 12 × 50% × £2,000 × 40% = £4,800, and £4,800 ÷ 1.035 = £4,637.68: £9,438.
    expect(after).toBe('£9,438');
    expect(after).not.toBe(before);

    // The printable summary: the same figures, and no navigation on paper.
    await page.getByRole('link', { name: 'One-page summary to print' }).click();
    await onPage(page, 'Neighbourhood programme');
    await expectAccessible(page);
    expect(await figure(page, 'pvBenefits')).toBe('£9,438');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.govuk-service-navigation').isVisible()).toBe(false);
    expect(await page.locator('.govuk-footer').isVisible()).toBe(false);
    expect(await page.locator('[data-figure="npv"]').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  }, 180_000);

  it('the other impact pages: settings, the GMCA import, frameworks (draft and public), history and file import', async () => {
    await signIn(page, officer.email);
    await page.goto('/impact/settings');
    await onPage(page, 'Deflator series and optimism bias');
    await expectAccessible(page);
    await page.getByLabel('Index by year').fill('2019, 100\n2020; x');
    await page.getByRole('button', { name: 'Save the deflator series' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectAccessible(page);

    // The GMCA import: a workbook with a problem, then a clean one to confirm.
    await page.goto('/impact/values/import');
    await onPage(page, 'Import the GMCA Unit Cost Database');
    await expectAccessible(page);
    const bad = await gmcaWorkbook({ Crime: [['CR1.0', 'Arrest', 'Per arrest', 'Police', 'lots', '2019/20']] });
    await page.getByLabel('Upload the workbook (.xlsx)').setInputFiles({
      name: 'ucd.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: bad,
    });
    await page.getByRole('button', { name: 'Check the workbook' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.locator('#problems').innerText()).toContain('Crime');
    await expectAccessible(page);
    const good = await gmcaWorkbook({ Crime: [['CR1.0', 'Arrest', 'Per arrest', 'Police', 744, '2019/20']] });
    await page.getByLabel('Upload the workbook (.xlsx)').setInputFiles({
      name: 'ucd.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: good,
    });
    await page.getByRole('button', { name: 'Check the workbook' }).click();
    await onPage(page, 'Check the values before importing');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Import 1 values' }).click();
    await onPage(page, 'Value library');
    expect(await page.locator('#values').innerText()).toContain('CR1.0');

    // An outcome framework with an outcome and evidence, published, read by someone signed out.
    await page.goto('/impact/frameworks');
    await onPage(page, 'Outcome frameworks');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Start an outcome framework' }).click();
    await onPage(page, 'Start an outcome framework');
    await expectAccessible(page);
    await page.getByLabel('Name').fill('Testborough together');
    await page.getByLabel('Activities').fill('Weekly cooking');
    await page.getByRole('button', { name: 'Save' }).click();
    await onPage(page, 'Testborough together');
    await expectAccessible(page);
    await page.getByLabel('Outcome', { exact: true }).fill('Less loneliness');
    await page.getByLabel('Indicator').fill('Share who feel lonely often');
    await page.getByLabel('A survey').check();
    await page.getByRole('button', { name: 'Add the outcome' }).click();
    await onPage(page, 'Testborough together');
    await page.getByRole('button', { name: 'Record the evidence' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Publish' }).click();
    await onPage(page, 'Testborough together');
    const url = page.url().split('?')[0]!;
    const visitor = await (await site.newContext()).newPage();
    await visitor.goto(url);
    await onPage(visitor, 'Testborough together');
    expect(await visitor.locator('#outputs-table').innerText()).toContain('15');
    await expectAccessible(visitor);

    // History and the file import, with an error.
    const [appraisal] = await site.testApp.services.impactAppraisals.list(site.place.place.id);
    await page.goto(`/impact/appraisals/${appraisal!.id}/history`);
    await onPage(page, 'History');
    await expectAccessible(page);
    await page.goto('/impact/appraisals/import');
    await onPage(page, 'Import an appraisal file');
    await page.getByLabel('Or paste its text').fill('{"formatVersion": 2}');
    await page.getByRole('button', { name: 'Import the pasted text' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectAccessible(page);
  }, 180_000);
});
