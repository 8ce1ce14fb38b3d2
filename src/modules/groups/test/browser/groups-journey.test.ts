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
import { groupPaths as paths } from '../../groups.paths.js';

/**
 * A resident starts a group on a small phone without JavaScript (a mistake first); a neighbour
 * joins it at a desk; anyone finds it in the list by ward. axe checks every page on the way.
 */
describe('community groups in a real browser', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(async () => {
    await (site as Site | undefined)?.close();
  });

  it('a resident starts a group, a neighbour joins, and the list shows it', async () => {
    const ward = site.place.wards[0]!;
    const starter = await createUser(site.testApp.services, site.place.place.id, 'resident');
    const neighbour = await createUser(site.testApp.services, site.place.place.id, 'resident');

    const phone = await (
      await site.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } })
    ).newPage();
    await signIn(phone, starter.email);
    await phone.goto(paths.groups);
    await onPage(phone, /^Community groups in /);
    await expectAccessibleWithoutJs(phone, site.browser);
    await phone.getByRole('link', { name: 'Start a group' }).click();
    await onPage(phone, 'Start a group');
    await expectAccessibleWithoutJs(phone, site.browser);
    await phone.getByRole('button', { name: 'Start the group' }).click();
    await onPage(phone, 'Start a group');
    expect(await phone.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessibleWithoutJs(phone, site.browser);
    const overflow = await horizontalOverflow(phone);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);

    await phone.getByLabel('Name of the group').fill('Riverside Litter Pickers');
    await phone
      .getByLabel('What does the group do?')
      .fill('We tidy the riverbank on the first Saturday of each month.');
    await phone.getByLabel('Ward (optional)').selectOption({ label: ward.name });
    await phone.getByLabel('How can people contact the group?').fill('litter@example.org');
    await phone.getByRole('button', { name: 'Start the group' }).click();
    await onPage(phone, 'Riverside Litter Pickers');
    expect(await phone.locator('.govuk-notification-banner').textContent()).toContain('Your group is listed');
    await expectAccessibleWithoutJs(phone, site.browser);
    const groupUrl = new URL(phone.url()).pathname;

    const desk = await (await site.newContext()).newPage();
    await signIn(desk, neighbour.email);
    await desk.goto(groupUrl);
    await onPage(desk, 'Riverside Litter Pickers');
    await expectAccessible(desk);
    await desk.getByRole('button', { name: 'Join this group' }).click();
    await desk.getByText('You are a member of this group.').first().waitFor();
    await expectAccessible(desk);

    const visitor = await (await site.newContext()).newPage();
    await visitor.goto(paths.groups);
    await visitor.getByLabel('Ward').selectOption({ label: ward.name });
    await visitor.getByRole('button', { name: 'Show groups' }).click();
    await visitor.getByRole('link', { name: 'Riverside Litter Pickers' }).waitFor();
    await expectAccessible(visitor);
  }, 180_000);
});
