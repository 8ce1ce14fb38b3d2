import { and, asc, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../src/modules/sessions/sessions.schema.js';
import { createUser, PASSWORD } from '../helpers.js';
import { expectAccessible, horizontalOverflow, onPage, signIn, startSite, type Site } from './support.js';

const system = (placeId: string) => ({ placeId, actor: { type: 'system' as const }, ip: null, requestId: null });

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** The London wall-clock date and time of an instant. */
function london(at: Date) {
  const p = Object.fromEntries(londonFormat.formatToParts(at).map((x) => [x.type, x.value]));
  return { year: p.year!, month: p.month!, day: p.day!, hour: Number(p.hour), minute: Number(p.minute) };
}

const DURATION = 90;
const QUARTER = 15 * 60_000;
/**
 * The first session of the weekly series. The scheduler refuses starts in the past, and attendance
 * can be recorded only from a day before a session starts, so the series starts about an hour from
 * now (never in the past while the test runs, well within the next 24 hours), on a quarter hour,
 * ending by midnight and away from the 1am hour the clocks change in.
 */
function firstStart(now = new Date()): Date {
  let t = new Date(Math.ceil((now.getTime() + 60 * 60_000) / QUARTER) * QUARTER);
  for (;;) {
    const l = london(t);
    const minuteOfDay = l.hour * 60 + l.minute;
    if (minuteOfDay + DURATION <= 24 * 60 && l.hour !== 1) return t;
    t = new Date(t.getTime() + QUARTER);
  }
}

/** The value a GOV.UK summary list gives for a key. */
async function summaryValue(page: Page, key: string): Promise<string> {
  const row = page.locator('.govuk-summary-list__row').filter({
    has: page.locator('.govuk-summary-list__key', { hasText: new RegExp(`^\\s*${key}\\s*$`) }),
  });
  return (await row.locator('.govuk-summary-list__value').innerText()).trim();
}

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await horizontalOverflow(page);
  expect(scrollWidth, `horizontal scroll on ${page.url()} at 320px`).toBeLessThanOrEqual(clientWidth);
}

/**
 * Issue 3's journey, in a real browser, with axe (WCAG 2.2 A/AA) on every page: a resident proposes
 * a project, an officer publishes it, two neighbours join until the who's-in threshold is met, the
 * organiser schedules a weekly session, residents book, the organiser records attendance (ticks,
 * a head-count and a sign-in sheet), and the dashboard shows exactly those numbers.
 */
