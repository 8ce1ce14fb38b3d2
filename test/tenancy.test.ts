import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditEvents, users } from './schema.js';
import { $, Browser, buildTestApp, createPlace, createUser, errorSummary, PASSWORD, type TestApp } from './helpers.js';

/**
 * One deployment serves many places. Nothing of one place may be read or changed from another's
 * host name: not accounts, sessions, people, roles, emails, tokens or the audit log.
 */
let t: TestApp;
type Place = Awaited<ReturnType<typeof createPlace>>;
type U = Awaited<ReturnType<typeof createUser>>;
let A: Place;
let B: Place;
let adminA: U, residentA: U, adminB: U, residentB: U;
let tokenA: string;
let tokenB: { id: string };
let outboxB: string;

beforeAll(async () => {
  t = await buildTestApp();
  A = await createPlace(t.services, 'a.test', { name: 'Place A' });
  B = await createPlace(t.services, 'b.test', { name: 'Place B' });
  adminA = await createUser(t.services, A.place.id, 'admin', 'admin-a@example.test');
  residentA = await createUser(t.services, A.place.id, 'resident', 'resident-a@example.test');
  adminB = await createUser(t.services, B.place.id, 'admin', 'admin-b@example.test');
  residentB = await createUser(t.services, B.place.id, 'resident', 'resident-b@example.test');
  const sys = (placeId: string) => ({ placeId, actor: { type: 'system' as const }, ip: null, requestId: null });
  tokenA = (await t.services.apiTokens.create(sys(A.place.id), { name: 'A token', role: 'admin', createdBy: null }))
    .secret;
  tokenB = (await t.services.apiTokens.create(sys(B.place.id), { name: 'B token', role: 'admin', createdBy: null }))
    .token;
  await t.services.mail.send(B.place.id, {
    to: 'resident-b@example.test',
    subject: 'Only for B',
    body: 'B private body',
  });
  outboxB = (await t.services.mail.list(B.place.id)).find((m) => m.subject === 'Only for B')!.id;
  // Some activity in B, so its audit log has rows to leak.
  await new Browser(t.app, B.host).signIn(residentB.email);
});
afterAll(() => t.close());

async function signedInAs(host: string, who: U) {
  const b = new Browser(t.app, host);
  await b.signIn(who.email);
  return b;
}

describe('accounts belong to one place', () => {
  it("a person of A cannot sign in on B's host with the same email and password", async () => {
    const b = new Browser(t.app, B.host);
    const res = await b.post('/sign-in', { email: residentA.email, password: PASSWORD, returnTo: '/' });
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual(['Enter a correct email address and password']);
    expect(res.cookies.find((c) => c.name === 'cg_session')).toBeUndefined();
  });

  it("A's session cookie sent to B's host signs nobody in", async () => {
    const b = await signedInAs(A.host, residentA);
    expect((await b.get('/account')).statusCode).toBe(200);
    b.host = B.host;
    const res = await b.get('/account');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?returnTo=%2Faccount');
    const home = await b.get('/');
    expect($(home.body)('form[action="/sign-out"]')).toHaveLength(0);
    // Back on A it still works: the cookie was not the problem, the host was.
    b.host = A.host;
    expect((await b.get('/account')).statusCode).toBe(200);
  });

  it("A's administrator gets nothing of B's admin pages through B's host", async () => {
    const b = await signedInAs(A.host, adminA);
    b.host = B.host;
    for (const url of [
      `/admin/people/${residentB.user.id}`,
      `/admin/people/${residentA.user.id}`,
      '/admin/people',
      '/admin/audit',
      `/admin/outbox/${outboxB}`,
    ]) {
      const res = await b.get(url);
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location, url).toMatch(/^\/sign-in\?returnTo=/);
    }
  });
});

