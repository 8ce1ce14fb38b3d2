import { and, count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiTokens, auditEvents, places, loginSessions, users } from '../../../../test/schema.js';
import { $, Browser, createPlace, createUser, errorSummary } from '../../../../test/helpers.js';
import { apiClient, problemOf, useWorld, type TestUser } from '../../../../test/kit/index.js';

let admin: TestUser;
let officer: TestUser;
let resident: TestUser;
const w = useWorld('admin', {
  setUp: ({ a }) => {
    ({ admin, officer, resident } = a.staff);
    return Promise.resolve();
  },
});

/** A browser on a place of the test's own (its only admin, or settings the test changes), signed in. */
async function onPlace(host: string, who: { email: string }) {
  const br = new Browser(w.t.app, host);
  await br.signIn(who.email);
  return br;
}

async function auditRows(action: string, subjectId?: string) {
  const where = [eq(auditEvents.placeId, w.a.place.id), eq(auditEvents.action, action)];
  if (subjectId) where.push(eq(auditEvents.subjectId, subjectId));
  return w.services.db
    .select()
    .from(auditEvents)
    .where(and(...where));
}

async function userCount(pid = w.a.place.id) {
  const [row] = await w.services.db.select({ n: count() }).from(users).where(eq(users.placeId, pid));
  return row!.n;
}

/** The action column of each row of the audit log page. */
function auditActions(html: string): string[] {
  const q = $(html);
  return q('table.govuk-table tbody tr')
    .map((_i, tr) => q(tr).find('td').eq(1).text().trim())
    .get();
}

describe('changing roles', () => {
  it('is refused to officers and residents (403) and sends anonymous people to sign in', async () => {
    const target = await w.person('resident');
    for (const who of [officer, resident]) {
      const b = await w.as(who);
      const res = await b.post(`/admin/people/${target.user.id}/role`, { role: 'admin' }, '/account');
      expect(res.statusCode).toBe(403);
      expect($(res.body)('h1').text()).toContain('You do not have permission');
    }
    const anon = await w.as(null);
    const res = await anon.post(`/admin/people/${target.user.id}/role`, { role: 'admin' }, '/sign-in');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/sign-in\?returnTo=/);
    const page = await anon.get(`/admin/people/${target.user.id}`);
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(`/admin/people/${target.user.id}`)}`);

    expect((await w.services.accounts.findPerson(w.a.place.id, target.user.id))!.role).toBe('resident');
    expect(await auditRows('account.role_changed', target.user.id)).toHaveLength(0);
  });

  it('officers can see a person but get no role form', async () => {
    const b = await w.as(officer);
    const res = await b.get(`/admin/people/${resident.user.id}`);
    expect(res.statusCode).toBe(200);
    expect($(res.body)(`form[action="/admin/people/${resident.user.id}/role"]`)).toHaveLength(0);
    const asAdmin = await (await w.as(admin)).get(`/admin/people/${resident.user.id}`);
    expect($(asAdmin.body)(`form[action="/admin/people/${resident.user.id}/role"]`)).toHaveLength(1);
  });

  it('stores the new role, signs the person out and records who changed it from what to what', async () => {
    const target = await w.person('resident');
    await w.as(target); // the target has a session
    expect(
      await w.services.db.select().from(loginSessions).where(eq(loginSessions.userId, target.user.id)),
    ).toHaveLength(1);

    const b = await w.as(admin);
    const res = await b.post(
      `/admin/people/${target.user.id}/role`,
      { role: 'officer' },
      `/admin/people/${target.user.id}`,
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/people/${target.user.id}?updated=role`);
    expect((await w.services.accounts.findPerson(w.a.place.id, target.user.id))!.role).toBe('officer');
    expect(
      await w.services.db.select().from(loginSessions).where(eq(loginSessions.userId, target.user.id)),
    ).toHaveLength(0);

    const rows = await auditRows('account.role_changed', target.user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actorType).toBe('user');
    expect(rows[0]!.actorId).toBe(admin.user.id);
    expect(rows[0]!.changes).toEqual({ role: { from: 'resident', to: 'officer' } });

    const page = await b.get(res.headers.location!);
    expect($(page.body)('.govuk-notification-banner').text()).toContain('Role changed to Council officer.');
  });

  it('cannot demote the last administrator', async () => {
    const p = await createPlace(w.services, 'one-admin.test');
    const only = await createUser(w.services, p.place.id, 'admin');
    const b = await onPlace(p.host, only);
    const res = await b.post(
      `/admin/people/${only.user.id}/role`,
      { role: 'resident' },
      `/admin/people/${only.user.id}`,
    );
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([
      'This is the only administrator. Make someone else an administrator first.',
    ]);
    expect($(res.body)('.govuk-error-summary a').attr('href')).toBe('#role');
    expect((await w.services.accounts.findPerson(p.place.id, only.user.id))!.role).toBe('admin');
  });

  it('answers 404 for an id that is not a person in this place', async () => {
    const b = await w.as(admin);
    const res = await b.post('/admin/people/00000000-0000-4000-8000-000000000000/role', { role: 'admin' }, '/account');
    expect(res.statusCode).toBe(404);
    const notUuid = await b.get('/admin/people/not-a-uuid');
    expect(notUuid.statusCode).toBe(404);
  });
});

