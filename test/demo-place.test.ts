import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonToday } from '../src/lib/london-time.js';
import { DEMO, seedDemo } from '../src/demo.js';
import { queryRows } from '../src/platform/db.js';
import { $, Browser, buildTestApp, errorSummary, type TestApp } from './helpers.js';

/**
 * The demo place, used the way people use it: every id it issues must work everywhere. Every
 * GET route of the API, and every choice in every picker on the forms an officer or organiser
 * opens for a demo project, space or session, is tried against the seeded demo. The routes come
 * from the app itself, so a new one is covered without editing this file.
 */
let t: TestApp;
let placeId: string;
let token: string;
let pastSession: string;

beforeAll(async () => {
  t = await buildTestApp();
  await seedDemo(t.services);
  placeId = (await t.services.places.findBySlug(DEMO.slug))!.id;
  ({ secret: token } = await t.services.apiTokens.create(
    { placeId, actor: { type: 'system' }, ip: null, requestId: null },
    { name: 'demo place test', role: 'admin', createdBy: null },
  ));
  const rows = await queryRows<{ id: string }>(
    t.services.db,
    sql`select id from sessions where place_id = ${placeId} and starts_at < now() and cancelled_at is null
        order by starts_at desc limit 1`,
  );
  pastSession = rows[0]!.id;
}, 120_000);
afterAll(() => t.close());

/** Every path the app answers for `method`, read from Fastify's route tree (parameters as `:name`). */
function routes(method: 'GET' | 'POST'): string[] {
  const tree = t.app.printRoutes({ commonPrefix: false, method });
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3}|[├└]── )*)(.+?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m?.[2]) continue;
    const depth = m[1]!.length / 4;
    // Routes sharing a position with different parameter names print as ":id|:projectId".
    const segment = m[2].replace(/:(\w+)(?:\|:\w+)+/g, ':$1');
    stack[depth] = depth <= 1 ? segment : `${stack[depth - 1]}${depth === 2 ? '/' : ''}${segment}`.replace('//', '/');
    if (m[3]) out.push(stack[depth]);
  }
  return out;
}

/** Values for query parameters an API route requires (a route needing another one fails the test, by name). */
const requiredQuery: Record<string, string> = {
  from: addDays(londonToday(), -365),
  to: londonToday(),
};

/** The query string a GET route of the API cannot do without, from its OpenAPI description. */
function queryFor(route: string): string {
  const doc = t.app.swagger() as {
    paths: Record<string, { get?: { parameters?: { in: string; name: string; required?: boolean }[] } }>;
  };
  const op = doc.paths[route.replace(/:(\w+)/g, '{$1}')]?.get;
  const required = (op?.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => p.name);
  if (required.length === 0) return '';
  return `?${new URLSearchParams(required.map((name) => [name, requiredQuery[name] ?? `(no value for ${name})`]))}`;
}

const api = (url: string) =>
  t.app.inject({ method: 'GET', url, headers: { host: 'localhost', authorization: `Bearer ${token}` } });

describe('the API on the demo place', () => {
  it('answers every GET route, lists and items, with the ids it issues', async () => {
    const officer = new Browser(t.app, 'localhost');
    await officer.signIn('officer@riverside.example', DEMO.password);
    const get = routes('GET').filter((r) => r.startsWith('/api/v1/'));
    // The enumeration found the routes the old defects hid behind a 500.
    expect(get).toEqual(expect.arrayContaining(['/api/v1/projects', '/api/v1/spaces', '/api/v1/sessions']));
    const items = new Map<string, { id?: string; code?: string; kind?: string }[]>();
    const checked: string[] = [];
    for (const route of get.filter((r) => !r.includes(':'))) {
      const res = await api(route + queryFor(route));
      expect(res.statusCode, `${route}: ${res.body.slice(0, 300)}`).toBe(200);
      const body = res.json<{ items?: { id?: string; code?: string; kind?: string }[] }>();
      if (Array.isArray(body.items)) items.set(route, body.items);
      checked.push(route);
    }
    for (const route of get.filter((r) => r.includes(':'))) {
      // An item route's id comes from its list (or, where the API has none, from the page that lists them).
      const [parent] = route.split('/:');
      // Profiles are wards' (the areas list starts with the demo's small areas).
      const listed = items.get(parent!)?.filter((i) => !route.endsWith('/profile') || i.kind === 'ward');
      let id = listed?.[0]?.[route.includes(':code') ? 'code' : 'id'];
      if (!id) id = await linkedId(officer, parent!.replace('/api/v1', ''));
      expect(id, `an id for ${route}`).toBeTruthy();
      const url = route.replace(/:\w+/, id!);
      const res = await api(url + queryFor(route));
      expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
      checked.push(route);
    }
    expect(checked.sort()).toEqual([...get].sort());
  }, 120_000);
});

