import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loginSessions, signInFailures, users } from '../../../../test/schema.js';
import { hashToken } from '../../../platform/tokens.js';
import { $, Browser, createPlace, createUser, errorSummary, PASSWORD } from '../../../../test/helpers.js';
import { useWorld } from '../../../../test/kit/index.js';

const w = useWorld('flows');

const NEW_PASSWORD = 'a brand new password 42';

async function outboxTo(address: string) {
  return (await w.services.mail.list(w.a.place.id, 500)).filter((m) => m.toAddress === address);
}

function linkToken(body: string, path: string): string {
  const m = new RegExp(`https?://\\S+${path}\\?token=(\\S+)`).exec(body);
  if (!m) throw new Error(`No ${path} link in: ${body}`);
  return m[1]!;
}

async function sessionsOf(userId: string) {
  return w.services.db.select().from(loginSessions).where(eq(loginSessions.userId, userId));
}

async function signedIn(b: Browser): Promise<boolean> {
  const res = await b.get('/account');
  if (res.statusCode === 200) return true;
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/sign-in?returnTo=%2Faccount');
  return false;
}

describe('password reset', () => {
  it('emails a link that works once, signs out old sessions and lets the person sign in with the new password', async () => {
    const { user, email } = await w.person('resident');
    const elsewhere = await w.as(null);
    await elsewhere.signIn(email);
    expect(await signedIn(elsewhere)).toBe(true);

    const b = await w.as(null);
    const res = await b.post('/forgot-password', { email: email.toUpperCase() });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/forgot-password/check-your-email');
    const check = await b.get(res.headers.location!);
    expect($(check.body)('h1').text()).toContain('Check your email');

    const mails = await outboxTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/Reset your password/);
    const token = linkToken(mails[0]!.body, '/reset-password');

    const form = await b.get(`/reset-password?token=${token}`);
    expect(form.statusCode).toBe(200);
    expect($(form.body)('input[name="token"]').attr('value')).toBe(token);

    const done = await b.post('/reset-password', { token, password: NEW_PASSWORD }, `/reset-password?token=${token}`);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/sign-in?reset=1');

    // Every existing session is gone, including the one on the other device.
    expect(await sessionsOf(user.id)).toHaveLength(0);
    expect(await signedIn(elsewhere)).toBe(false);

    // The link works once.
    const again = await b.get(`/reset-password?token=${token}`);
    expect(again.statusCode).toBe(404);
    expect($(again.body)('h1').text()).toContain('Page not found');
    const replay = await b.post('/reset-password', { token, password: 'yet another password 99' }, '/forgot-password');
    expect(replay.statusCode).toBe(404);

    // The old password no longer works; the new one does.
    const old = await (await w.as(null)).post('/sign-in', { email, password: PASSWORD, returnTo: '/' });
    expect(old.statusCode).toBe(422);
    const fresh = await w.as(null);
    await fresh.signIn(email, NEW_PASSWORD);
    expect(await signedIn(fresh)).toBe(true);
    // And the person is told by email that the password changed.
    expect((await outboxTo(email)).map((m) => m.subject)).toContain('Your password has been changed');
  });

  it('shows the same "check your email" page for an unknown address and sends nothing', async () => {
    const before = (await w.services.mail.list(w.a.place.id, 500)).length;
    const b = await w.as(null);
    const res = await b.post('/forgot-password', { email: 'nobody-here@example.test' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/forgot-password/check-your-email');
    expect((await w.services.mail.list(w.a.place.id, 500)).length).toBe(before);
  });

  it('refuses a made-up reset token', async () => {
    const b = await w.as(null);
    const res = await b.get('/reset-password?token=not-a-real-token-at-all');
    expect(res.statusCode).toBe(404);
    expect($(res.body)('main').text()).toContain('expired or has already been used');
  });
});

describe('change of email address', () => {
  it('needs the password, confirms by a link to the new address, warns the old one and changes only once confirmed', async () => {
    const { user, email } = await w.person('resident');
    const b = await w.as(null);
    await b.signIn(email);
    const newEmail = `changed-${user.id.slice(0, 8)}@example.test`;

    const wrong = await b.post('/account/email', { email: newEmail, password: 'not my password' });
    expect(wrong.statusCode).toBe(422);
    expect(errorSummary(wrong.body)).toEqual(['Your password is not correct']);
    expect(await outboxTo(newEmail)).toHaveLength(0);

    const res = await b.post('/account/email', { email: newEmail, password: PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account/email/check-your-email');

    const [confirm] = await outboxTo(newEmail);
    expect(confirm!.subject).toMatch(/Confirm your new email address/);
    const token = linkToken(confirm!.body, '/confirm-email');
    const notices = (await outboxTo(email)).filter((m) => m.subject === 'Your email address is being changed');
    expect(notices).toHaveLength(1);
    // The old address must not receive the link that would complete the change.
    expect(notices[0]!.body).not.toContain(token);

    // Not changed yet.
    expect((await w.services.accounts.findPerson(w.a.place.id, user.id))!.email).toBe(email);

    const page = await b.get(`/confirm-email?token=${token}`);
    expect(page.statusCode).toBe(200);
    const done = await b.post('/confirm-email', { token }, `/confirm-email?token=${token}`);
    expect(done.statusCode).toBe(200);
    expect($(done.body)('h1').text()).toContain('Email address changed');
    expect((await w.services.accounts.findPerson(w.a.place.id, user.id))!.email).toBe(newEmail);

    // The link works once.
    const replay = await b.post('/confirm-email', { token }, `/confirm-email?token=${token}`);
    expect(replay.statusCode).toBe(404);

    const again = await w.as(null);
    await again.signIn(newEmail);
    expect(await signedIn(again)).toBe(true);
    const old = await (await w.as(null)).post('/sign-in', { email, password: PASSWORD, returnTo: '/' });
    expect(old.statusCode).toBe(422);
  });
});

describe('change password', () => {
  it('refuses a wrong current password with 422 and changes nothing', async () => {
    const { user, email } = await w.person('resident');
    const b = await w.as(null);
    await b.signIn(email);
    const before = (await w.services.accounts.findPerson(w.a.place.id, user.id))!.passwordHash;
    const res = await b.post('/account/password', { currentPassword: 'wrong password here', password: NEW_PASSWORD });
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual(['Your current password is not correct']);
    expect($(res.body)('.govuk-error-summary a').attr('href')).toBe('#currentPassword');
    expect((await w.services.accounts.findPerson(w.a.place.id, user.id))!.passwordHash).toBe(before);
  });

  it('changes the password, keeps this session and signs out every other one', async () => {
    const { user, email } = await w.person('resident');
    const here = await w.as(null);
    const there = await w.as(null);
    await here.signIn(email);
    await there.signIn(email);
    expect(await sessionsOf(user.id)).toHaveLength(2);

    const res = await here.post('/account/password', { currentPassword: PASSWORD, password: NEW_PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account?updated=password');

    const left = await sessionsOf(user.id);
    expect(left).toHaveLength(1);
    expect(left[0]!.idHash).toBe(hashToken(here.cookies.get('cg_session')!));
    expect(await signedIn(here)).toBe(true);
    expect(await signedIn(there)).toBe(false);

    const b = await w.as(null);
    await b.signIn(email, NEW_PASSWORD);
  });
});

describe('sign out', () => {
  it('deletes the session row and clears the cookie, so the old cookie no longer signs anyone in', async () => {
    const { user, email } = await w.person('resident');
    const b = await w.as(null);
    await b.signIn(email);
    const token = b.cookies.get('cg_session')!;
    expect(token).toBeTruthy();
    expect(await sessionsOf(user.id)).toHaveLength(1);

    const res = await b.post('/sign-out', {}, '/account');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const cleared = res.cookies.find((c) => c.name === 'cg_session');
    expect(cleared).toBeDefined();
    expect(cleared!.value).toBe('');
    expect(cleared!.expires!.getTime()).toBeLessThan(Date.now());
    expect(await sessionsOf(user.id)).toHaveLength(0);

    // Someone who copied the cookie before sign-out gets nothing.
    const thief = await w.as(null);
    thief.cookies.set('cg_session', token);
    expect(await signedIn(thief)).toBe(false);
  });
});

describe('personal data export', () => {
  it('downloads JSON with the name and email and never the password hash', async () => {
    const { user, email } = await w.person('resident');
    const b = await w.as(null);
    await b.signIn(email);
    const res = await b.get('/account/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers['cache-control']).toBe('no-store');
    const data = JSON.parse(res.body) as { account: Record<string, unknown> };
    expect(data.account.id).toBe(user.id);
    expect(data.account.name).toBe(user.displayName);
    expect(data.account.email).toBe(email);
    const stored = (await w.services.accounts.findPerson(w.a.place.id, user.id))!;
    expect(res.body).not.toContain(stored.passwordHash!);
    expect(res.body).not.toMatch(/scrypt\$/);
    expect(res.body.toLowerCase()).not.toContain('passwordhash');
  });

  it('needs the person to be signed in', async () => {
    const res = await (await w.as(null)).get('/account/export');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?returnTo=%2Faccount%2Fexport');
  });
});

describe('delete account', () => {
  it('needs the password, then removes the user row and signs the person out', async () => {
    const { user, email } = await w.person('resident');
    const b = await w.as(null);
    await b.signIn(email);

    const wrong = await b.post('/account/delete', { password: 'not the password' });
    expect(wrong.statusCode).toBe(422);
    expect(errorSummary(wrong.body)).toEqual(['Your password is not correct']);
    expect(await w.services.accounts.findPerson(w.a.place.id, user.id)).toBeDefined();

    const res = await b.post('/account/delete', { password: PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/?deleted=1');
    expect(await w.services.accounts.findPerson(w.a.place.id, user.id)).toBeUndefined();
    expect(await w.services.db.select().from(users).where(eq(users.id, user.id))).toHaveLength(0);
    expect(await sessionsOf(user.id)).toHaveLength(0);
    expect(await signedIn(b)).toBe(false);
    const again = await (await w.as(null)).post('/sign-in', { email, password: PASSWORD, returnTo: '/' });
    expect(again.statusCode).toBe(422);
  });

  it('does not let the last administrator delete themselves', async () => {
    // A place of its own, so no other test's admins count.
    const p = await createPlace(w.services, 'lonely-admin.test');
    const { user, email } = await createUser(w.services, p.place.id, 'admin');
    const b = new Browser(w.t.app, p.host);
    await b.signIn(email);
    const res = await b.post('/account/delete', { password: PASSWORD });
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([
      'You are the only administrator. Make someone else an administrator first.',
    ]);
    expect(await w.services.accounts.findPerson(p.place.id, user.id)).toBeDefined();

    // With a second administrator it is allowed.
    await createUser(w.services, p.place.id, 'admin');
    const ok = await b.post('/account/delete', { password: PASSWORD });
    expect(ok.statusCode).toBe(303);
    expect(await w.services.accounts.findPerson(p.place.id, user.id)).toBeUndefined();
  });
});

describe('sign-in rate limit', () => {
  it('refuses the attempt after the limit, even with the right password, with 429, a clear message and retry-after', async () => {
    const { user, email } = await w.person('resident');
    const max = w.services.config.signIn.maxAttempts;
    expect(max).toBe(5);
    for (let i = 0; i < max; i++) {
      const res = await (
        await w.as(null)
      ).post('/sign-in', {
        email,
        password: `wrong password ${i}`,
        returnTo: '/',
      });
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toEqual(['Enter a correct email address and password']);
    }
    const b = await w.as(null);
    const res = await b.post('/sign-in', { email, password: PASSWORD, returnTo: '/' });
    expect(res.statusCode).toBe(429);
    const [message] = errorSummary(res.body);
    expect(message).toMatch(
      /^You have tried to sign in too many times\. Wait \d+ minutes? and try again, or reset your password\.$/,
    );
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // No session was started.
    expect(res.cookies.find((c) => c.name === 'cg_session')).toBeUndefined();
    expect(await sessionsOf(user.id)).toHaveLength(0);
    // The email field keeps what was typed; the password is never echoed.
    expect($(res.body)('input[name="email"]').attr('value')).toBe(email);
    expect($(res.body)('input[name="password"]').attr('value') ?? '').toBe('');

    // Another person's account is not locked by these failures.
    const other = await w.person('resident');
    await (await w.as(null)).signIn(other.email);
  });

  it('clears the per-address failures after a successful sign-in', async () => {
    const { email } = await w.person('resident');
    for (let i = 0; i < 2; i++) {
      await (await w.as(null)).post('/sign-in', { email, password: 'wrong password', returnTo: '/' });
    }
    const key = `email:${hashToken(email)}`;
    const where = and(eq(signInFailures.placeId, w.a.place.id), eq(signInFailures.key, key));
    expect(await w.services.db.select().from(signInFailures).where(where)).toHaveLength(2);
    await (await w.as(null)).signIn(email);
    expect(await w.services.db.select().from(signInFailures).where(where)).toHaveLength(0);
  });
});

describe('unverified email address', () => {
  const warning = 'You have not confirmed your email address yet';

  it('shows a warning on /account until the address is confirmed', async () => {
    const b = await w.as(null);
    const signUp = await b.post('/sign-up', {
      displayName: 'Una Verified',
      email: 'una@example.test',
      password: 'a long enough password',
      homeAreaId: '',
    });
    expect(signUp.statusCode).toBe(303);
    await b.signIn('una@example.test', 'a long enough password');
    const page = await b.get('/account');
    expect(page.statusCode).toBe(200);
    expect($(page.body)('.govuk-warning-text').text()).toContain(warning);
  });

  it('shows no warning to a verified person', async () => {
    const { email } = await w.person('resident');
    const b = await w.as(null);
    await b.signIn(email);
    const page = await b.get('/account');
    expect(page.statusCode).toBe(200);
    expect($(page.body)('main').text()).not.toContain(warning);
  });
});
