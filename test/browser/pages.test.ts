import type { Page } from 'playwright-core';
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

/** Every page an administrator can reach, checked with axe for WCAG 2.2 A/AA; and the service without JavaScript and on a small phone. */
describe('pages in a real browser', () => {
  let site: Site;
  let admin: Page;

  beforeAll(async () => {
    site = await startSite();
    admin = await (await site.newContext()).newPage();
    await signIn(admin, site.admin.email, site.admin.password);
  });
  afterAll(async () => {
    // Unset when beforeAll failed; afterAll runs all the same.
    await (site as Site | undefined)?.close();
  });

  /** Goes to a page as the signed-in admin, checks it loaded with its heading, and runs axe on it. */
  async function expectPageWorks(path: string, heading: string | RegExp, page = admin) {
    const response = await page.goto(path);
    expect(response?.status(), `status of ${path}`).toBe(200);
    await onPage(page, heading);
    await expectAccessible(page);
  }

  it('the accessibility check is not vacuous: it sees styles and catches a violation', async () => {
    // The stylesheet loads, so colour contrast is checked against the real GOV.UK styles.
    await admin.goto('/');
    await onPage(admin, 'Testborough');
    expect(await admin.locator('h1').evaluate((h) => getComputedStyle(h).fontFamily)).toMatch(/arial|helvetica/i);
    // An image without a text alternative added to a good page must fail the check.
    await admin.evaluate(() => document.querySelector('main')!.append(document.createElement('img')));
    await expect(expectAccessible(admin)).rejects.toThrow(/image-alt/);
  });

  it('public and account pages are accessible', async () => {
    const ward = site.place.wards[0]!;
    await expectPageWorks('/', 'Testborough');
    await expectPageWorks('/areas', 'Wards in Testborough');
    await expectPageWorks(`/areas/${encodeURIComponent(ward.code)}`, ward.name);
    await expectPageWorks('/privacy', 'How we use your information');
    await expectPageWorks('/accessibility', 'Accessibility statement for Testborough');
    await expectPageWorks('/cookies', 'Cookies');
    await expectPageWorks('/api/docs', 'Commonground API');
    await expectPageWorks('/account', 'Your account');
    await expectPageWorks('/account/details', 'Change your details');
    await expectPageWorks('/account/email', 'Change your email address');
    await expectPageWorks('/account/password', 'Change your password');
    await expectPageWorks('/account/delete', 'Delete your account');
  }, 120_000);

  it('signed-out pages, with their error states, are accessible', async () => {
    const page = await (await site.newContext()).newPage();
    await expectPageWorks('/sign-in', 'Sign in', page);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectAccessible(page);

    await expectPageWorks('/forgot-password', 'Reset your password', page);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectAccessible(page);

    // A page that does not exist.
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(page);
  }, 120_000);

  it('admin pages are accessible, including form errors and a new API token', async () => {
    await expectPageWorks('/admin', 'Admin');
    await expectPageWorks('/admin/people', 'People and roles');
    await expectPageWorks('/admin/settings', 'Settings');
    await expectPageWorks('/admin/audit', 'Audit log');
    await expectPageWorks('/admin/outbox', 'Outbox');

    await expectPageWorks('/admin/people/assisted', 'Create an account for a resident without email');
    await admin.getByRole('button', { name: 'Create account' }).click();
    await admin.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await admin.title()).toMatch(/^Error: /);
    await expectAccessible(admin);

    await expectPageWorks('/admin/tokens', 'API tokens');
    await admin.getByLabel('Name', { exact: true }).fill('Council data warehouse');
    await admin.getByRole('group', { name: 'Role' }).getByLabel('Officer').check();
    await admin.getByRole('button', { name: 'Create token' }).click();
    await admin.getByRole('heading', { name: 'Token created' }).waitFor();
    expect((await admin.getByTestId('new-token').innerText()).trim()).not.toBe('');
    await expectAccessible(admin);
    // The list of tokens now has one to revoke, which is checked too.
    await expectPageWorks('/admin/tokens', 'API tokens');
    await admin.getByRole('button', { name: 'Revoke token Council data warehouse' }).waitFor();
  }, 120_000);

  it('works without JavaScript: sign in and sign out', async () => {
    const { email, password } = await createUser(
      site.testApp.services,
      site.place.place.id,
      'resident',
      'nojs@example.test',
    );
    const page = await (await site.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto('/sign-in');
    await onPage(page, 'Sign in');
    await expectAccessibleWithoutJs(page, site.browser);
    await signIn(page, email, password);
    expect(new URL(page.url()).pathname).toBe('/');
    await expectAccessibleWithoutJs(page, site.browser);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/');
    await expectAccessibleWithoutJs(page, site.browser);
    // Signed out for real: the account page now sends us to sign in.
    await page.goto('/account');
    await onPage(page, 'Sign in');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  }, 60_000);

  it('fits a small phone (320 by 640) without horizontal scrolling', async () => {
    const page = await (await site.newContext({ viewport: { width: 320, height: 640 } })).newPage();
    const check = async (path: string, heading: string) => {
      await expectPageWorks(path, heading, page);
      const { scrollWidth, clientWidth } = await horizontalOverflow(page);
      expect(scrollWidth, `horizontal scroll on ${path} at 320px`).toBeLessThanOrEqual(clientWidth);
    };
    await check('/', 'Testborough');
    await check('/sign-in', 'Sign in');
    await signIn(page, site.admin.email, site.admin.password);
    await check('/admin/people', 'People and roles');
  }, 120_000);
});
