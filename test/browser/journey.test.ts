import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, onPage, signIn, startSite, type Site } from './support.js';

/**
 * The journey, in a real browser: a resident signs up, an admin passes on the verification
 * link from the outbox, the resident confirms and signs in, and the admin makes them an organiser.
 * Every page on the way is checked with axe for WCAG 2.2 A/AA.
 */
describe('sign-up to organiser journey', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(async () => {
    // Unset when beforeAll failed; afterAll runs all the same.
    await (site as Site | undefined)?.close();
  });

  it('a resident signs up, confirms their email and signs in; an admin makes them an organiser', async () => {
    const resident = { name: 'Priya Resident', email: 'priya@example.test', password: 'three random words here' };
    const residentPage = await (await site.newContext()).newPage();
    const adminPage = await (await site.newContext()).newPage();

    // The resident finds the sign-up form from the home page.
    await residentPage.goto('/');
    await expectAccessible(residentPage);
    await residentPage.getByRole('link', { name: 'Create an account' }).first().click();
    await onPage(residentPage, 'Create an account');
    await expectAccessible(residentPage);

    // Submitting the form empty shows the GOV.UK error summary, which must be accessible too.
    await residentPage.getByRole('button', { name: 'Create account' }).click();
    await residentPage.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await residentPage.title()).toMatch(/^Error: /);
    await expectAccessible(residentPage);

    await residentPage.getByLabel('Your name').fill(resident.name);
    await residentPage.getByLabel('Email address').fill(resident.email);
    await residentPage.getByLabel('Create a password').fill(resident.password);
    await residentPage.getByLabel('Your home ward (optional)').selectOption({ label: 'South Ward' });
    await residentPage.getByRole('button', { name: 'Create account' }).click();
    await onPage(residentPage, 'Check your email');
    await expectAccessible(residentPage);

    // An admin reads the verification email in the outbox.
    await adminPage.goto('/sign-in');
    await expectAccessible(adminPage);
    await signIn(adminPage, site.admin.email, site.admin.password);
    await expectAccessible(adminPage);
    await adminPage.goto('/admin/outbox');
    await onPage(adminPage, 'Outbox');
    await expectAccessible(adminPage);
    // Newest first: the first row to this address is the latest message.
    const row = adminPage.getByRole('row').filter({ hasText: resident.email }).first();
    await row.getByRole('link', { name: /Confirm your email address/ }).click();
    await onPage(adminPage, /Confirm your email address/);
    await expectAccessible(adminPage);
    const body = await adminPage.locator('[data-testid=message-body]').innerText();
    const link = body.match(/https?:\/\/\S+\/verify-email\?token=\S+/)?.[0];
    expect(link, `no verification link in:\n${body}`).toBeDefined();
    expect(new URL(link!).origin).toBe(site.baseURL);

    // The resident opens the link and confirms.
    await residentPage.goto(link!);
    await onPage(residentPage, 'Confirm your email address');
    await expectAccessible(residentPage);
    await residentPage.getByRole('button', { name: 'Confirm my email address' }).click();
    await onPage(residentPage, 'Email address confirmed');
    await expectAccessible(residentPage);

    // The resident signs in.
    await residentPage.getByRole('link', { name: 'Sign in' }).first().click();
    await onPage(residentPage, 'Sign in');
    await signIn(residentPage, resident.email, resident.password);
    await expectAccessible(residentPage);
    await residentPage.goto('/account');
    await residentPage.getByRole('heading', { level: 1 }).waitFor();
    expect(await residentPage.locator('main').innerText()).toContain('South Ward');
    await expectAccessible(residentPage);

    // The admin finds them in People and roles and makes them an organiser.
    await adminPage.goto('/admin/people');
    await onPage(adminPage, 'People and roles');
    await expectAccessible(adminPage);
    await adminPage.getByLabel('Name or email address').fill(resident.email);
    await adminPage.getByRole('button', { name: 'Search' }).click();
    await adminPage.waitForURL(/\/admin\/people\?/);
    await expectAccessible(adminPage);
    await adminPage.getByRole('link', { name: resident.name }).click();
    await onPage(adminPage, resident.name);
    await expectAccessible(adminPage);
    await adminPage.getByRole('group', { name: 'Change role' }).getByLabel('Organiser').check();
    await adminPage.getByRole('button', { name: 'Save role' }).click();
    // The GOV.UK success banner (role=alert, titled "Success").
    const banner = adminPage.getByRole('alert').filter({ has: adminPage.getByRole('heading', { name: 'Success' }) });
    await banner.waitFor();
    expect(await banner.innerText()).toContain('Role changed to Organiser');
    expect(adminPage.url()).toContain('?updated=role');
    await expectAccessible(adminPage);

    // The audit log records it.
    await adminPage.goto('/admin/audit');
    await onPage(adminPage, 'Audit log');
    await adminPage.getByRole('cell', { name: 'account.role_changed', exact: true }).first().waitFor();
    await expectAccessible(adminPage);

    // Stored, not just shown.
    const person = await site.testApp.services.accounts.findPerson(
      site.place.place.id,
      (await site.testApp.services.accounts.listPeople(site.place.place.id, { search: resident.email }, 10, 0))[0]!.id,
    );
    expect(person?.role).toBe('organiser');
    expect(person?.emailVerifiedAt).toBeTruthy();
  }, 120_000);
});