describe('assisted accounts', () => {
  it('an officer creates an account without email, recording how consent was given', async () => {
    const before = await userCount();
    const b = await w.as(officer);
    const res = await b.post('/admin/people/assisted', {
      displayName: 'Ada Assisted',
      homeAreaId: w.a.wards[0]!.id,
      consentMethod: 'phone',
      consentConfirmed: 'yes',
    });
    expect(res.statusCode).toBe(303);
    const id = /^\/admin\/people\/([0-9a-f-]{36})\?updated=created$/.exec(res.headers.location!)?.[1];
    expect(id).toBeDefined();
    expect(await userCount()).toBe(before + 1);

    const person = (await w.services.accounts.findPerson(w.a.place.id, id!))!;
    expect(person.displayName).toBe('Ada Assisted');
    expect(person.email).toBeNull();
    expect(person.passwordHash).toBeNull();
    expect(person.assisted).toBe(true);
    expect(person.role).toBe('resident');
    expect(person.homeAreaId).toBe(w.a.wards[0]!.id);
    expect(person.consentMethod).toBe('phone');
    expect(person.consentRecordedBy).toBe(officer.user.id);
    expect(person.consentRecordedAt).toBeInstanceOf(Date);

    const rows = await auditRows('account.assisted_created', id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actorId).toBe(officer.user.id);
    expect(rows[0]!.changes).toMatchObject({ consentMethod: 'phone', homeAreaId: w.a.wards[0]!.id });
  });

  it('refuses without consent (422) and stores nothing', async () => {
    const before = await userCount();
    const auditBefore = (await auditRows('account.assisted_created')).length;
    const b = await w.as(officer);
    const res = await b.post('/admin/people/assisted', { displayName: 'No Consent', homeAreaId: w.a.wards[0]!.id });
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([
      'Select how they gave consent',
      'Confirm that they agreed to you creating the account',
    ]);
    // What was typed is kept.
    expect($(res.body)('input[name="displayName"]').attr('value')).toBe('No Consent');
    expect(await userCount()).toBe(before);
    expect((await auditRows('account.assisted_created')).length).toBe(auditBefore);
  });

  it('is not open to residents', async () => {
    const before = await userCount();
    const b = await w.as(resident);
    const res = await b.post(
      '/admin/people/assisted',
      { displayName: 'Sneaky', homeAreaId: w.a.wards[0]!.id, consentMethod: 'phone', consentConfirmed: 'yes' },
      '/account',
    );
    expect(res.statusCode).toBe(403);
    expect(await userCount()).toBe(before);
  });
});

