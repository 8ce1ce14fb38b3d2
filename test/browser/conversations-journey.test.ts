import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationStatements, conversationVotes } from '../../src/modules/conversations/conversations.schema.js';
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

const SEEDS = [
  'The park should stay open after dark',
  'More bins would stop the litter',
  'Dogs should be on leads near the play area',
  'The café should open all year',
  'Football on the grass should be banned',
  'Car parking by the gates should be free',
];

/** Votes through the page, one statement at a time, until none are left; returns how many. */
async function voteThrough(page: Page, choose: (text: string) => 'Agree' | 'Disagree' | 'Pass or unsure') {
  let votes = 0;
  while (await page.locator('#statement-text').count()) {
    const text = await page.locator('#statement-text').innerText();
    await page.getByRole('button', { name: choose(text), exact: true }).click();
    await page.getByText('Vote recorded.').first().waitFor();
    votes++;
  }
  return votes;
}

/**
 * Issue 5's journey in a real browser, axe (WCAG 2.2 A/AA) on every page: an officer opens a
 * conversation, residents vote one statement at a time and add statements (one signed in, one
 * without an account, one on a 320 px phone), the officer moderates, the analysis runs, the report
 * shows groups and consensus, and the officer publishes the outcome.
 */
describe('conversations journey', () => {
  let site: Site;
  let officer: { email: string };
  let resident: { email: string };

  beforeAll(async () => {
    site = await startSite();
    officer = await createUser(site.testApp.services, site.place.place.id, 'officer', 'talk-officer@example.test');
    resident = await createUser(site.testApp.services, site.place.place.id, 'resident', 'talk-resident@example.test');
  }, 120_000);
  afterAll(async () => {
    // Unset when beforeAll failed; afterAll runs all the same.
    await (site as Site | undefined)?.close();
  });

  it('open, vote, add, moderate, analyse, report, publish the outcome', async () => {
    const services = site.testApp.services;
    const page = await (await site.newContext()).newPage();
    await signIn(page, officer.email);

    // The officer opens a conversation.
    await page.getByRole('link', { name: 'Conversations', includeHidden: true }).first().click();
    await onPage(page, 'Conversations');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Start a conversation' }).click();
    await onPage(page, 'Start a conversation');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save as a draft' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page);
    await page.getByLabel('Question').fill('How should Elm Park change?');
    await page.getByLabel('Background (optional)').fill('The council has money to improve Elm Park next year.');
    await page.getByLabel('Anyone with the link').check();
    await page.getByRole('group', { name: 'Can people take part without an account?' }).getByLabel('Yes').check();
    await page.getByLabel('Strict').check();
    await page.getByLabel('Seed statements').fill(SEEDS.join('\n'));
    await page.getByRole('button', { name: 'Save as a draft' }).click();
    await onPage(page, 'How should Elm Park change?');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Open the conversation' }).click();
    await page.getByText('The conversation is open.').waitFor();
    await expectAccessible(page);
    const conversationUrl = new URL(page.url()).pathname.replace('/manage', '');
    const conversationId = conversationUrl.split('/')[2]!;

    // A signed-in resident votes on every statement and adds one.
    const residentPage = await (await site.newContext()).newPage();
    await signIn(residentPage, resident.email);
    await residentPage.goto(conversationUrl);
    await onPage(residentPage, 'How should Elm Park change?');
    expect(await residentPage.locator('#progress').innerText()).toBe('You have voted on 0 of 6 statements.');
    await expectAccessible(residentPage);
    const residentVotes = await voteThrough(residentPage, (text) =>
      text.includes('banned') || text.includes('free') ? 'Disagree' : 'Agree',
    );
    expect(residentVotes).toBe(6);
    expect(await residentPage.locator('#progress').innerText()).toBe('You have voted on 6 of 6 statements.');
    await expectAccessible(residentPage);
    await residentPage.getByRole('button', { name: 'Add statement' }).click();
    await residentPage.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectAccessible(residentPage);
    await residentPage.getByLabel('Your statement').fill('Put a water fountain by the play area');
    await residentPage.getByRole('button', { name: 'Add statement' }).click();
    await residentPage.getByText('Your statement will appear once an officer has checked it.').waitFor();
    await expectAccessible(residentPage);

    // Someone without an account, on a small phone, votes and adds a statement.
    const phone = await (await site.newContext({ viewport: { width: 320, height: 640 } })).newPage();
    await phone.goto(conversationUrl);
    await onPage(phone, 'How should Elm Park change?');
    expect(await phone.getByRole('heading', { name: 'Taking part without an account' }).count()).toBe(1);
    const overflow = await horizontalOverflow(phone);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
    await expectAccessible(phone);
    expect(await voteThrough(phone, (text) => (text.includes('bins') ? 'Pass or unsure' : 'Disagree'))).toBe(6);
    await phone.getByLabel('Your statement').fill('Ban the ice cream van');
    await phone.getByRole('button', { name: 'Add statement' }).click();
    await phone.getByText('Your statement will appear once an officer has checked it.').waitFor();
    const phoneOverflow = await horizontalOverflow(phone);
    expect(phoneOverflow.scrollWidth).toBeLessThanOrEqual(phoneOverflow.clientWidth);

    // The officer moderates: publishes the fountain, removes the ice cream van with a reason.
    await page.goto('/conversations');
    await expectAccessible(page);
    await page.getByRole('link', { name: /2 statements waiting to be checked/ }).click();
    await onPage(page, 'Moderate statements');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Publish statement 6' }).click();
    await page.getByText('Statement 6 published.').waitFor();
    await page.getByRole('button', { name: 'Remove statement 7' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Reason for removing statement 7').fill('Names a local trader');
    await page.getByRole('button', { name: 'Remove statement 7' }).click();
    await page.getByText('Statement 7 removed.').waitFor();
    await expectAccessible(page);
    const statuses = await services.db
      .select({ number: conversationStatements.number, status: conversationStatements.status })
      .from(conversationStatements)
      .where(eq(conversationStatements.conversationId, conversationId))
      .orderBy(conversationStatements.number);
    expect(statuses.slice(6)).toEqual([
      { number: 6, status: 'accepted' },
      { number: 7, status: 'rejected' },
    ]);

    // The person on the phone now gets the published statement to vote on, never the removed one
    // (their own); its author counts as agreeing with it already, as in Polis.
    await phone.goto(conversationUrl);
    expect(await phone.locator('#statement-text').innerText()).toBe('Put a water fountain by the play area');
    expect(await phone.locator('#progress').innerText()).toBe('You have voted on 6 of 7 statements.');
    await residentPage.goto(conversationUrl);
    expect(await residentPage.locator('#progress').innerText()).toBe('You have voted on 7 of 7 statements.');

    // Without JavaScript: the forms are plain posts.
    const noJs = await (await site.newContext({ javaScriptEnabled: false })).newPage();
    await noJs.goto(conversationUrl);
    await onPage(noJs, 'How should Elm Park change?');
    await expectAccessibleWithoutJs(noJs, site.browser);
    await noJs.getByRole('button', { name: 'Pass or unsure', exact: true }).click();
    await noJs.getByText('Vote recorded.').first().waitFor();
    expect(await noJs.locator('#progress').innerText()).toBe('You have voted on 1 of 7 statements.');

    // The officer can change the settings (and add seeds) while it is open.
    await page.goto(`${conversationUrl}/manage`);
    await page.getByRole('link', { name: /Change the question, dates or settings/ }).click();
    await onPage(page, 'Change the conversation');
    expect(await page.getByLabel('Question').inputValue()).toBe('How should Elm Park change?');
    await expectAccessible(page);
    await page.goBack();

    // Twenty-four more residents (through the service, as the pages would), in two camps, so the
    // analysis has opinion groups to find; 7 votes each puts them all in the conversation (Polis's min(7, statements)).
    const c = await services.conversations.find(site.place.place.id, conversationId);
    const ctx = { placeId: site.place.place.id, actor: { type: 'system' as const }, ip: null, requestId: null };
    for (let p = 0; p < 24; p++)
      for (let s = 0; s <= SEEDS.length; s++) {
        const camp = p % 2 === 0;
        // Everyone agrees on bins (1); the camps split on everything else, the fountain (6) included.
        const agree = s === 1 || (camp ? s % 2 === 0 : s % 2 === 1);
        await services.conversations.vote(ctx, c, { token: `journey-${p}` }, s, agree ? 'agree' : 'disagree');
      }

    // The background analysis runs (the test runs it now rather than waiting for the timer).
    const votesBefore = (
      await services.db.select().from(conversationVotes).where(eq(conversationVotes.conversationId, conversationId))
    ).length;
    // 6 + 6 + 1 browser votes, 2 authors' own agree votes, 24 × 7 from the service.
    expect(votesBefore).toBe(6 + 6 + 1 + 2 + 168);
    await services.conversations.runPendingAnalyses();
    await page.goto(`${conversationUrl}/manage`);
    expect(await page.locator('#analysis-computed').innerText()).toMatch(/^Last worked out .*, from 183 votes\.$/);
    await expectAccessible(page);

    // The report shows groups and consensus.
    await page.getByRole('link', { name: 'Report' }).click();
    await onPage(page, /How should Elm Park change\?/);
    await page.locator('#groups').waitFor();
    // Groups of fewer than 10 are not described (the report’s small-number rule); both camps have 13.
    expect(await page.locator('[id^="group-"]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#consensus').innerText()).toBe('What most people agreed on');
    expect(await page.locator('#consensus-agree').innerText()).toContain('More bins would stop the litter');
    await expectAccessible(page);

    // The officer publishes the outcome.
    await page.goto(`${conversationUrl}/manage`);
    await page.getByRole('link', { name: 'What we heard and what happens next' }).click();
    await onPage(page, /How should Elm Park change\?/);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Write what we heard' }).click();
    await page
      .getByLabel('What we heard')
      .fill('Nearly everyone wants more bins. People differ on football and parking.');
    await page.getByRole('button', { name: 'Save' }).click();
    await onPage(page, /How should Elm Park change\?/);
    await page.getByRole('button', { name: 'Publish and tell participants' }).click();
    await page.getByText('Published. Everyone who took part with an account').waitFor();
    await expectAccessible(page);

    // Anyone can read it.
    await phone.goto(`${conversationUrl}/outcome`);
    expect(await phone.getByText('Nearly everyone wants more bins.').count()).toBe(1);
    await expectAccessible(phone);
  }, 180_000);
});
