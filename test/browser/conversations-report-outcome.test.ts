import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers.js';
import {
  expectAccessible,
  expectAccessibleWithoutJs,
  horizontalOverflow,
  onPage,
  signIn,
  startSite,
  type Site,
} from './support.js';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data/polis-open-data/london.youth.policing');
const haveData = existsSync(DATA);
if (!haveData) console.warn(`Polis open data not found at ${DATA}: skipping the import, report and outcome journey`);

/**
 * The report, closing the loop and Polis import/export in a real browser, axe (WCAG 2.2 A/AA) on
 * every page: an officer imports a real Polis conversation, reads its report, downloads it, writes
 * what was heard with a commitment (fixing a mistake on the way), tracks it, and publishes; a
 * resident reads both pages on a 320 px phone without JavaScript.
 */
describe.runIf(haveData)('report, outcome and Polis import journey', () => {
  let site: Site;
  let officer: { email: string };

  beforeAll(async () => {
    site = await startSite();
    officer = await createUser(site.testApp.services, site.place.place.id, 'officer', 'report-officer@example.test');
  }, 120_000);
  afterAll(async () => {
    // Unset when beforeAll failed; afterAll runs all the same.
    await (site as Site | undefined)?.close();
  });

  it('import, report, export, outcome with a commitment, publish, read on a phone', async () => {
    const page = await (await site.newContext()).newPage();
    await signIn(page, officer.email);

    await page.goto('/conversations/import');
    await onPage(page, 'Import a Polis conversation');
    await expectAccessible(page);
    // A mistake first: no files.
    await page.getByRole('button', { name: 'Import' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Choose the comments.csv file');
    await expectAccessible(page);
    await page.getByLabel('comments.csv').setInputFiles(path.join(DATA, 'comments.csv'));
    await page.getByLabel('votes.csv').setInputFiles(path.join(DATA, 'votes.csv'));
    await page.getByLabel('summary.csv (optional)').setInputFiles(path.join(DATA, 'summary.csv'));
    await page.getByRole('button', { name: 'Import' }).click();
    await onPage(page, /engage more young people/);
    const reportUrl = new URL(page.url()).pathname;
    const conversationId = reportUrl.split('/')[2]!;

    await site.testApp.services.conversations.analysis.runPendingAnalyses();
    await page.reload();
    await page.locator('#attribution').waitFor();
    expect(await page.locator('#attribution').innerText()).toContain('CC BY 4.0');
    expect(await page.locator('.cg-opinion-map svg').count()).toBe(1);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Download in the Polis open-data format' }).click();
    await onPage(page, 'Download in the Polis open-data format');
    await expectAccessible(page);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'votes.csv', exact: true }).click();
    expect((await download).suggestedFilename()).toBe('votes.csv');

    await page.goto(`/conversations/${conversationId}/outcome`);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Write what we heard' }).click();
    await onPage(page, 'What we heard and what happens next');
    await expectAccessible(page);
    await page.getByLabel('What we heard').fill('Young people want to be asked, in places they already go.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Add a commitment (what we will do)' }).click();
    await onPage(page, 'Add a commitment');
    await page.getByLabel('What the council will do').fill('Hold a scrutiny panel at the youth centre');
    await page.getByLabel('Who is responsible').fill('Community safety team');
    await page.getByLabel('When it is due').fill('31/2/2026');
    await page.getByRole('button', { name: 'Add commitment' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await expectAccessible(page);
    await page.getByLabel('When it is due').fill('30/9/2026');
    await page.getByRole('button', { name: 'Add commitment' }).click();
    await page.getByRole('link', { name: /Update progress/ }).click();
    await onPage(page, 'Update progress');
    await expectAccessible(page);
    await page.getByLabel('In progress').check();
    await page.getByLabel('Note for the public page (optional)').fill('Venue booked');
    await page.getByRole('button', { name: 'Save progress' }).click();
    await page.getByRole('button', { name: 'Publish and tell participants' }).click();
    await page.locator('.govuk-notification-banner', { hasText: 'Published.' }).waitFor();
    await expectAccessible(page);

    // A resident on a small phone, without JavaScript.
    const phone = await (
      await site.newContext({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false })
    ).newPage();
    for (const url of [reportUrl, `/conversations/${conversationId}/outcome`]) {
      await phone.goto(url);
      await phone.locator('h1').waitFor();
      const { scrollWidth, clientWidth } = await horizontalOverflow(phone);
      expect(scrollWidth, `${url} scrolls sideways at 320 px`).toBeLessThanOrEqual(clientWidth);
      await expectAccessibleWithoutJs(phone, site.browser);
    }
    expect(await phone.getByText('Hold a scrutiny panel at the youth centre').count()).toBe(1);
    expect(await phone.getByText('Venue booked', { exact: false }).count()).toBe(1);
  }, 240_000);
});
