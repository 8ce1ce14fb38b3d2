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
import { assetPaths as paths } from '../../assets.paths.js';

/**
 * A resident suggests an asset on a small phone without JavaScript; an officer checks and
 * publishes it; everyone then finds it in the register. axe checks every page on the way.
 */
describe('the community asset register in a real browser', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(async () => {
    await (site as Site | undefined)?.close();
  });

  it('a resident suggests, an officer publishes, and the register shows it', async () => {
    const ward = site.place.wards[1]!;
    const resident = await createUser(site.testApp.services, site.place.place.id, 'resident');
    const officer = await createUser(site.testApp.services, site.place.place.id, 'officer');

    // The resident: 320 px wide, no JavaScript.
    const phone = await (
      await site.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } })
    ).newPage();
    await signIn(phone, resident.email);
    await phone.goto(paths.assets);
    await onPage(phone, 'What Testborough already has');
    await expectAccessibleWithoutJs(phone, site.browser);
    await phone.getByRole('link', { name: 'Suggest an asset' }).click();
    await onPage(phone, 'Suggest an asset');
    await expectAccessibleWithoutJs(phone, site.browser);

    // A mistake first: the error summary names it and the page still fits the screen.
    await phone.getByRole('button', { name: 'Send suggestion' }).click();
    await onPage(phone, 'Suggest an asset');
    expect(await phone.locator('.govuk-error-summary').textContent()).toContain('Enter the name of the asset');
    await expectAccessibleWithoutJs(phone, site.browser);
    const overflow = await horizontalOverflow(phone);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);

    await phone.getByLabel('Name').fill('Thursday Board Games');
    await phone.getByLabel('Group or association').check();
    await phone.getByLabel('What does it offer people?').fill('Games, tea and good company for all ages');
    await phone.getByLabel('Ward (optional)').selectOption({ label: ward.name });
    await phone.getByRole('button', { name: 'Send suggestion' }).click();
    await onPage(phone, 'Thursday Board Games');
    expect(await phone.locator('.govuk-notification-banner').textContent()).toContain(
      'The council will check your suggestion',
    );
    await expectAccessibleWithoutJs(phone, site.browser);

    // The officer: a desktop browser with JavaScript.
    const desk = await (await site.newContext()).newPage();
    await signIn(desk, officer.email);
    await desk.goto(paths.review);
    await onPage(desk, 'Asset suggestions to check');
    await expectAccessible(desk);
    await desk.getByRole('button', { name: 'Publish Thursday Board Games' }).click();
    await desk.getByText('"Thursday Board Games" is now in the register').waitFor();
    await expectAccessible(desk);

    // Anyone: the register, filtered by ward, then the asset's page.
    const visitor = await (await site.newContext()).newPage();
    await visitor.goto(paths.assets);
    await visitor.getByLabel('Ward').selectOption({ label: ward.name });
    await visitor.getByRole('button', { name: 'Show assets' }).click();
    await visitor.locator('#assets').getByRole('link', { name: 'Thursday Board Games' }).waitFor();
    await expectAccessible(visitor);
    await visitor.getByRole('link', { name: 'Thursday Board Games' }).click();
    await onPage(visitor, 'Thursday Board Games');
    expect(await visitor.locator('.govuk-summary-list').textContent()).toContain(ward.name);
    await expectAccessible(visitor);
  }, 120_000);
});