describe("an administrator of B cannot reach A's people", () => {
  it("sees 404 for A's person and cannot change their role", async () => {
    const b = await signedInAs(B.host, adminB);
    const page = await b.get(`/admin/people/${residentA.user.id}`);
    expect(page.statusCode).toBe(404);
    expect($(page.body)('main').text()).not.toContain(residentA.email);

    const res = await b.post(`/admin/people/${residentA.user.id}/role`, { role: 'admin' }, '/admin/people');
    expect(res.statusCode).toBe(404);
    const [row] = await t.services.db.select().from(users).where(eq(users.id, residentA.user.id));
    expect(row!.role).toBe('resident');
    const [{ n }] = (await t.services.db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'account.role_changed'), eq(auditEvents.subjectId, residentA.user.id)))) as [
      { n: number },
    ];
    expect(n).toBe(0);
  });

  it("cannot revoke A's API token from B's host", async () => {
    const [rowA] = await t.services.db.select().from(apiTokens).where(eq(apiTokens.name, 'A token'));
    const b = await signedInAs(B.host, adminB);
    const res = await b.post(`/admin/tokens/${rowA!.id}/revoke`, {}, '/admin/tokens');
    expect(res.statusCode).toBe(404);
    const [after] = await t.services.db.select().from(apiTokens).where(eq(apiTokens.id, rowA!.id));
    expect(after!.revokedAt).toBeNull();
  });
});

describe('emails, tokens and lists stay in their place', () => {
  it("A's administrator cannot read B's outbox message by id", async () => {
    const b = await signedInAs(A.host, adminA);
    const res = await b.get(`/admin/outbox/${outboxB}`);
    expect(res.statusCode).toBe(404);
    expect($(res.body)('main').text()).not.toContain('B private body');
    const list = await b.get('/admin/outbox');
    expect(list.statusCode).toBe(200);
    expect($(list.body)(`a[href="/admin/outbox/${outboxB}"]`)).toHaveLength(0);
  });

  it("A's API token used on B's host is refused with 401 problem+json", async () => {
    const own = await t.app.inject({
      method: 'GET',
      url: '/api/v1/place',
      headers: { host: A.host, authorization: `Bearer ${tokenA}` },
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().id).toBe(A.place.id);

    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/place',
      headers: { host: B.host, authorization: `Bearer ${tokenA}` },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.status).toBe(401);
    expect(JSON.stringify(body)).not.toContain(B.place.id);
  });

  it("A's people list never shows B's people", async () => {
    const b = await signedInAs(A.host, adminA);
    const res = await b.get('/admin/people');
    expect(res.statusCode).toBe(200);
    const q = $(res.body);
    const hrefs = q('table a[href^="/admin/people/"]')
      .map((_i, a) => q(a).attr('href'))
      .get();
    expect(new Set(hrefs)).toEqual(new Set([`/admin/people/${adminA.user.id}`, `/admin/people/${residentA.user.id}`]));
    expect(q('main').text()).not.toContain('resident-b@example.test');
    // Searching for B's address finds nobody.
    const search = await b.get('/admin/people?q=resident-b');
    expect($(search.body)('table a[href^="/admin/people/"]')).toHaveLength(0);
  });

  it("A's audit log never shows B's rows", async () => {
    const b = await signedInAs(A.host, adminA);
    const res = await b.get('/admin/audit');
    expect(res.statusCode).toBe(200);
    const q = $(res.body);
    const rows = q('table.govuk-table tbody tr');
    const [{ n }] = (await t.services.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.placeId, A.place.id))) as [{ n: number }];
    expect(rows.length).toBe(n);
    const text = q('main').html()!;
    for (const id of [adminB.user.id, residentB.user.id, B.place.id, tokenB.id]) {
      expect(text).not.toContain(id);
      expect(text).not.toContain(id.slice(0, 8));
    }
    // Even when asked for B's actor directly.
    const direct = await b.get(`/admin/audit?actor=${residentB.user.id}`);
    expect($(direct.body)('table.govuk-table tbody tr')).toHaveLength(0);
  });
});

describe('unknown hosts', () => {
  it('get the GOV.UK 404 page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/', headers: { host: 'nowhere.test' } });
    expect(res.statusCode).toBe(404);
    const q = $(res.body);
    expect(q('h1').text()).toBe('Page not found');
    expect(q('main').text()).toContain('There is no Commonground place at this address.');
    expect(q('title').text()).toContain('Commonground');
  });

  it('cannot sign in', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { host: 'nowhere.test', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: residentA.email, password: PASSWORD }).toString(),
    });
    expect(res.statusCode).toBe(404);
    expect(res.cookies.find((c) => c.name === 'cg_session')).toBeUndefined();
  });

  it('get problem+json on the API', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/place',
      headers: { host: 'nowhere.test', authorization: `Bearer ${tokenA}` },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