/** The first id linked from a page (its own links, or a form's action), under `prefix`. */
async function linkedId(browser: Browser, prefix: string, page = prefix): Promise<string | undefined> {
  return (await linkedIds(browser, prefix, page))[0];
}

/** Every id linked from a page under `prefix`, first seen first. */
async function linkedIds(browser: Browser, prefix: string, page = prefix): Promise<string[]> {
  const res = await browser.get(page);
  const q = $(res.body);
  const pattern = new RegExp(`^${prefix}/([0-9a-f-]{36}|[A-Z0-9]{4,12})(?:[/?#]|$)`);
  const ids = q('a[href], form[action]')
    .map((_i, el) => q(el).attr('href') ?? q(el).attr('action'))
    .get()
    .map((href: string) => pattern.exec(href)?.[1])
    .filter((id): id is string => Boolean(id));
  return [...new Set(ids)];
}

/** Post forms on a page that have a picker. */
const pickerForms = (q: Q) => q('form[method=post]').filter((_i, f) => q(f).find('select').length > 0);

let submissions = 0;

/** Text for fields the pickers' forms also need, so a submission can succeed. */
function fill(name: string): string | undefined {
  // A different early morning each time, so new sessions never clash with the demo's or each other.
  const soon = addDays(londonToday(), 30 + submissions).split('-');
  const values: Record<string, string> = {
    title: 'Trying every choice',
    name: 'Trying every choice',
    summary: 'Every choice in every list should work.',
    description: 'Every choice in every list should work.',
    activities: 'Trying every choice',
    address: '1 High Street',
    'date-day': soon[2]!,
    'date-month': soon[1]!,
    'date-year': soon[0]!,
    startTime: '07:00',
    durationMinutes: '60',
  };
  return values[name];
}

type Field = [name: string, value: string];
type Q = ReturnType<typeof $>;
type Element = ReturnType<Q>[number];

/** A select's non-empty choices. */
const choices = (q: Q, select: Element) =>
  q(select)
    .find('option')
    .map((_i, o) => q(o).attr('value') ?? '')
    .get()
    .filter(Boolean);

/**
 * What a browser would send from a form, in document order, pressing its last named button:
 * `select` set to `choice`, other pickers on their current (or first) choice, empty fields
 * filled where we know how, and the first box of a list of people ticked.
 */
function submission(q: Q, form: ReturnType<Q>, select: Element, choice: string): Field[] {
  const fields: Field[] = [];
  const radios = new Set<string>();
  let ticked = false;
  form.find('input, textarea, select').each((_i, el) => {
    const input = q(el);
    const name = input.attr('name');
    if (!name) return;
    if (el.tagName === 'select') {
      const current = input.find('option[selected]').attr('value');
      fields.push([name, el === select ? choice : current || choices(q, el)[0] || '']);
      return;
    }
    const type = el.tagName === 'textarea' ? 'textarea' : (input.attr('type') ?? 'text');
    if (type === 'radio') {
      if (radios.has(name)) return;
      radios.add(name);
      // A choice that goes with the picker under test ("project" for projectId), else the checked one.
      const group = form.find(`input[type=radio][name="${q(select).attr('name')}"]`).length
        ? form.find('nothing')
        : form.find(`input[type=radio][name="${name}"]`);
      const related = group.filter((_j, r) => q(r).attr('value') === q(select).attr('name')?.replace(/Id$/, ''));
      const checked = form.find(`input[type=radio][name="${name}"][checked]`).first();
      fields.push([name, (related.length ? related : checked.length ? checked : input).first().attr('value') ?? '']);
    } else if (type === 'checkbox') {
      const tick = name === 'present' && !ticked;
      if (input.attr('checked') !== undefined || tick) fields.push([name, input.attr('value') ?? 'on']);
      if (tick) ticked = true;
    } else if (type !== 'submit') {
      const value = type === 'textarea' ? input.text() : (input.attr('value') ?? '');
      fields.push([name, value || (fill(name) ?? '')]);
    }
  });
  const button = form.find('button[name]').last();
  if (button.length) fields.push([button.attr('name')!, button.attr('value') ?? '']);
  return fields;
}

