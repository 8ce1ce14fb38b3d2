import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/platform/db.js';
import { $, Browser, buildTestApp, createPlace, createUser, errorSummary, PASSWORD, type TestApp } from './helpers.js';
import { apiClient, expectSameTables, problemOf, snapshotTables, tokenFor, type TableSnapshot } from './kit/index.js';
import { bodyRoutes, canonicalRoute, declaredBadInputCoverage, recordRoutes } from './kit/routes.js';

/**
 * Bad input to the forms of accounts, sign-in and administration, and to the JSON bodies of the
 * areas API, fed what real people and attackers send. Each check asserts three things: a clear
 * error is visible, nothing was stored (every table, as the schemas declare them), nothing was
 * executed. Every other route that takes a body is listed in NOT_HERE with where it is covered,
 * or that it is not yet: the last test fails when a route is in neither.
 */
let t: TestApp;
let host: string;
let placeId: string;
let wardId: string;
let resident: Awaited<ReturnType<typeof createUser>>;
let officer: Awaited<ReturnType<typeof createUser>>;
let admin: Awaited<ReturnType<typeof createUser>>;
let roleTarget: Awaited<ReturnType<typeof createUser>>;
let resetToken: string;

const SCRIPT = '<script>alert(1)</script>';
const SQLI = "Robert'); DROP TABLE users;--";
const LONG = 'x'.repeat(10_000);

let exercised: Set<string>;

beforeAll(async () => {
  t = await buildTestApp();
  exercised = recordRoutes(t.app);
  const p = await createPlace(t.services, 'bad-input.test', { isDefault: true });
  host = p.host;
  placeId = p.place.id;
  wardId = p.wards[0]!.id;
  resident = await createUser(t.services, placeId, 'resident');
  officer = await createUser(t.services, placeId, 'officer');
  admin = await createUser(t.services, placeId, 'admin');
  roleTarget = await createUser(t.services, placeId, 'resident');
  const forgetful = await createUser(t.services, placeId, 'resident');
  await t.services.accounts.requestPasswordReset(
    { placeId, actor: { type: 'anonymous' }, ip: null, requestId: null },
    forgetful.email,
    { baseUrl: `http://${host}`, placeName: 'Test' },
  );
  const mail = (await t.services.mail.list(placeId)).find((m) => m.toAddress === forgetful.email)!;
  resetToken = /\/reset-password\?token=(\S+)/.exec(mail.body)![1]!;
});
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------
// What "nothing stored" and "nothing executed" mean, checked against the database and the page.

async function rows(query: SQL): Promise<Record<string, unknown>[]> {
  return (await queryRows(t.services.db, query)).map((r) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>);
}

/** Every table, as the schema files declare them: a new module's tables are covered without a list. */
const snapshot = (): Promise<TableSnapshot> => snapshotTables(t.database);

async function usersTableExists(): Promise<boolean> {
  const [row] = await rows(sql`select to_regclass('public.users')::text as t`);
  return row!.t === 'users';
}

