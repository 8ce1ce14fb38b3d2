import { describe, expect, it } from 'vitest';
import { $, errorSummary } from '../../../../test/helpers.js';
import { useWorld } from '../../../../test/kit/index.js';

const w = useWorld('signup');

describe('sign up, verify and sign in', () => {
  it('creates an account, emails a link that verifies it, and lets the person sign in', async () => {
    const b = await w.as(null);
    const res = await b.post('/sign-up', {
      displayName: 'Sam',
      email: 'Sam@Example.test',
      password: 'a long enough password',
      homeAreaId: '',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-up/check-your-email');

    const place = (await w.services.places.resolve(w.a.host))!;
    const [mail] = await w.services.mail.list(place.id);
    expect(mail!.toAddress).toBe('sam@example.test');
    const link = /https?:\/\/\S+\/verify-email\?token=(\S+)/.exec(mail!.body);
    expect(link).not.toBeNull();

    const confirm = await b.get(`/verify-email?token=${link![1]}`);
    expect(confirm.statusCode).toBe(200);
    const done = await b.post('/verify-email', { token: link![1]! }, `/verify-email?token=${link![1]}`);
    expect(done.statusCode).toBe(200);
    expect($(done.body)('h1').text()).toContain('Email address confirmed');
    const user = await w.services.accounts.findByEmail(place.id, 'sam@example.test');
    expect(user!.emailVerifiedAt).toBeInstanceOf(Date);

    await b.signIn('sam@example.test', 'a long enough password');
    const account = await b.get('/account');
    expect(account.statusCode).toBe(200);
    expect($(account.body)('.govuk-summary-list').text()).toContain('Sam');
  });

  it('re-renders with the GOV.UK error summary and stores nothing when fields are wrong', async () => {
    const b = await w.as(null);
    const res = await b.post('/sign-up', { displayName: '', email: 'not-an-email', password: 'short', homeAreaId: '' });
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([
      'Enter your name',
      'Enter an email address in the correct format, like name@example.com',
      'Password must be 12 characters or more',
    ]);
    expect($(res.body)('title').text()).toMatch(/^Error: /);
    const place = (await w.services.places.resolve(w.a.host))!;
    expect(await w.services.accounts.findByEmail(place.id, 'not-an-email')).toBeUndefined();
  });
});
