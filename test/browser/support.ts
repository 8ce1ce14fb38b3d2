import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildTestApp, createPlace, createUser, PASSWORD, type TestApp } from '../helpers.js';

/** The WCAG 2.2 A and AA rules every page must pass. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export type Site = {
  testApp: TestApp;
  baseURL: string;
  browser: Browser;
  place: Awaited<ReturnType<typeof createPlace>>;
  admin: { email: string; password: string; id: string };
  /** A new browser context on the site (separate cookies), closed with the site. */
  newContext: (options?: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;
  close: () => Promise<void>;
};

/**
 * The real app listening on a free port on 127.0.0.1, reached as http://localhost:PORT (so the
 * default place answers), with a default place, an administrator, and a headless Chromium.
 */
export async function startSite(): Promise<Site> {
  const testApp = await buildTestApp();
  const place = await createPlace(testApp.services, 'localhost', { isDefault: true, name: 'Testborough' });
  const { user, email } = await createUser(testApp.services, place.place.id, 'admin', 'admin@example.test');
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const address = testApp.app.server.address();
  if (!address || typeof address === 'string') throw new Error('The app is not listening on a TCP port');
  const baseURL = `http://localhost:${address.port}`;
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await testApp.close();
    throw err;
  }
  const contexts: BrowserContext[] = [];
  return {
    testApp,
    baseURL,
    browser,
    place,
    admin: { email, password: PASSWORD, id: user.id },
    async newContext(options = {}) {
      const context = await browser.newContext({ baseURL, ...options });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      return context;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await testApp.close();
    },
  };
}

/** Fails with every WCAG 2.2 A/AA violation axe finds on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const report = results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'unknown'}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  if (report.length) {
    throw new Error(`${report.length} accessibility violation(s) on ${page.url()}:\n  ${report.join('\n  ')}`);
  }
}

/**
 * axe runs as a script in the page, which a context without JavaScript cannot do. So this
 * checks the page as that context received it: the same HTML, at the same address, with its
 * scripts taken out, loaded in a JavaScript-enabled page of the same browser.
 */
export async function expectAccessibleWithoutJs(page: Page, browser: Browser): Promise<void> {
  await page.waitForLoadState('load');
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
  const context = await browser.newContext();
  try {
    const copy = await context.newPage();
    await copy.route(url, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await copy.goto(url);
    await expectAccessible(copy);
  } finally {
    await context.close();
  }
}

/** Signs in through the real form and waits until the page shows the person signed in. */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Attached, not visible: on a small screen the navigation is folded behind a Menu button.
  await page.getByRole('button', { name: 'Sign out', includeHidden: true }).waitFor({ state: 'attached' });
}

/** Waits for the page whose main heading is `name` (after a link or button took us there). */
export async function onPage(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.waitForLoadState('load');
}

/** The page has no horizontal scroll bar. */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
}