/** No script the attacker wrote made it into the page: every script is ours, and no inline handlers. */
function expectNothingExecutable(html: string) {
  const q = $(html);
  q('script').each((_i, el) => {
    const src = q(el).attr('src');
    if (src) expect(src).toMatch(/^\/assets\//);
    else expect(q(el).text()).toMatch(/^document\.body\.className \+= ' js-enabled'/);
    expect(q(el).text()).not.toContain('alert(1)');
  });
  q('*').each((_i, el) => {
    for (const name of Object.keys((el as unknown as { attribs: Record<string, string> }).attribs)) {
      expect(name.startsWith('on'), `inline handler ${name}`).toBe(false);
    }
  });
}

async function signedInBrowser(who: { email: string } | null) {
  const b = new Browser(t.app, host);
  if (who) await b.signIn(who.email);
  return b;
}

/** Posts a form with a fresh CSRF token, taking a database snapshot just before. */
async function submit(
  who: { email: string } | null,
  url: string,
  form: Record<string, string | string[]>,
  formPage = url,
) {
  const b = await signedInBrowser(who);
  const token = await b.csrf(formPage);
  const before = await snapshot();
  const res = await b.postRaw(url, { _csrf: token, ...form });
  return { res, before, b };
}

async function expectUnchanged(before: TableSnapshot) {
  expect(await usersTableExists()).toBe(true);
  expectSameTables(before, await snapshot());
}

// ---------------------------------------------------------------------------------------------
// Every form of the service.

type FormCase = {
  name: string;
  url: () => string;
  formPage?: () => string;
  who: () => { email: string } | null;
  valid: () => Record<string, string>;
  /** Fields a person fills in (not hidden ones). */
  fields: string[];
};

const forms: FormCase[] = [
  {
    name: 'sign up',
    url: () => '/sign-up',
    who: () => null,
    valid: () => ({
      displayName: 'Val Id',
      email: 'valid-sign-up@example.test',
      password: 'a long enough password',
      homeAreaId: '',
    }),
    fields: ['displayName', 'email', 'password', 'homeAreaId'],
  },
  {
    name: 'sign in',
    url: () => '/sign-in',
    who: () => null,
    valid: () => ({ email: resident.email, password: PASSWORD, returnTo: '/' }),
    fields: ['email', 'password'],
  },
  {
    name: 'forgot password',
    url: () => '/forgot-password',
    who: () => null,
    valid: () => ({ email: resident.email }),
    fields: ['email'],
  },
  {
    name: 'reset password',
    url: () => '/reset-password',
    formPage: () => `/reset-password?token=${resetToken}`,
    who: () => null,
    valid: () => ({ token: resetToken, password: 'a new long password' }),
    fields: ['password'],
  },
  {
    name: 'account details',
    url: () => '/account/details',
    who: () => resident,
    valid: () => ({ displayName: 'Changed Name', homeAreaId: wardId }),
    fields: ['displayName', 'homeAreaId'],
  },
  {
    name: 'change email',
    url: () => '/account/email',
    who: () => resident,
    valid: () => ({ email: 'a-new-address@example.test', password: PASSWORD }),
    fields: ['email', 'password'],
  },
  {
    name: 'change password',
    url: () => '/account/password',
    who: () => resident,
    valid: () => ({ currentPassword: PASSWORD, password: 'another long password' }),
    fields: ['currentPassword', 'password'],
  },
  {
    name: 'delete account',
    url: () => '/account/delete',
    who: () => resident,
    valid: () => ({ password: PASSWORD }),
    fields: ['password'],
  },
  {
    name: 'admin role',
    url: () => `/admin/people/${roleTarget.user.id}/role`,
    formPage: () => `/admin/people/${roleTarget.user.id}`,
    who: () => admin,
    valid: () => ({ role: 'officer' }),
    fields: ['role'],
  },
  {
    name: 'assisted account',
    url: () => '/admin/people/assisted',
    who: () => officer,
    valid: () => ({
      displayName: 'Assisted Person',
      homeAreaId: wardId,
      consentMethod: 'phone',
      consentConfirmed: 'yes',
    }),
    fields: ['displayName', 'homeAreaId', 'consentMethod', 'consentConfirmed'],
  },
  {
    name: 'API tokens',
    url: () => '/admin/tokens',
    who: () => admin,
    valid: () => ({ name: 'A token name', role: 'officer' }),
    fields: ['name', 'role'],
  },
  {
    name: 'settings',
    url: () => '/admin/settings',
    who: () => admin,
    valid: () => ({ name: 'A place name', contactEmail: 'help@council.example.gov.uk' }),
    fields: ['name', 'contactEmail'],
  },
];

const perField = forms.flatMap((f) => f.fields.map((field) => ({ form: f, field, label: `${f.name}: ${field}` })));

/** A 422 re-render whose error summary names `field` (by link) with a message, and that stored nothing. */
async function expectFieldRefused(res: Awaited<ReturnType<typeof submit>>, field: string | null) {
  expect(res.res.statusCode).toBe(422);
  const q = $(res.res.body);
  expect(q('title').text()).toMatch(/^Error: /);
  const messages = errorSummary(res.res.body);
  expect(messages.length).toBeGreaterThan(0);
  for (const m of messages) expect(m.length).toBeGreaterThan(5);
  if (field) {
    const hrefs = q('.govuk-error-summary__list a')
      .map((_i, a) => q(a).attr('href'))
      .get();
    expect(hrefs).toContain(`#${field}`);
    // The inline message sits by the field too.
    expect(q('.govuk-error-message').length).toBeGreaterThan(0);
  }
  expectNothingExecutable(res.res.body);
  await expectUnchanged(res.before);
}

describe('every form', () => {
  it.each(forms)('$name: the form page has a CSRF token and renders', async (f) => {
    const b = await signedInBrowser(f.who());
    const res = await b.get((f.formPage ?? f.url)());
    expect(res.statusCode).toBe(200);
    const q = $(res.body);
    const form = q(`form[method="post"][action="${f.url()}"]`);
    expect(form).toHaveLength(1);
    expect(form.find('input[name="_csrf"]').attr('value')).toBeTruthy();
    for (const field of f.fields) expect(form.find(`[name="${field}"]`).length, field).toBeGreaterThan(0);
  });

  it.each(forms)('$name: all fields empty → 422 with messages, nothing stored', async (f) => {
    const empty = Object.fromEntries(f.fields.map((k) => [k, '']));
    const res = await submit(f.who(), f.url(), { ...f.valid(), ...empty }, f.formPage?.());
    await expectFieldRefused(res, null);
  });

  it.each(perField)('$label: 10,000 characters → 422 at that field, nothing stored', async ({ form: f, field }) => {
    const res = await submit(f.who(), f.url(), { ...f.valid(), [field]: LONG }, f.formPage?.());
    await expectFieldRefused(res, field);
    // The echoed value (if any) is text in an attribute, not markup.
    const echoed = $(res.res.body)(`input[name="${field}"]:not([type="radio"]):not([type="checkbox"])`).attr('value');
    // A password is never sent back; any other field comes back whole or empty.
    expect(/password/i.test(field) ? [undefined, ''] : [LONG, '', undefined]).toContain(echoed);
  });

  it.each(perField)(
    '$label: repeated field (an array) → 422 at that field, nothing stored',
    async ({ form: f, field }) => {
      const v = f.valid()[field]!;
      const res = await submit(f.who(), f.url(), { ...f.valid(), [field]: [v, v] }, f.formPage?.());
      await expectFieldRefused(res, field);
    },
  );

  it.each(forms)('$name: an unknown field → 422 naming it, nothing stored', async (f) => {
    const res = await submit(f.who(), f.url(), { ...f.valid(), isAdmin: 'yes' }, f.formPage?.());
    await expectFieldRefused(res, null);
    expect(errorSummary(res.res.body)).toContain(
      'The form sent fields it does not accept: isAdmin. Reload the page and try again.',
    );
  });

  it.each(forms)('$name: a body over 64 KB → 413 page, nothing stored', async (f) => {
    const res = await submit(f.who(), f.url(), { ...f.valid(), [f.fields[0]!]: 'y'.repeat(70 * 1024) }, f.formPage?.());
    expect(res.res.statusCode).toBe(413);
    const q = $(res.res.body);
    expect(q('h1').text()).toBe('What you sent is too large');
    expect(q('main').text()).toContain('Send less and try again.');
    await expectUnchanged(res.before);
  });

  it.each(forms)('$name: no CSRF token → 403 page saying the form expired, nothing stored', async (f) => {
    const b = await signedInBrowser(f.who());
    await b.get((f.formPage ?? f.url)()); // the CSRF secret cookie is set, as in a real browser
    const before = await snapshot();
    for (const form of [f.valid(), { ...f.valid(), _csrf: 'forged-token' }]) {
      const res = await b.postRaw(f.url(), form);
      expect(res.statusCode).toBe(403);
      expect($(res.body)('main').text()).toContain('This form has expired or was sent from somewhere else.');
      expect($(res.body)('main').text()).toContain('Nothing has been saved.');
    }
    await expectUnchanged(before);
  });

  it.each(forms)('$name: a CSRF token from another browser is refused', async (f) => {
    const other = await signedInBrowser(f.who());
    const stolen = await other.csrf((f.formPage ?? f.url)());
    const b = await signedInBrowser(f.who());
    await b.get((f.formPage ?? f.url)());
    const before = await snapshot();
    const res = await b.postRaw(f.url(), { ...f.valid(), _csrf: stolen });
    // Anonymous forms share no session, so a token is bound to its CSRF cookie: another browser's fails.
    expect(res.statusCode).toBe(403);
    await expectUnchanged(before);
  });
});

describe('wrong types sent to a form', () => {
  it('a JSON body with numbers, booleans and objects where text belongs → 422, nothing stored', async () => {
    const b = new Browser(t.app, host);
    const token = await b.csrf('/sign-up');
    const before = await snapshot();
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-up',
      headers: {
        host,
        cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/json',
      },
      payload: JSON.stringify({ _csrf: token, displayName: 12345, email: true, password: { $gt: '' }, homeAreaId: [] }),
    });
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([
      'Enter your name',
      'Enter your email address',
      'Enter a password',
      'Select a ward from the list',
    ]);
    expectNothingExecutable(res.body);
    await expectUnchanged(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Markup and SQL in the text people type: refused with a clear message, or stored as text and shown escaped.

describe('markup and script', () => {
  it.each([
    [
      'sign up',
      '/sign-up',
      () => ({ displayName: SCRIPT, email: 'script@example.test', password: 'a long enough password', homeAreaId: '' }),
      'displayName',
      'Name must not contain < or >',
    ],
    [
      'account details',
      '/account/details',
      () => ({ displayName: SCRIPT, homeAreaId: '' }),
      'displayName',
      'Name must not contain < or >',
    ],
    [
      'assisted account',
      '/admin/people/assisted',
      () => ({ displayName: SCRIPT, homeAreaId: wardId, consentMethod: 'phone', consentConfirmed: 'yes' }),
      'displayName',
      'Their name must not contain < or >',
    ],
    [
      'API tokens',
      '/admin/tokens',
      () => ({ name: SCRIPT, role: 'officer' }),
      'name',
      'Name for the token must not contain < or >',
    ],
    ['settings', '/admin/settings', () => ({ name: SCRIPT, contactEmail: '' }), 'name', 'Name must not contain < or >'],
  ] as const)('%s: a script in a name is refused, echoed only as text', async (_n, url, form, field, message) => {
    const who = url.startsWith('/admin/people')
      ? officer
      : url.startsWith('/admin')
        ? admin
        : url.startsWith('/account')
          ? resident
          : null;
    const res = await submit(who, url, form());
    await expectFieldRefused(res, field);
    expect(errorSummary(res.res.body)).toContain(message);
    // What was typed comes back as an attribute value, intact and inert.
    expect($(res.res.body)(`input[name="${field}"]`).attr('value')).toBe(SCRIPT);
  });

  it.each([
    [
      'sign up',
      '/sign-up',
      null,
      { displayName: 'Scripty', email: `${SCRIPT}@example.test`, password: 'a long enough password', homeAreaId: '' },
    ],
    ['sign in', '/sign-in', null, { email: SCRIPT, password: PASSWORD, returnTo: '/' }],
    ['forgot password', '/forgot-password', null, { email: `"${SCRIPT}"@example.test` }],
    ['change email', '/account/email', 'resident', { email: SCRIPT, password: PASSWORD }],
    ['settings', '/admin/settings', 'admin', { name: 'Fine Name', contactEmail: `${SCRIPT}@council.gov.uk` }],
  ] as const)('%s: a script in an email address is refused as not an email address', async (_n, url, who, form) => {
    const res = await submit(who === 'resident' ? resident : who === 'admin' ? admin : null, url, form);
    await expectFieldRefused(res, url === '/admin/settings' ? 'contactEmail' : 'email');
    expect(errorSummary(res.res.body).join(' ')).toMatch(/email address in the correct format/);
  });

  it('a script in a returnTo address never becomes a redirect elsewhere', async () => {
    const { res } = await submit(null, '/sign-in', {
      email: resident.email,
      password: PASSWORD,
      returnTo: 'javascript:alert(1)',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const external = await submit(null, '/sign-in', {
      email: resident.email,
      password: PASSWORD,
      returnTo: '//evil.example/',
    });
    expect(external.res.headers.location).toBe('/');
  });

  it('a script in a search or filter is shown escaped and runs nothing', async () => {
    const b = await signedInBrowser(admin);
    for (const url of [
      `/admin/people?q=${encodeURIComponent(SCRIPT)}`,
      `/admin/audit?action=${encodeURIComponent(SCRIPT)}`,
      `/sign-in?returnTo=${encodeURIComponent(SCRIPT)}`,
    ]) {
      const res = await b.get(url);
      expect(res.statusCode, url).toBeLessThan(500);
      expectNothingExecutable(res.body);
    }
    const people = await b.get(`/admin/people?q=${encodeURIComponent(SCRIPT)}`);
    expect($(people.body)('input[name="q"]').attr('value')).toBe(SCRIPT);
  });
});

describe('SQL fragments', () => {
  it('a name with SQL in it is stored literally and shown as text; the users table survives', async () => {
    const b = new Browser(t.app, host);
    const res = await b.post('/sign-up', {
      displayName: SQLI,
      email: 'bobby@example.test',
      password: `${SQLI} long`,
      homeAreaId: '',
    });
    expect(res.statusCode).toBe(303);
    expect(await usersTableExists()).toBe(true);
    const [row] = await rows(sql`select display_name from users where email = 'bobby@example.test'`);
    expect(row!.display_name).toBe(SQLI);

    // The password with SQL in it works as a password, character for character.
    await b.signIn('bobby@example.test', `${SQLI} long`);
    const account = await b.get('/account');
    const q = $(account.body);
    const nameRow = q('.govuk-summary-list__row').filter((_i, el) => q(el).find('dt').text().trim() === 'Name');
    expect(nameRow.find('dd.govuk-summary-list__value').text().trim()).toBe(SQLI);
  });

  it('account details, assisted accounts, token names and settings store SQL fragments literally', async () => {
    const person = await createUser(t.services, placeId, 'resident');
    const r1 = await submit(person, '/account/details', { displayName: SQLI, homeAreaId: '' });
    expect(r1.res.statusCode).toBe(303);
    expect((await t.services.accounts.findPerson(placeId, person.user.id))!.displayName).toBe(SQLI);

    const r2 = await submit(officer, '/admin/people/assisted', {
      displayName: `${SQLI} 2`,
      homeAreaId: wardId,
      consentMethod: 'in-person',
      consentConfirmed: 'yes',
    });
    expect(r2.res.statusCode).toBe(303);
    expect(await rows(sql`select 1 from users where display_name = ${`${SQLI} 2`}`)).toHaveLength(1);

    const p = await createPlace(t.services, 'sqli-settings.test');
    const a = await createUser(t.services, p.place.id, 'admin');
    const b = new Browser(t.app, p.host);
    await b.signIn(a.email);
    const r3 = await b.post('/admin/tokens', { name: SQLI, role: 'resident' });
    expect(r3.statusCode).toBe(201);
    expect(await rows(sql`select 1 from api_tokens where name = ${SQLI}`)).toHaveLength(1);
    const r4 = await b.post('/admin/settings', { name: SQLI, contactEmail: '' });
    expect(r4.statusCode).toBe(303);
    expect((await t.services.places.findById(p.place.id))!.name).toBe(SQLI);
    const home = await b.get('/');
    expect($(home.body)('.govuk-service-navigation__service-name').text().trim()).toBe(SQLI);
    expect(await usersTableExists()).toBe(true);
  });

  it('SQL in sign-in, search and filters finds nothing and breaks nothing', async () => {
    const before = await snapshot();
    const signIn = await new Browser(t.app, host).post('/sign-in', {
      email: "' OR '1'='1",
      password: "' OR '1'='1' --",
      returnTo: '/',
    });
    expect(signIn.statusCode).toBe(422);
    expect(errorSummary(signIn.body)).toEqual(['Enter an email address in the correct format, like name@example.com']);
    expect(signIn.cookies.find((c) => c.name === 'cg_session')).toBeUndefined();
    await expectUnchanged(before);

    const wrong = await new Browser(t.app, host).post('/sign-in', {
      email: resident.email,
      password: "' OR '1'='1' --",
      returnTo: '/',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.cookies.find((c) => c.name === 'cg_session')).toBeUndefined();

    const b = await signedInBrowser(admin);
    const people = await b.get(`/admin/people?q=${encodeURIComponent("%' OR 1=1; DROP TABLE users;--")}`);
    expect(people.statusCode).toBe(200);
    expect($(people.body)('table a[href^="/admin/people/"]')).toHaveLength(0);
    const wildcard = await b.get('/admin/people?q=%25');
    expect($(wildcard.body)('table a[href^="/admin/people/"]')).toHaveLength(0);
    const audit = await b.get(`/admin/audit?action=${encodeURIComponent(SQLI)}`);
    expect(audit.statusCode).toBe(200);
    expect($(audit.body)('main').text()).toContain('No entries match.');
    expect(await usersTableExists()).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// JSON API bodies. /api/v1/areas is the only API with request bodies so far; covered when present.

describe('JSON API bodies', () => {
  let officerToken: string;
  let residentToken: string;
  beforeAll(async () => {
    officerToken = await tokenFor(t.services, placeId, 'officer');
    residentToken = await tokenFor(t.services, placeId, 'resident');
    // A token's first use stamps its last use (then at most every five minutes): done here, before any snapshot.
    for (const token of [officerToken, residentToken]) {
      const res = await apiClient(t.app, token, host).get('/api/v1/place');
      if (res.statusCode !== 200) throw new Error(`The token did not work: ${res.statusCode}`);
    }
  });

  const send = (method: 'POST' | 'PATCH', url: string, payload: string, token: string, contentType?: string) =>
    apiClient(t.app, token, host).send(method, url, payload, contentType);

  async function expectProblem(
    res: Awaited<ReturnType<typeof send>>,
    status: number,
    detail: RegExp | null,
    before: TableSnapshot,
  ) {
    const body = problemOf(res, status);
    const text = [body.detail ?? '', ...(body.errors ?? []).map((e) => `${e.pointer} ${e.detail}`)].join('\n');
    if (detail) expect(text).toMatch(detail);
    expect(text).not.toMatch(/\bat .+:\d+:\d+/); // no stack traces
    await expectUnchanged(before);
    return body;
  }

  it('the areas API routes are registered', () => {
    expect(t.app.hasRoute({ method: 'POST', url: '/api/v1/areas' })).toBe(true);
    expect(t.app.hasRoute({ method: 'PATCH', url: '/api/v1/areas/:code' })).toBe(true);
  });

  const validArea = { code: 'BAD1', name: 'Bad Input Ward', kind: 'ward', population: 1000, populationYear: 2021 };

  it('POST /api/v1/areas: empty body and empty values → 422 with field pointers', async () => {
    let before = await snapshot();
    await expectProblem(await send('POST', '/api/v1/areas', '{}', officerToken), 422, /#\/code/, before);
    before = await snapshot();
    const body = await expectProblem(
      await send('POST', '/api/v1/areas', JSON.stringify({ code: '', name: '' }), officerToken),
      422,
      null,
      before,
    );
    expect(body.errors!.map((e) => e.pointer)).toEqual(expect.arrayContaining(['#/code', '#/name']));
  });

  it('POST /api/v1/areas: 10,000-character values → 422', async () => {
    const before = await snapshot();
    const body = await expectProblem(
      await send('POST', '/api/v1/areas', JSON.stringify({ ...validArea, name: LONG }), officerToken),
      422,
      /100 characters or fewer/,
      before,
    );
    expect(body.errors!.map((e) => e.pointer)).toContain('#/name');
    await expectProblem(
      await send('POST', '/api/v1/areas', JSON.stringify({ ...validArea, code: LONG }), officerToken),
      422,
      /#\/code/,
      before,
    );
  });

  it('POST /api/v1/areas: wrong types → 422', async () => {
    const before = await snapshot();
    for (const bad of [
      { ...validArea, name: 12345 },
      { ...validArea, code: ['BAD1'] },
      { ...validArea, population: 'many' },
      { ...validArea, population: 1.5 },
      { ...validArea, name: { first: 'x' } },
      { ...validArea, boundary: 'not geojson' },
    ]) {
      await expectProblem(await send('POST', '/api/v1/areas', JSON.stringify(bad), officerToken), 422, null, before);
    }
    for (const bad of ['[]', '"a string"', '42', 'null']) {
      const res = await send('POST', '/api/v1/areas', bad, officerToken);
      expect([400, 422], bad).toContain(res.statusCode);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      await expectUnchanged(before);
    }
  });

  it('POST /api/v1/areas: markup in a name is refused', async () => {
    const before = await snapshot();
    await expectProblem(
      await send('POST', '/api/v1/areas', JSON.stringify({ ...validArea, name: SCRIPT }), officerToken),
      422,
      /must not contain < or >/,
      before,
    );
  });

  it('POST /api/v1/areas: SQL in a name is stored literally', async () => {
    const res = await send(
      'POST',
      '/api/v1/areas',
      JSON.stringify({ ...validArea, code: 'SQLI1', name: SQLI }),
      officerToken,
    );
    expect(res.statusCode).toBe(201);
    expect(res.json<{ name: string }>().name).toBe(SQLI);
    expect(await usersTableExists()).toBe(true);
    expect(await rows(sql`select 1 from areas where code = 'SQLI1' and name = ${SQLI}`)).toHaveLength(1);
    const page = await new Browser(t.app, host).get('/areas/SQLI1');
    expect(page.statusCode).toBe(200);
    expect($(page.body)('h1').text()).toContain(SQLI);
  });

  it('POST /api/v1/areas: unknown fields → 422 naming them', async () => {
    const before = await snapshot();
    await expectProblem(
      await send(
        'POST',
        '/api/v1/areas',
        JSON.stringify({ ...validArea, placeId: '00000000-0000-4000-8000-000000000000' }),
        officerToken,
      ),
      422,
      /Unknown field\(s\) not allowed: placeId/,
      before,
    );
  });

  it('POST /api/v1/areas: a body over 1 MB → 413 problem+json', async () => {
    const before = await snapshot();
    await expectProblem(
      await send(
        'POST',
        '/api/v1/areas',
        JSON.stringify({ ...validArea, name: 'z'.repeat(1024 * 1024 + 10) }),
        officerToken,
      ),
      413,
      /too large/,
      before,
    );
  });

  it('POST /api/v1/areas: invalid JSON → 400 problem+json', async () => {
    const before = await snapshot();
    await expectProblem(
      await send('POST', '/api/v1/areas', '{"code": "BAD2", "name": ', officerToken),
      400,
      /not valid JSON/,
      before,
    );
    await expectProblem(await send('POST', '/api/v1/areas', '', officerToken), 400, /not valid JSON/, before);
  });

  it('POST /api/v1/areas: a body that is not JSON (form, text, XML) → 415 problem+json', async () => {
    const before = await snapshot();
    await expectProblem(
      await send('POST', '/api/v1/areas', '<area code="BAD3"/>', officerToken, 'application/xml'),
      415,
      /Send the request as application\/json/,
      before,
    );
    await expectProblem(
      await send(
        'POST',
        '/api/v1/areas',
        'code=BAD3&name=Form+Ward',
        officerToken,
        'application/x-www-form-urlencoded',
      ),
      415,
      /Send the request as application\/json/,
      before,
    );
    await expectProblem(
      await send('POST', '/api/v1/areas', 'code=BAD3&name=x', officerToken, 'text/plain'),
      415,
      /Send the request as application\/json/,
      before,
    );
    // JSON with a charset is still JSON.
    const ok = await send(
      'POST',
      '/api/v1/areas',
      JSON.stringify({ ...validArea, code: 'CHARSET1' }),
      officerToken,
      'application/json; charset=utf-8',
    );
    expect(ok.statusCode).toBe(201);
  });

  it('POST /api/v1/areas: a resident token or no token cannot write', async () => {
    const before = await snapshot();
    await expectProblem(
      await send('POST', '/api/v1/areas', JSON.stringify(validArea), residentToken),
      403,
      /needs officer/,
      before,
    );
    problemOf(await apiClient(t.app, null, host).post('/api/v1/areas', validArea), 401);
    await expectUnchanged(before);
  });

  it('PATCH /api/v1/areas/:code: bad bodies are refused and change nothing', async () => {
    const created = await send('POST', '/api/v1/areas', JSON.stringify({ ...validArea, code: 'PATCH1' }), officerToken);
    expect(created.statusCode).toBe(201);
    const before = await snapshot();
    const url = '/api/v1/areas/PATCH1';
    await expectProblem(await send('PATCH', url, '{}', officerToken), 422, /at least one field/, before);
    await expectProblem(await send('PATCH', url, JSON.stringify({ name: 42 }), officerToken), 422, /#\/name/, before);
    await expectProblem(
      await send('PATCH', url, JSON.stringify({ name: LONG }), officerToken),
      422,
      /100 characters or fewer/,
      before,
    );
    await expectProblem(
      await send('PATCH', url, JSON.stringify({ name: SCRIPT }), officerToken),
      422,
      /must not contain < or >/,
      before,
    );
    await expectProblem(
      await send('PATCH', url, JSON.stringify({ code: 'RENAMED' }), officerToken),
      422,
      /Unknown field\(s\) not allowed: code/,
      before,
    );
    await expectProblem(await send('PATCH', url, '{"name": "x"', officerToken), 400, /not valid JSON/, before);
    await expectProblem(
      await send('PATCH', url, JSON.stringify({ name: 'z'.repeat(1024 * 1024 + 10) }), officerToken),
      413,
      /too large/,
      before,
    );
    await expectProblem(await send('PATCH', url, JSON.stringify({ name: 'Fine' }), residentToken), 403, null, before);
  });
});

// ---------------------------------------------------------------------------------------------
// Which routes with a body this file covers, and where the others are.

/**
 * Routes with a body that this file does not exercise: where their bad input is tested instead
 * (`in <file>`: the file must exist and name the route), or that it is not yet.
 */
const NOT_HERE: Record<string, string> = {
  'POST /sign-out': 'a button: no field but its CSRF token, whose check is shared and tested on every form above',
  'POST /verify-email':
    'only a hidden token; a used or wrong token is refused in src/modules/accounts/test/sign-up.test.ts',
  'POST /confirm-email': 'only a hidden token; refusals tested in src/modules/accounts/test/account-flows.test.ts',
  'POST /account/calendar':
    'a button (a new calendar feed address); tested in src/modules/sessions/test/sessions.web.test.ts',
  'POST /admin/tokens/:id/revoke':
    "a button: no field but its CSRF token, whose check is shared and tested on every form above; another place's token is refused in test/tenancy.test.ts",
  'POST /admin/projects/:id/publish':
    'a button: no field but its CSRF token, whose check is shared and tested on every form above; refusals tested in src/modules/projects/test/projects.test.ts',
  'POST /admin/projects/:id/decline': 'refusals tested in src/modules/projects/test/projects.test.ts',
  'POST /projects/new': 'refusals tested in src/modules/projects/test/projects.test.ts',
  'POST /projects/:id/edit': 'refusals tested in src/modules/projects/test/projects.test.ts',
  'POST /projects/:id/join':
    'a button: no field but its CSRF token, whose check is shared and tested on every form above; tested in src/modules/projects/test/projects.test.ts',
  'POST /projects/:id/leave':
    'a button: no field but its CSRF token, whose check is shared and tested on every form above; tested in src/modules/projects/test/projects.test.ts',
  'POST /projects/:id/co-organisers': 'refusals tested in src/modules/projects/test/projects.test.ts',
  'POST /projects/:id/co-organisers/remove': 'refusals tested in src/modules/projects/test/projects.test.ts',
  'POST /projects/:id/sessions/new': 'refusals tested in src/modules/sessions/test/sessions.web.test.ts',
  'POST /spaces/new': 'refusals tested in src/modules/spaces/test/spaces.test.ts',
  'POST /spaces/:id/edit': 'refusals tested in src/modules/spaces/test/spaces.test.ts',
  'POST /sessions/:id/book':
    'a button: no field but its CSRF token, whose check is shared and tested on every form above; tested in src/modules/sessions/test/sessions.web.test.ts',
  'POST /sessions/:id/cancel-booking':
    'a button: no field but its CSRF token, whose check is shared and tested on every form above; tested in src/modules/sessions/test/sessions.web.test.ts',
  'POST /sessions/:id/cancel': 'refusals tested in src/modules/sessions/test/sessions.web.test.ts',
  'POST /sessions/:id/change': 'refusals tested in src/modules/sessions/test/sessions.web.test.ts',
  'POST /sessions/:id/attendance':
    'refusals tested in src/modules/participation/attendance/test/attendance.routes.test.ts',
  'POST /sessions/:id/attendance/import':
    'refusals tested in src/modules/participation/attendance/test/attendance.csv.test.ts',
  'POST /sessions/:id/attendance/import/confirm':
    'a changed sheet is refused in src/modules/participation/attendance/test/attendance.csv.test.ts',
  'POST /conversations/new': 'refusals tested in src/modules/conversations/test/conversations.test.ts',
  'POST /conversations/:id/edit': 'refusals tested in src/modules/conversations/test/conversations.test.ts',
  'POST /conversations/:id/open':
    'a button: no field but its CSRF token, whose check is shared and tested on every form above; tested in src/modules/conversations/test/conversations.test.ts',
  'POST /conversations/:id/close':
    'a button: no field but its CSRF token, whose check is shared and tested on every form above; tested in src/modules/conversations/test/conversations.test.ts',
  'POST /conversations/:id/moderation/:statementId':
    'refusals tested in src/modules/conversations/test/conversations.test.ts',
  'POST /conversations/:id/vote': 'refusals tested in src/modules/conversations/test/conversations.test.ts',
  'POST /conversations/:id/statements': 'refusals tested in src/modules/conversations/test/conversations.test.ts',
  'POST /conversations/import': 'refusals tested in src/modules/conversations/polis-files/test/polis-files.test.ts',
  'POST /conversations/:id/outcome/edit': 'refusals tested in src/modules/conversations/outcomes/test/outcomes.test.ts',
  'POST /conversations/:id/outcome/publish':
    'a button: no field but its CSRF token, whose check is shared and tested on every form above; tested in src/modules/conversations/outcomes/test/outcomes.test.ts',
  'POST /conversations/:id/commitments/new':
    'refusals tested in src/modules/conversations/outcomes/test/outcomes.test.ts',
  'POST /conversations/:id/commitments/:commitmentId':
    'tested in src/modules/conversations/outcomes/test/outcomes.test.ts',
  'POST /conversations/:id/commitments/:commitmentId/edit':
    'tested in src/modules/conversations/outcomes/test/outcomes.test.ts',
  'POST /impact/values/new': 'refusals tested in src/modules/impact/values/test/values.test.ts',
  'POST /impact/values/import': 'refusals tested in src/modules/impact/values/test/gmca-import.test.ts',
  'POST /impact/values/import/confirm': 'refusals tested in src/modules/impact/values/test/gmca-import.test.ts',
  'POST /impact/settings/deflators': 'refusals tested in src/modules/impact/values/test/values.test.ts',
  'POST /impact/settings/optimism-bias': 'refusals tested in src/modules/impact/values/test/values.test.ts',
  'POST /impact/frameworks/new': 'refusals tested in src/modules/impact/test/forms.test.ts',
  'POST /impact/frameworks/:id/edit': 'refusals tested in src/modules/impact/test/forms.test.ts',
  'POST /impact/frameworks/:id/evidence': 'refusals tested in src/modules/impact/frameworks/test/frameworks.test.ts',
  'POST /impact/frameworks/:id/outcomes': 'refusals tested in src/modules/impact/test/forms.test.ts',
  'POST /impact/frameworks/:id/publish':
    'a button: no field but its CSRF token, whose check is shared and tested on every form above; tested in src/modules/impact/test/forms.test.ts',
  'POST /impact/frameworks/:id/unpublish':
    'a button: no field but its CSRF token, whose check is shared and tested on every form above; tested in src/modules/impact/test/forms.test.ts',
  'POST /impact/appraisals/new': 'refusals tested in src/modules/impact/test/forms.test.ts',
  'POST /impact/appraisals/import': 'refusals tested in src/modules/impact/test/forms.test.ts',
  'POST /impact/appraisals/:id/details': 'refusals tested in src/modules/impact/test/forms.test.ts',
  'POST /impact/appraisals/:id/optimism-bias': 'refusals tested in src/modules/impact/test/forms.test.ts',
  'POST /impact/appraisals/:id/volunteer-time': 'refusals tested in src/modules/impact/test/forms.test.ts',
  'POST /impact/appraisals/:id/costs/new': 'refusals tested in src/modules/impact/test/forms.test.ts',
  'POST /impact/appraisals/:id/costs/:line': 'tested in src/modules/impact/appraisals/test/appraisals.test.ts',
  'POST /impact/appraisals/:id/costs/:line/remove':
    'a button: no field but its CSRF token, whose check is shared and tested on every form above; tested in src/modules/impact/test/forms.test.ts',
  'POST /impact/appraisals/:id/benefits/new': 'refusals tested in src/modules/impact/test/forms.test.ts',
  'POST /impact/appraisals/:id/benefits/:line': 'tested in src/modules/impact/appraisals/test/appraisals.test.ts',
  'POST /impact/appraisals/:id/benefits/:line/remove':
    'a button: no field but its CSRF token, whose check is shared and tested on every form above; tested in src/modules/impact/test/forms.test.ts',
  'POST /api/v1/projects': 'refusals tested in src/modules/projects/test/projects.api.test.ts',
  'POST /api/v1/spaces': 'refusals tested in src/modules/spaces/test/spaces.test.ts',
  'POST /api/v1/sessions': 'refusals tested in src/modules/sessions/test/sessions.api.test.ts',
  'POST /api/v1/sessions/:id/attendance':
    'refusals tested in src/modules/participation/attendance/test/attendance.routes.test.ts',
  'POST /api/v1/conversations/:id/votes': 'refusals tested in src/modules/conversations/test/conversations.api.test.ts',
};

describe('routes with a body', () => {
  it('each is exercised above or listed in NOT_HERE with a reason, and NOT_HERE lists only real, unexercised routes', () => {
    const routes = bodyRoutes(t.app);
    const notHere = new Map(Object.entries(NOT_HERE).map(([route, reason]) => [canonicalRoute(route), reason]));
    // Modules' own tests may declare the routes they cover (a new module needs no line here).
    for (const [route, file] of declaredBadInputCoverage(fileURLToPath(new URL('..', import.meta.url))))
      notHere.set(route, `in ${file}`);
    expect(
      routes.filter((r) => !exercised.has(r) && !notHere.has(r)),
      'neither exercised nor listed',
    ).toEqual([]);
    expect(
      [...notHere.keys()].filter((r) => !routes.includes(r)),
      'listed but not a route',
    ).toEqual([]);
    expect(
      [...notHere.keys()].filter((r) => exercised.has(r)),
      'listed but exercised here',
    ).toEqual([]);
  });

  it('every file NOT_HERE points at exists and names the route', () => {
    const entries = Object.entries(NOT_HERE).map(([route, reason]) => ({
      route,
      reason,
      file: / in ((?:src|test)\/\S+\.test\.ts)/.exec(reason)?.[1],
    }));
    for (const { route, reason } of entries.filter((e) => !e.file))
      expect(reason, route).toMatch(/^a button|NOT COVERED YET/);
    for (const { route, file } of entries.filter((e): e is typeof e & { file: string } => e.file !== undefined)) {
      const lastStatic = route
        .split('/')
        .filter((p) => p && !p.startsWith(':'))
        .pop()!;
      expect(existsSync(new URL(`../${file}`, import.meta.url)), `${route}: ${file}`).toBe(true);
      expect(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'), `${route}: ${file}`).toContain(lastStatic);
    }
  });
});