describe('community project to dashboard journey', () => {
  let site: Site;
  const people = {
    organiser: { name: 'Amara Okafor', email: 'amara@example.test' },
    ben: { name: 'Ben Hollis', email: 'ben@example.test' },
    chloe: { name: 'Chloe Marsh', email: 'chloe@example.test' },
    dev: { name: 'Dev Walkin', email: 'dev@example.test' },
  };
  let officer: { email: string };
  const title = 'Thursday supper club';
  const sessionTitle = 'Cook and eat together';
  let projectId = '';
  let sessionId = '';
  let spaceId = '';
  let start: Date;
  let organiserPage: Page;
  let officerPage: Page;

  beforeAll(async () => {
    site = await startSite();
    const placeId = site.place.place.id;
    for (const p of Object.values(people)) {
      // Distinct names, so the sign-in sheet can name a person unambiguously.
      await site.testApp.services.accounts.createUser(system(placeId), {
        displayName: p.name,
        email: p.email,
        password: PASSWORD,
        role: 'resident',
      });
    }
    officer = await createUser(site.testApp.services, placeId, 'officer', 'officer@example.test');
    // Small-number suppression hides counts of fewer than 10 people by default; this journey has 3
    // named people, so the place shows counts from 1 up (the setting has no admin page yet).
    await site.testApp.services.places.updateSettings(system(placeId), {
      name: 'Testborough',
      settings: { suppressBelow: 1 },
    });
  });
  afterAll(async () => {
    // Unset when beforeAll failed; afterAll runs all the same.
    await (site as Site | undefined)?.close();
  });

  it('propose, publish, join, schedule, book, record and count', async () => {
    organiserPage = await (await site.newContext()).newPage();
    officerPage = await (await site.newContext()).newPage();
    const benPage = await (await site.newContext()).newPage();
    const chloePage = await (await site.newContext()).newPage();
    await signIn(organiserPage, people.organiser.email);
    await signIn(officerPage, officer.email);
    await signIn(benPage, people.ben.email);
    await signIn(chloePage, people.chloe.email);

    // The officer adds the space the sessions will use; the form's errors are accessible too.
    await officerPage.goto('/spaces/new');
    await onPage(officerPage, 'Add a space');
    await expectAccessible(officerPage);
    await officerPage.getByRole('button', { name: 'Save space' }).click();
    await officerPage.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await officerPage.title()).toMatch(/^Error: /);
    await expectAccessible(officerPage);
    await officerPage.getByLabel('Name').fill('Marsh Lane Hub');
    await officerPage.getByLabel('Community hub').check();
    await officerPage.getByLabel('Address').fill('12 Marsh Lane\nTestborough');
    await officerPage.getByLabel('Ward (optional)').selectOption({ label: 'North Ward' });
    await officerPage.getByLabel('How many people fit? (optional)').fill('30');
    await officerPage.getByRole('button', { name: 'Save space' }).click();
    await onPage(officerPage, 'Marsh Lane Hub');
    spaceId = new URL(officerPage.url()).pathname.split('/')[2]!;
    await expectAccessible(officerPage);

    // A resident proposes a project that needs 3 people (counting themselves) to start.
    await organiserPage.goto('/projects');
    await onPage(organiserPage, 'Projects in Testborough');
    await expectAccessible(organiserPage);
    await organiserPage.goto('/projects/new');
    await onPage(organiserPage, 'Propose a project');
    await expectAccessible(organiserPage);
    await organiserPage.getByRole('button', { name: 'Propose project' }).click();
    await organiserPage.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectAccessible(organiserPage);
    await organiserPage.getByLabel('Title').fill(title);
    await organiserPage.getByLabel('What is it?').fill('We cook a big pot of something and eat it together.');
    await organiserPage.getByLabel('Category').selectOption({ label: 'Cooking' });
    await organiserPage.getByLabel('Ward', { exact: true }).selectOption({ label: 'North Ward' });
    await organiserPage.getByLabel('How many people do you need to start? (optional)').fill('3');
    await organiserPage.getByRole('button', { name: 'Propose project' }).click();
    await onPage(organiserPage, title);
    projectId = new URL(organiserPage.url()).pathname.split('/')[2]!;
    expect(organiserPage.url()).toContain('?created=pending');
    expect(await organiserPage.locator('#progress').innerText()).toBe('1 of 3 people needed');
    await expectAccessible(organiserPage);

    // Pre-moderation (the default): no one else can see it, so no one can join, until it is published.
    expect((await benPage.goto(`/projects/${projectId}`))?.status()).toBe(404);

    // An officer publishes it from the queue.
    await officerPage.goto('/admin/projects');
    await onPage(officerPage, 'Projects to check');
    await expectAccessible(officerPage);
    await officerPage.getByRole('button', { name: `Publish ${title}` }).click();
    await officerPage.getByRole('heading', { name: 'Success' }).waitFor();
    expect(await officerPage.getByRole('alert').innerText()).toContain('Project published.');
    await expectAccessible(officerPage);

    // Two neighbours join until the threshold is met.
    await benPage.goto('/projects');
    await benPage.getByRole('link', { name: title }).click();
    await onPage(benPage, title);
    await expectAccessible(benPage);
    await benPage.getByRole('button', { name: "I'm in" }).click();
    await benPage.getByRole('heading', { name: 'Success' }).waitFor();
    expect(await benPage.locator('#progress').innerText()).toBe('2 of 3 people needed');
    await expectAccessible(benPage);

    await chloePage.goto(`/projects/${projectId}`);
    await onPage(chloePage, title);
    await chloePage.getByRole('button', { name: "I'm in" }).click();
    await chloePage.getByRole('heading', { name: 'Success' }).waitFor();
    expect(await chloePage.locator('#progress').innerText()).toBe('Enough people to start');
    expect(await chloePage.locator('#members').innerText()).toContain('3 people are in');
    await expectAccessible(chloePage);

    // The organiser schedules a weekly session, 4 times; an empty form first shows its errors.
    await organiserPage.goto(`/projects/${projectId}`);
    expect(await organiserPage.locator('#progress').innerText()).toBe('Enough people to start');
    await organiserPage.getByRole('link', { name: 'Schedule a session' }).click();
    await onPage(organiserPage, 'Schedule a session');
    await expectAccessible(organiserPage);
    await organiserPage.getByLabel('Title').fill('');
    await organiserPage.getByRole('button', { name: 'Schedule' }).click();
    await organiserPage.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await organiserPage.title()).toMatch(/^Error: /);
    await expectAccessible(organiserPage);

    start = firstStart();
    const l = london(start);
    await organiserPage.getByLabel('Title').fill(sessionTitle);
    await organiserPage.getByLabel('Space (optional)').selectOption({ value: spaceId });
    await organiserPage.locator('#date-day').fill(String(Number(l.day)));
    await organiserPage.locator('#date-month').fill(String(Number(l.month)));
    await organiserPage.locator('#date-year').fill(l.year);
    await organiserPage
      .getByLabel('Start time')
      .fill(`${String(l.hour).padStart(2, '0')}:${String(l.minute).padStart(2, '0')}`);
    await organiserPage.getByLabel('How long it lasts, in minutes').fill(String(DURATION));
    await organiserPage.getByRole('radio', { name: 'Every week' }).check();
    await organiserPage.getByRole('radio', { name: 'After a number of times' }).check();
    await organiserPage.getByLabel('Number of times', { exact: true }).fill('4');
    await organiserPage.getByLabel('Number of places (optional)').fill('12');
    await organiserPage.getByRole('radio', { name: 'No, people book a place' }).check();
    await organiserPage.getByRole('button', { name: 'Schedule' }).click();
    await onPage(organiserPage, sessionTitle);
    sessionId = new URL(organiserPage.url()).pathname.split('/')[2]!;
    expect(await organiserPage.getByRole('alert').innerText()).toContain('4 sessions scheduled. This is the first.');
    expect(await summaryValue(organiserPage, 'Places')).toBe('12 in total, 12 left');
    await expectAccessible(organiserPage);
    // Stored: one series of 4 weekly sessions for the project.
    const series = await site.testApp.services.db
      .select({ startsAt: sessions.startsAt, seriesId: sessions.seriesId })
      .from(sessions)
      .where(and(eq(sessions.placeId, site.place.place.id), eq(sessions.projectId, projectId)))
      .orderBy(asc(sessions.startsAt));
    expect(series).toHaveLength(4);
    expect(new Set(series.map((s) => s.seriesId)).size).toBe(1);
    expect(series[0]!.startsAt.getTime()).toBe(start.getTime());

    // Changing one session: the form and its error summary pass axe, and a bad value changes nothing.
    await organiserPage.goto(`/sessions/${sessionId}/change`);
    await onPage(organiserPage, 'Change this session');
    await expectAccessible(organiserPage);
    await organiserPage.getByLabel('Number of places (optional)').fill('0');
    await organiserPage.getByRole('button', { name: 'Save and tell people' }).click();
    await onPage(organiserPage, 'Change this session');
    expect(await organiserPage.locator('.govuk-error-summary').innerText()).toContain(
      'The number of places must be a whole number from 1 to 1,000',
    );
    await expectAccessible(organiserPage);
    const [unchanged] = await site.testApp.services.db
      .select({ capacity: sessions.capacity })
      .from(sessions)
      .where(eq(sessions.id, sessionId));
    expect(unchanged!.capacity).toBe(12);

    // Residents find it on What's on and book.
    await benPage.goto('/whats-on');
    await onPage(benPage, "What's on");
    await expectAccessible(benPage);
    await benPage.getByRole('link', { name: sessionTitle }).first().click();
    await onPage(benPage, sessionTitle);
    await expectAccessible(benPage);
    await benPage.getByRole('button', { name: 'Book a place' }).click();
    await benPage.getByRole('heading', { name: 'Success' }).waitFor();
    expect(await benPage.getByTestId('my-booking').innerText()).toBe('You have a place.');
    await expectAccessible(benPage);

    await chloePage.goto(`/sessions/${sessionId}`);
    await onPage(chloePage, sessionTitle);
    await chloePage.getByRole('button', { name: 'Book a place' }).click();
    await chloePage.getByRole('heading', { name: 'Success' }).waitFor();
    expect(await summaryValue(chloePage, 'Places')).toBe('12 in total, 10 left');

    // The organiser sees the bookings and ticks both on the register, with 4 drop-ins.
    await organiserPage.goto(`/sessions/${sessionId}`);
    const bookings = organiserPage.getByTestId('bookings');
    expect(await bookings.innerText()).toContain(people.ben.name);
    expect(await bookings.innerText()).toContain(people.chloe.name);
    await expectAccessible(organiserPage);
    await organiserPage.getByRole('link', { name: 'Record who came' }).click();
    await onPage(organiserPage, 'Record attendance');
    await expectAccessible(organiserPage);
    await organiserPage.getByRole('group', { name: people.ben.name }).getByLabel('Came to this session').check();
    await organiserPage.getByRole('group', { name: people.chloe.name }).getByLabel('Came to this session').check();
    await organiserPage.getByLabel('How many people came without being named?').fill('4');
    await organiserPage.getByRole('button', { name: 'Save attendance' }).click();
    await organiserPage.getByRole('heading', { name: 'Success' }).waitFor();
    expect(await organiserPage.getByRole('alert').innerText()).toContain('Attendance saved.');
    expect(new URL(organiserPage.url()).searchParams.get('saved')).toBe('6');
    await expectAccessible(organiserPage);

    // A paper sign-in sheet: first with a name nobody has, which is reported row by row and imports nothing.
    await organiserPage.getByRole('link', { name: 'import a paper sign-in sheet' }).click();
    await onPage(organiserPage, 'Import a sign-in sheet');
    await expectAccessible(organiserPage);
    await organiserPage.getByLabel('Or paste the sheet').fill('name,role\nNobody Heardof,participant\n');
    await organiserPage.getByRole('button', { name: 'Check the pasted sheet' }).click();
    await organiserPage.getByRole('heading', { name: 'There is a problem' }).waitFor();
    const problems = organiserPage.locator('#problems');
    expect(await problems.locator('tbody tr').count()).toBe(1);
    const problemRow = await problems.locator('tbody tr').first().innerText();
    expect(problemRow).toMatch(/^2\b/);
    expect(problemRow).toContain('Nobody Heardof');
    await expectAccessible(organiserPage);

    await organiserPage.getByLabel('Or paste the sheet').fill(`name,role\n${people.dev.name},participant\n`);
    await organiserPage.getByRole('button', { name: 'Check the pasted sheet' }).click();
    await onPage(organiserPage, 'Check the sign-in sheet before importing');
    expect(await organiserPage.locator('#summary').innerText()).toContain('1 person will be recorded');
    expect(await organiserPage.locator('#rows').innerText()).toContain(people.dev.name);
    await expectAccessible(organiserPage);
    await organiserPage.getByRole('button', { name: 'Import 1 person' }).click();
    await onPage(organiserPage, 'Record attendance');
    expect(await organiserPage.getByRole('alert').innerText()).toContain('Sign-in sheet imported: 1 person recorded.');
    // The register now has the two ticked bookers, the imported person, and the head-count kept.
    for (const p of [people.ben, people.chloe, people.dev]) {
      expect(
        await organiserPage.getByRole('group', { name: p.name }).getByLabel('Came to this session').isChecked(),
      ).toBe(true);
    }
    expect(await organiserPage.getByLabel('How many people came without being named?').inputValue()).toBe('4');
    await expectAccessible(organiserPage);

    // Stored: 3 named attendances and a head-count of 4.
    const register = await site.testApp.services.attendance.registerOf(site.place.place.id, sessionId);
    expect(register.recorded.map((r) => r.person.displayName).sort()).toEqual(
      [people.ben.name, people.chloe.name, people.dev.name].sort(),
    );
    expect(register.headcount).toBe(4);

    // The officer's dashboard, for the day of the session, shows exactly those numbers:
    // 3 unique people; 3 named + 4 head-counted = 7 attendances; 7 × 1.5 hours = 10.5 participation
    // hours; one session (the series' first) offering 12 places × 1.5 hours = 18 hours.
    const day = `${l.year}-${l.month}-${l.day}`;
    await officerPage.goto('/dashboard');
    await onPage(officerPage, 'Participation dashboard');
    await officerPage.getByRole('textbox', { name: 'From', exact: true }).fill(day);
    await officerPage.getByRole('textbox', { name: 'To', exact: true }).fill(day);
    await officerPage.getByRole('button', { name: 'Show figures' }).click();
    await officerPage.waitForURL(/\/dashboard\?/);
    await onPage(officerPage, 'Participation dashboard');
    expect(await summaryValue(officerPage, 'Unique participants')).toBe('3');
    expect(await summaryValue(officerPage, 'Attendances')).toBe('7 (3 named, 4 head-counted)');
    expect(await summaryValue(officerPage, 'Participation hours')).toBe('10.5');
    expect(await summaryValue(officerPage, 'Sessions')).toBe('1');
    expect(await summaryValue(officerPage, 'Hours offered')).toBe('18');
    await expectAccessible(officerPage);

    // The people who came see it on their own participation page.
    await benPage.goto('/account/participation');
    await onPage(benPage, 'Your participation');
    await expectAccessible(benPage);
    await benPage.goto('/account/calendar');
    await onPage(benPage, 'Your calendar link');
    await expectAccessible(benPage);
    await benPage.getByRole('button', { name: 'Make my calendar link' }).click();
    await onPage(benPage, 'Your calendar link');
    await expectAccessible(benPage);
  }, 240_000);

  it('the other new pages are accessible, and the public ones fit a 320px phone', async () => {
    expect(sessionId, 'the journey ran first').not.toBe('');
    await organiserPage.goto(`/projects/${projectId}/edit`);
    await onPage(organiserPage, 'Change the project');
    await expectAccessible(organiserPage);

    await officerPage.goto('/spaces');
    await onPage(officerPage, 'Spaces in Testborough');
    await expectAccessible(officerPage);
    await officerPage.goto(`/spaces/${spaceId}`);
    await onPage(officerPage, 'Marsh Lane Hub');
    await expectAccessible(officerPage);
    await officerPage.goto(`/projects/${projectId}`);
    await onPage(officerPage, title);
    await expectAccessible(officerPage);

    const phone = await (await site.newContext({ viewport: { width: 320, height: 640 } })).newPage();
    await signIn(phone, people.chloe.email);
    for (const [path, heading] of [
      ['/whats-on', "What's on"],
      ['/projects', 'Projects in Testborough'],
      [`/projects/${projectId}`, title],
      [`/sessions/${sessionId}`, sessionTitle],
      ['/spaces', 'Spaces in Testborough'],
    ] as const) {
      await phone.goto(path);
      await onPage(phone, heading);
      await expectNoHorizontalScroll(phone);
      await expectAccessible(phone);
    }
    const organiserPhone = await (await site.newContext({ viewport: { width: 320, height: 640 } })).newPage();
    await signIn(organiserPhone, people.organiser.email);
    for (const [path, heading] of [
      [`/sessions/${sessionId}/attendance`, 'Record attendance'],
      [`/sessions/${sessionId}/attendance/import`, 'Import a sign-in sheet'],
    ] as const) {
      await organiserPhone.goto(path);
      await onPage(organiserPhone, heading);
      await expectNoHorizontalScroll(organiserPhone);
    }
    const officerPhone = await (await site.newContext({ viewport: { width: 320, height: 640 } })).newPage();
    await signIn(officerPhone, officer.email);
    await officerPhone.goto('/dashboard');
    await onPage(officerPhone, 'Participation dashboard');
    await expectNoHorizontalScroll(officerPhone);
  }, 180_000);
});