/** Ids of everything the demo made that a picker may offer: projects, spaces and sessions. */
async function demoIds(): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(
    t.services.db,
    sql`select id::text from projects where place_id = ${placeId}
        union all select id::text from spaces where place_id = ${placeId}`,
  );
  return new Set(rows.map((r) => r.id));
}

describe('the pickers on the demo place', () => {
  for (const who of ['officer', 'organiser'] as const) {
    it(`accept every choice they offer to the demo ${who}`, async () => {
      const browser = new Browser(t.app, 'localhost');
      await browser.signIn(`${who}@riverside.example`, DEMO.password);
      const demo = await demoIds();
      const tried: string[] = [];
      // Every page first, before anything is added: the demo's own projects, spaces and sessions.
      const pages: { route: string; url: string; q: Q }[] = [];
      for (const route of routes('GET')) {
        if (!/^\/(projects|spaces|sessions|admin\/projects|impact)(\/|$)/.test(route) || /\.\w+$/.test(route)) continue;
        // The page for one of the first few things listed: the one showing the most pickers
        // (a project with members offers the co-organiser picker too).
        const [param] = [...route.matchAll(/\/:(\w+)/g)].map((m) => m[1]!);
        const prefix = param ? route.slice(0, route.indexOf(`/:${param}`)) : '';
        const ids = !param
          ? ['']
          : prefix === '/sessions'
            ? route.endsWith('/attendance')
              ? [pastSession]
              : await linkedIds(browser, prefix, '/whats-on?ward=')
            : await linkedIds(browser, prefix);
        let best: { url: string; q: Q } | undefined;
        for (const id of ids.slice(0, 6)) {
          const url = param ? route.replace(`:${param}`, id) : route;
          if (url.includes(':')) continue; // a second parameter (a line, a file): not a picker page
          const page = await browser.get(url);
          if (page.statusCode !== 200) continue; // not this person's to open
          const q = $(page.body);
          if (!best || pickerForms(q).length > pickerForms(best.q).length) best = { url, q };
        }
        if (best) pages.push({ route, ...best });
      }
      for (const { route, url, q } of pages) {
        for (const f of pickerForms(q).toArray()) {
          const form = q(f);
          const selects = form.find('select').toArray();
          // Pickers of this place's projects and spaces, and every picker on their own pages.
          const relevant =
            /^\/(projects|spaces|sessions)/.test(route) || selects.some((s) => choices(q, s).some((v) => demo.has(v)));
          if (!relevant) continue;
          const action = form.attr('action')!;
          for (const select of selects) {
            const name = q(select).attr('name')!;
            for (const choice of choices(q, select)) {
              submissions++;
              const body: Record<string, string[]> = {};
              for (const [n, value] of submission(q, form, select, choice)) (body[n] ??= []).push(value);
              const res = await browser.post(action, body, url);
              const what = { form: `${route} → ${action}`, picker: name, choice };
              expect({ ...what, status: res.statusCode }, errorSummary(res.body).join('; ')).toEqual({
                ...what,
                status: 303,
              });
              tried.push(`${route} ${name}`);
            }
          }
        }
      }
      // The pickers the demo's ids used to break.
      const expected =
        who === 'officer'
          ? [
              '/projects/:id/sessions/new spaceId',
              '/projects/:id/edit userId',
              '/projects/:id/edit areaId',
              '/spaces/:id/edit areaId',
              '/impact/appraisals/new projectId',
            ]
          : ['/projects/:id/sessions/new spaceId', '/projects/:id/edit userId', '/projects/new areaId'];
      expect([...new Set(tried)]).toEqual(expect.arrayContaining(expected));
    }, 300_000);
  }
});
