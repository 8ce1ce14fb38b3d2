import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { $, buildTestApp, createPlace, type TestApp } from './helpers.js';

let t: TestApp;
let host: string;
let token: string;
beforeAll(async () => {
  t = await buildTestApp();
  ({ host } = await createPlace(t.services, 'platform.test', { isDefault: true }));
  const place = (await t.services.places.resolve(host))!;
  token = (
    await t.services.apiTokens.create(
      { placeId: place.id, actor: { type: 'system' }, ip: null, requestId: null },
      { name: 'platform test', role: 'resident', createdBy: null },
    )
  ).secret;
});
afterAll(() => t.close());
afterEach(() => vi.restoreAllMocks());

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { host, ...headers } });

/** CSP directives as a map of name → sources. */
function csp(header: unknown): Map<string, string[]> {
  expect(typeof header).toBe('string');
  return new Map(
    (header as string)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('health and readiness', () => {
  it('GET /health answers JSON without needing a place', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health', headers: { host: 'no-such-place.test' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /ready checks the database and names its kind', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ready', headers: { host: 'no-such-place.test' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: t.database.kind });
    expect(t.database.kind).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('GET /ready answers 503 when the database cannot be reached', async () => {
    vi.spyOn(t.database, 'ping').mockRejectedValue(new Error('connection refused'));
    const res = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', database: t.database.kind });
  });
});

describe('security headers', () => {
  it('sends a CSP whose script nonce matches every script tag on the page, with no unsafe-inline', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    const policy = csp(res.headers['content-security-policy']);
    const scriptSrc = policy.get('script-src')!;
    expect(scriptSrc).toBeDefined();
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    const nonces = scriptSrc.filter((s) => s.startsWith("'nonce-")).map((s) => s.slice(7, -1));
    expect(nonces).toHaveLength(1);
    const nonce = nonces[0]!;
    expect(nonce.length).toBeGreaterThanOrEqual(16);

    const q = $(res.body);
    const scripts = q('script');
    expect(scripts.length).toBeGreaterThan(0);
    scripts.each((_i, el) => {
      expect(q(el).attr('nonce')).toBe(nonce);
    });

    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it('uses a fresh nonce for every response', async () => {
    const a = csp((await get('/')).headers['content-security-policy'])
      .get('script-src')!
      .join(' ');
    const b = csp((await get('/')).headers['content-security-policy'])
      .get('script-src')!
      .join(' ');
    expect(a).not.toBe(b);
  });

  it('sends nosniff, a referrer policy and refuses framing', async () => {
    for (const url of ['/', '/sign-in', '/does-not-exist']) {
      const res = await get(url);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
      expect(csp(res.headers['content-security-policy']).get('frame-ancestors'), url).toEqual(["'none'"]);
    }
  });

  it('marks HTML pages cache-control: no-store', async () => {
    for (const url of ['/', '/sign-in', '/sign-up', '/forgot-password', '/does-not-exist']) {
      const res = await get(url);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });
});

describe('error pages', () => {
  it('404 is a GOV.UK page with status 404', async () => {
    const res = await get('/no/such/page');
    expect(res.statusCode).toBe(404);
    const q = $(res.body);
    expect(q('html').hasClass('govuk-template')).toBe(true);
    expect(q('h1.govuk-heading-l').text()).toBe('Page not found');
    expect(q('title').text()).toMatch(/^Page not found – /);
    expect(q('main#main-content')).toHaveLength(1);
  });

  it('404 on the API is problem+json', async () => {
    const res = await get('/api/v1/nothing-here', { authorization: `Bearer ${token}` });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('a failure inside a page shows the GOV.UK 500 page without internals', async () => {
    vi.spyOn(t.services.areas, 'listWards').mockRejectedValue(
      new Error('SECRET internal detail: relation "wards" at db.internal:5432'),
    );
    const res = await get('/');
    expect(res.statusCode).toBe(500);
    const q = $(res.body);
    expect(q('h1').text()).toBe('Sorry, there is a problem with the service');
    const text = q('main').text();
    expect(text).not.toContain('SECRET');
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(res.body).not.toContain('SECRET internal detail');
    expect(res.body).not.toContain('db.internal');
    // A reference to quote, which is the request id.
    expect(q('main .cg-code').text()).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('a failure inside an API route gives problem+json without internals', async () => {
    vi.spyOn(t.services.places, 'hostnames').mockRejectedValue(new Error('SECRET internal detail at db.internal:5432'));
    const res = await get('/api/v1/place', { authorization: `Bearer ${token}` });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<{ detail: string }>();
    expect(body).toMatchObject({ status: 500, title: 'Internal Server Error', type: 'about:blank' });
    expect(body.detail).toMatch(
      /^Something went wrong on our side\. Quote reference [0-9a-f-]{36} if you report it\.$/,
    );
    expect(res.body).not.toContain('SECRET');
    expect(res.body).not.toContain('stack');
  });
});

describe('configuration', () => {
  it('refuses to load in production without SESSION_SECRET', () => {
    let err: unknown;
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.join('\n')).toMatch(/SESSION_SECRET must be set in production/);
  });

  it('refuses a short SESSION_SECRET and the test-only hash cost in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).toThrow(
      /SESSION_SECRET must be at least 32 characters long/,
    );
    expect(() =>
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), PASSWORD_HASH_COST: 'fast' }),
    ).toThrow(/PASSWORD_HASH_COST=fast/);
  });

  it('loads in production with a secret, with secure cookies by default', () => {
    const c = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) });
    expect(c.sessionSecret).toBe('x'.repeat(40));
    expect(c.cookieSecure).toBe(true);
  });

  it.each([
    ['abc', 'PORT must be a whole number'],
    ['3.5', 'PORT must be a whole number'],
    ['0', 'PORT must be between 1 and 65535'],
    ['70000', 'PORT must be between 1 and 65535'],
  ])('reports PORT=%s clearly', (port, message) => {
    let err: unknown;
    try {
      loadConfig({ PORT: port });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toContain(message);
    expect((err as ConfigError).message).toContain(message);
  });

  it('lists every problem at once', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail' });
    } catch (e) {
      err = e;
    }
    const problems = (err as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems).toContain('DATABASE_URL must start with postgres:// or postgresql://');
    expect(problems).toContain('SMTP_URL must start with smtp:// or smtps://');
  });

  it('takes a valid PORT and treats empty values as unset', () => {
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });
});

describe('OpenAPI', () => {
  it('is OpenAPI 3.1 and lists /api/v1/place with bearer security', async () => {
    const res = await get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json<{
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown }>>;
      components: { securitySchemes: Record<string, unknown> };
    }>();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.paths['/api/v1/place']).toBeDefined();
    expect(doc.paths['/api/v1/place']!.get!.security).toEqual([{ bearer: [] }]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // Only the documented API: no HTML routes.
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/') && p !== '/health' && p !== '/ready')).toEqual(
      [],
    );
  });
});