describe('people list', () => {
  it('shows everyone with a message when the role filter is not one of the roles', async () => {
    const b = await w.as(officer);
    const res = await b.get('/admin/people?role=emperor&q=nobody-matches-this');
    expect(res.statusCode).toBe(200);
    expect(errorSummary(res.body)).toEqual(['Choose a role from the list']);
    expect($(res.body)('.govuk-error-summary a').attr('href')).toBe('#role');
    // The whole filter is dropped, the search included: everyone in the place is listed.
    expect($(res.body)('table.govuk-table tbody tr').length).toBe(await userCount());
  });
});

describe('audit log page', () => {
  it('is for administrators only', async () => {
    expect((await (await w.as(officer)).get('/admin/audit')).statusCode).toBe(403);
    expect((await (await w.as(resident)).get('/admin/audit')).statusCode).toBe(403);
  });

  it('filters by action', async () => {
    const b = await w.as(admin);
    const res = await b.get('/admin/audit?action=account.signed_in');
    expect(res.statusCode).toBe(200);
    const actions = auditActions(res.body);
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['account.signed_in']));
    const all = auditActions((await b.get('/admin/audit')).body);
    expect(new Set(all).size).toBeGreaterThan(1);
  });

  it('filters by actor', async () => {
    const b = await w.as(admin);
    const res = await b.get(`/admin/audit?actor=${officer.user.id}`);
    expect(res.statusCode).toBe(200);
    const q = $(res.body);
    const rows = q('table.govuk-table tbody tr');
    expect(rows.length).toBeGreaterThan(0);
    const actorLinks = rows.map((_i, tr) => q(tr).find('td').eq(2).find('a').attr('href')).get();
    expect(actorLinks).toHaveLength(rows.length);
    expect(new Set(actorLinks)).toEqual(new Set([`/admin/audit?actor=${officer.user.id}`]));
    const [{ n }] = (await w.services.db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.placeId, w.a.place.id), eq(auditEvents.actorId, officer.user.id)))) as [{ n: number }];
    expect(rows.length).toBe(Math.min(n, 50));
  });

  it('accepts any id the service issues as the actor, RFC 4122 version or not', async () => {
    const b = await w.as(admin);
    const res = await b.get('/admin/audit?actor=0000000A-0000-0000-0000-000000000000');
    expect(res.statusCode).toBe(200);
    expect(auditActions(res.body)).toEqual([]);
  });

  it('filters by date, with "to" including the whole of that day', async () => {
    const b = await w.as(admin);
    const today = new Date().toISOString().slice(0, 10);
    const inRange = await b.get(`/admin/audit?from=${today}&to=${today}`);
    expect(inRange.statusCode).toBe(200);
    expect(auditActions(inRange.body).length).toBeGreaterThan(0);

    const past = await b.get('/admin/audit?from=2001-01-01&to=2001-12-31');
    expect(past.statusCode).toBe(200);
    expect(auditActions(past.body)).toEqual([]);
    expect($(past.body)('main').text()).toContain('No entries match.');

    const future = await b.get('/admin/audit?from=2999-01-01');
    expect(auditActions(future.body)).toEqual([]);
  });

  it.each([
    ['from', 'yesterday', 'From must be a real date, like 2026-03-31'],
    ['from', '2026-13-01', 'From must be a real date, like 2026-03-31'],
    ['to', '2026-02-31', 'To must be a real date, like 2026-03-31'],
    ['actor', 'bob', 'Actor must be an account or token id'],
  ])('refuses %s=%s with 422 and a message', async (field, value, message) => {
    const b = await w.as(admin);
    const res = await b.get(`/admin/audit?${field}=${encodeURIComponent(value)}`);
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([message]);
    expect($(res.body)('.govuk-error-summary a').attr('href')).toBe(`#${field}`);
    expect($(res.body)(`#${field}`).attr('value')).toBe(value);
    expect(auditActions(res.body)).toEqual([]);
  });
});

