import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../../../test/helpers.js';
import {
  expectAccessible,
  expectAccessibleWithoutJs,
  horizontalOverflow,
  onPage,
  signIn,
  startSite,
  type Site,
} from '../../../../../test/browser/support.js';
import { systemCtx } from '../../../../../test/kit/index.js';
import { capacityPaths as paths } from '../../capacity.paths.js';

/**
 * A resident says what they could share on a small phone without JavaScript; an organiser says
 * what their project needs and sees who could help, in counts only. axe checks every page.
 */
describe('the capacity inventory in a real browser', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(async () => {
    await (site as Site | undefined)?.close();
  });

  it('a resident offers what they could share; an organiser states needs and may ask', async () => {
    const { services } = site.testApp;
    const placeId = site.place.place.id;
    const resident = await createUser(services, placeId, 'resident');
    await services.accounts.updateDetails(systemCtx(placeId), resident.user.id, {
      displayName: 'Test resident',
      homeAreaId: site.place.wards[0]!.id,
    });

    const phone = await (
      await site.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } })
    ).newPage();
    await signIn(phone, resident.email);
    await phone.goto('/account');
    await phone.getByRole('link', { name: 'What you could share' }).click();
    await onPage(phone, 'What you could share');
    await expectAccessibleWithoutJs(phone, site.browser);

    // A mistake first: nothing ticked.
    await phone.getByRole('button', { name: 'Save my offer' }).click();
    await onPage(phone, 'What you could share');
    expect(await phone.locator('.govuk-error-summary').textContent()).toContain(
      'Choose at least one thing you could share',
    );
    await expectAccessibleWithoutJs(phone, site.browser);
    const overflow = await horizontalOverflow(phone);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);

    await phone.getByLabel('Skills').check();
    await phone.getByLabel('A space').check();
    await phone.getByLabel('In your own words (optional)').fill('A big kitchen and I can cook');
    await phone.getByLabel(/Organisers of projects that need this may send me a message/).check();
    await phone.getByRole('button', { name: 'Save my offer' }).click();
    await phone.getByText('Your offer has been saved').waitFor();
    await expectAccessibleWithoutJs(phone, site.browser);
    await phone.getByRole('link', { name: 'Withdraw your offer' }).click();
    await onPage(phone, 'Withdraw your offer');
    await expectAccessibleWithoutJs(phone, site.browser);
    await phone.goto(paths.stopMessages);
    await onPage(phone, 'Stop messages from organisers');
    await expectAccessibleWithoutJs(phone, site.browser);

    // The organiser, on a desktop with JavaScript.
    const organiser = await createUser(services, placeId, 'organiser');
    const project = await services.projects.propose(
      systemCtx(placeId),
      organiser.user,
      {
        title: 'Community kitchen',
        summary: 'Cooking together on Fridays',
        why: '',
        category: 'cooking',
        areaId: site.place.wards[0]!.id,
        needs: {},
        leadType: 'resident',
        threshold: null,
      },
      'post',
    );
    const desk = await (await site.newContext()).newPage();
    await signIn(desk, organiser.email);
    await desk.goto(`/projects/${project.id}`);
    await desk.getByRole('link', { name: 'Say what the project needs and ask people who could help' }).click();
    await onPage(desk, 'What the project needs');
    await expectAccessible(desk);
    await desk.getByLabel('A space').check();
    await desk.getByLabel('Say what exactly, in a sentence').fill('A kitchen we can use on Friday evenings');
    await desk.getByRole('button', { name: 'Save what the project needs' }).click();
    await desk.getByText('What the project needs has been saved').waitFor();
    expect(await desk.locator('#counts').textContent()).toContain('fewer than 10 people');
    await expectAccessible(desk);
    await desk.getByLabel('Your message').fill('Could we borrow a kitchen on Friday evenings?');
    await desk.getByRole('button', { name: 'Send message' }).click();
    await desk.getByText('We have emailed your message').waitFor();
    await expectAccessible(desk);
  }, 120_000);
});
