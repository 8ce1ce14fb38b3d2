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
import { BEXLEY, haveBexleyData, importBexleyAreas } from '../../../../../test/kit/bexley.js';
import { systemContext } from '../../../../platform/context.js';
import { strengthPaths as paths } from '../../strength.paths.js';

const FILES = [BEXLEY.imd, BEXLEY.domains, BEXLEY.population];
const haveData = haveBexleyData('the strength journey');

/**
 * On Bexley's real wards and small areas: an officer imports the Indices of Deprivation, opens the
 * map, switches measure, opens a ward profile and prints it; a resident reads the map on a small
 * phone without JavaScript. axe checks every page on the way.
 */
describe.skipIf(!haveData)('the community strength map in a real browser', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite();
    await importBexleyAreas(site.testApp.services.db, systemContext(site.place.place.id));
  });
  afterAll(async () => {
    await (site as Site | undefined)?.close();
  });

  it('an officer imports deprivation, reads the map and prints a ward profile; a phone reads it without JavaScript', async () => {
    const officer = await createUser(site.testApp.services, site.place.place.id, 'officer');
    const desk = await (await site.newContext()).newPage();
    await signIn(desk, officer.email);

    await desk.goto(paths.deprivation);
    await onPage(desk, 'Import the Indices of Deprivation');
    await expectAccessible(desk);
    // A mistake first: nothing chosen.
    await desk.getByRole('button', { name: 'Import' }).click();
    expect(await desk.locator('.govuk-error-summary').textContent()).toContain('Choose one, two or three CSV files');
    await expectAccessible(desk);
    await desk.getByLabel('CSV files (up to three)').setInputFiles(FILES);
    await desk.getByRole('button', { name: 'Import' }).click();
    await desk.getByText('The 2019 Indices of Deprivation were imported').waitFor();
    await expectAccessible(desk);

    await desk.goto(paths.map);
    await onPage(desk, 'Community strength, ward by ward');
    await desk.getByLabel('Measure').selectOption({ label: 'Deprivation: people in the most deprived 20%' });
    await desk.getByRole('button', { name: 'Show the map' }).click();
    await desk.locator('#map', { hasText: 'Deprivation: people in the most deprived 20%' }).waitFor();
    // Every ward is a link on the map, named with its value.
    await desk.getByRole('link', { name: /^North End: 58%/ }).waitFor();
    await expectAccessible(desk);

    await desk.locator('#wards ~ .cg-table-wrap').getByRole('link', { name: 'North End' }).click();
    await onPage(desk, 'North End');
    await expectAccessible(desk);
    await desk.emulateMedia({ media: 'print' });
    expect(await desk.locator('.govuk-header').isVisible()).toBe(false);
    expect(await desk.getByRole('heading', { name: 'Deprivation' }).isVisible()).toBe(true);
    await desk.emulateMedia({ media: 'screen' });

    // A resident on a small phone, without JavaScript.
    const phone = await (
      await site.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } })
    ).newPage();
    await phone.goto(`${paths.map}?measure=imdMeanRank`);
    await onPage(phone, 'Community strength, ward by ward');
    await expectAccessibleWithoutJs(phone, site.browser);
    const overflow = await horizontalOverflow(phone);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
    await phone.getByLabel('Measure').selectOption({ label: 'Deprivation: mean IMD rank' });
    await phone.getByRole('button', { name: 'Show the map' }).click();
    await phone.locator('#map', { hasText: 'Deprivation: mean IMD rank' }).waitFor();
    await phone.goto(paths.ward('E05000079'));
    await onPage(phone, 'North End');
    await expectAccessibleWithoutJs(phone, site.browser);
    const profileOverflow = await horizontalOverflow(phone);
    expect(profileOverflow.scrollWidth).toBeLessThanOrEqual(profileOverflow.clientWidth);
  }, 180_000);
});