/** The database's own message for a refused statement (drizzle wraps it as the cause). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const e = err as Error & { cause?: Error };
    return `${e.message}\n${e.cause?.message ?? ''}`;
  }
  throw new Error('The statement was not refused');
}

describe('audit rows are append-only', () => {
  it('refuses UPDATE and DELETE in the database itself', async () => {
    const [{ n: before }] = (await w.services.db.select({ n: count() }).from(auditEvents)) as [{ n: number }];
    expect(before).toBeGreaterThan(0);
    expect(await refusal(w.services.db.execute(sql`update audit_events set action = 'rewritten'`))).toMatch(
      /append-only: UPDATE refused/,
    );
    expect(await refusal(w.services.db.execute(sql`delete from audit_events`))).toMatch(/append-only: DELETE refused/);
    const [{ n: after }] = (await w.services.db.select({ n: count() }).from(auditEvents)) as [{ n: number }];
    expect(after).toBe(before);
    expect(await w.services.db.select().from(auditEvents).where(eq(auditEvents.action, 'rewritten'))).toHaveLength(0);
  });
});

describe('outbox', () => {
  it('lists messages and shows a message to administrators only', async () => {
    await w.services.mail.send(w.a.place.id, {
      to: 'someone@example.test',
      subject: 'Outbox test subject',
      body: 'Hello from the outbox test',
    });
    const [message] = (await w.services.mail.list(w.a.place.id)).filter((m) => m.subject === 'Outbox test subject');

    const b = await w.as(admin);
    const list = await b.get('/admin/outbox');
    expect(list.statusCode).toBe(200);
    const link = $(list.body)(`a[href="/admin/outbox/${message!.id}"]`);
    expect(link.text()).toBe('Outbox test subject');
    const one = await b.get(`/admin/outbox/${message!.id}`);
    expect(one.statusCode).toBe(200);
    expect($(one.body)('[data-testid="message-body"]').text()).toBe('Hello from the outbox test');

    for (const who of [officer, resident]) {
      const other = await w.as(who);
      for (const url of ['/admin/outbox', `/admin/outbox/${message!.id}`]) {
        const res = await other.get(url);
        expect(res.statusCode).toBe(403);
        expect($(res.body)('main').text()).not.toContain('Hello from the outbox test');
      }
    }
    const anon = await (await w.as(null)).get('/admin/outbox');
    expect(anon.statusCode).toBe(303);
  });
});

describe('API tokens', () => {
  it('shows a new token once; it works on the API until revoked, then gets 401 problem+json', async () => {
    const b = await w.as(admin);
    const created = await b.post('/admin/tokens', { name: 'Data warehouse', role: 'officer' });
    expect(created.statusCode).toBe(201);
    const secret = $(created.body)('[data-testid="new-token"]').text().trim();
    expect(secret).toMatch(/^cg_[A-Za-z0-9_-]{40,}$/);

    const [row] = await w.services.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.placeId, w.a.place.id), eq(apiTokens.name, 'Data warehouse')));
    expect(row!.role).toBe('officer');
    expect(row!.createdBy).toBe(admin.user.id);
    expect(row!.tokenHash).not.toContain(secret);
    expect(secret.startsWith(row!.prefix)).toBe(true);
    expect(await auditRows('api_token.created', row!.id)).toHaveLength(1);

    // Never shown again.
    const list = await b.get('/admin/tokens');
    expect($(list.body)('[data-testid="new-token"]')).toHaveLength(0);
    expect($(list.body)('main').text()).not.toContain(secret);

    const api = await apiClient(w.t.app, secret, w.a.host).get('/api/v1/place');
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ id: w.a.place.id, hostnames: [w.a.host] });

    const revoke = await b.post(`/admin/tokens/${row!.id}/revoke`, {}, '/admin/tokens');
    expect(revoke.statusCode).toBe(303);
    expect(revoke.headers.location).toBe('/admin/tokens?updated=revoked');
    expect(await auditRows('api_token.revoked', row!.id)).toHaveLength(1);

    const after = await apiClient(w.t.app, secret, w.a.host).get('/api/v1/place');
    expect(after.statusCode).toBe(401);
    expect(after.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(after.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('the API refuses a request with no token', async () => {
    const res = await (await w.api(null)).get('/api/v1/place');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problemOf(res, 401).detail).toMatch(/Authorization header/);
  });

  it('only administrators create tokens', async () => {
    const [{ n: before }] = (await w.services.db.select({ n: count() }).from(apiTokens)) as [{ n: number }];
    const res = await (await w.as(officer)).post('/admin/tokens', { name: 'Mine', role: 'admin' }, '/account');
    expect(res.statusCode).toBe(403);
    const [{ n: after }] = (await w.services.db.select({ n: count() }).from(apiTokens)) as [{ n: number }];
    expect(after).toBe(before);
  });
});

describe('place settings', () => {
  it('stores the new settings and records the change in the audit log', async () => {
    const p = await createPlace(w.services, 'settings.test');
    const a = await createUser(w.services, p.place.id, 'admin');
    const b = await onPlace(p.host, a);
    const res = await b.post('/admin/settings', {
      name: 'Renamed Borough',
      contactEmail: 'Help@Council.Example.gov.uk',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/settings?updated=1');
    const [row] = await w.services.db.select().from(places).where(eq(places.id, p.place.id));
    expect(row!.name).toBe('Renamed Borough');
    expect(row!.settings.contactEmail).toBe('help@council.example.gov.uk');

    const [event] = await w.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.placeId, p.place.id), eq(auditEvents.action, 'place.settings_changed')));
    expect(event!.actorId).toBe(a.user.id);
    expect(event!.changes).toMatchObject({ name: { from: p.place.name, to: 'Renamed Borough' } });

    // The new name is what people see.
    const home = await b.get('/');
    expect($(home.body)('.govuk-service-navigation__service-name').text().trim()).toBe('Renamed Borough');
  });

  it('sets the small-number threshold and the participation target, all three parts or none', async () => {
    const p = await createPlace(w.services, 'target.test');
    const b = await onPlace(p.host, await createUser(w.services, p.place.id, 'admin'));
    const ok = await b.post('/admin/settings', {
      name: p.place.name,
      suppressBelow: '5',
      targetResidents: '25,000',
      targetYears: '5',
      targetStart: '2026-04-01',
    });
    expect(ok.statusCode).toBe(303);
    const [row] = await w.services.db.select().from(places).where(eq(places.id, p.place.id));
    expect(row!.settings.suppressBelow).toBe(5);
    expect(row!.settings.participationTarget).toEqual({ residents: 25000, years: 5, startDate: '2026-04-01' });

    const partial = await b.post('/admin/settings', { name: p.place.name, suppressBelow: '0', targetResidents: '300' });
    expect(partial.statusCode).toBe(422);
    expect(errorSummary(partial.body)).toEqual([
      'The smallest count of people to show must be a whole number from 1 to 100',
      'Enter the number of years for the target',
      'Enter the date the target starts from',
    ]);
    const [after] = await w.services.db.select().from(places).where(eq(places.id, p.place.id));
    expect(after!.settings).toEqual(row!.settings);
  });

  it('is refused to officers', async () => {
    const res = await (await w.as(officer)).post('/admin/settings', { name: 'Officer Town' }, '/account');
    expect(res.statusCode).toBe(403);
    const [row] = await w.services.db.select().from(places).where(eq(places.id, w.a.place.id));
    expect(row!.name).not.toBe('Officer Town');
  });
});
