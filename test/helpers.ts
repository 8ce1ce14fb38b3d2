import { randomBytes } from 'node:crypto';
import * as cheerio from 'cheerio';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { createAreasRepository } from '../src/core/areas/areas.repository.js';
import { loadConfig, type Config } from '../src/config.js';
import type { Role } from '../src/platform/context.js';
import { openDatabase, type Database } from '../src/platform/db.js';
import { createServices, type Services } from '../src/services.js';
import { pino } from 'pino';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
 * on the PostgreSQL server named by DATABASE_URL (dropped again in `close`). Never a mock.
 */
export async function createTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = openDatabase({ dataDir: 'memory://' });
    await database.migrate();
    return { database, drop: () => database.close() };
  }
  const name = `cg_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const database = openDatabase({ url: testUrl.toString() });
  await database.migrate();
  return {
    database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', PASSWORD_HASH_COST: 'fast', LOG_LEVEL: 'silent', ...overrides });
}

export type TestApp = {
  app: FastifyInstance;
  services: Services;
  database: Database;
  close: () => Promise<void>;
};

/** The real app on a fresh database, with fast password hashing and no request limit. */
export async function buildTestApp(env: Record<string, string> = {}, requestsPerMinute = 1_000_000): Promise<TestApp> {
  const { database, drop } = await createTestDatabase();
  const config = testConfig(env);
  const services = createServices({ config, database, logger: pino({ level: 'silent' }) });
  const app = await buildApp({ services, logger: process.env.DEBUG_LOG ? pino() : false, requestsPerMinute });
  await app.ready();
  return {
    app,
    services,
    database,
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

export const PASSWORD = 'correct horse battery staple';

let counter = 0;
/** A place answering on `host`, with a handful of wards. */
export async function createPlace(services: Services, host: string, opts: { isDefault?: boolean; name?: string } = {}) {
  const slug = `${host.replace(/[^a-z0-9]+/g, '-')}-${++counter}`;
  const place = await services.places.create({
    slug,
    name: opts.name ?? `Place ${host}`,
    hostnames: [host],
    isDefault: opts.isDefault ?? false,
  });
  const wards = [];
  for (const [i, name] of ['North Ward', 'South Ward', 'East Ward'].entries()) {
    wards.push(
      await createAreasRepository(services.db).insert({
        placeId: place.id,
        kind: 'ward',
        code: `T${counter}W${i}`,
        name,
        population: 10000 + i * 1000,
        populationYear: 2021,
      }),
    );
  }
  return { place, wards, host };
}

/** A verified account with a role, created the way the command line does it. */
export async function createUser(services: Services, placeId: string, role: Role, email?: string) {
  const address = email ?? `${role}-${++counter}@example.test`;
  const user = await services.accounts.createUser(
    { placeId, actor: { type: 'system' }, ip: null, requestId: null },
    { email: address, displayName: `Test ${role}`, password: PASSWORD, role },
  );
  return { user, email: address, password: PASSWORD };
}

/** Cookies across requests, like a browser would keep them (per test, not per host). */
export class Browser {
  cookies = new Map<string, string>();
  constructor(
    private app: FastifyInstance,
    public host = 'localhost',
  ) {}

  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: { host: this.host, cookie: this.cookieHeader(), ...headers },
    });
    this.keep(res);
    return res;
  }

  /** The CSRF token from a page's form. */
  async csrf(url: string): Promise<string> {
    const res = await this.get(url);
    const token = cheerio.load(res.body)('input[name="_csrf"]').first().attr('value');
    if (!token) throw new Error(`No CSRF token on ${url} (status ${res.statusCode})`);
    return token;
  }

  /** Submits a form the way a browser would, with the CSRF token from `formPage` (default: the same URL). */
  async post(url: string, form: Record<string, string | string[]>, formPage = url) {
    const token = await this.csrf(formPage);
    return this.postRaw(url, { _csrf: token, ...form });
  }

  async postRaw(url: string, form: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { host: this.host, cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.keep(res);
    return res;
  }

  async signIn(email: string, password = PASSWORD) {
    const res = await this.post('/sign-in', { email, password, returnTo: '/' });
    if (res.statusCode !== 303) throw new Error(`Sign-in failed with ${res.statusCode}`);
    return res;
  }
}

export function $(html: string) {
  return cheerio.load(html);
}

/** The GOV.UK error summary's messages on a page. */
export function errorSummary(html: string): string[] {
  const q = cheerio.load(html);
  return q('.govuk-error-summary__list li')
    .map((_i, el) => q(el).text().trim())
    .get();
}
