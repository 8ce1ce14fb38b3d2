import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectMembers, projects, spaces } from '../../../../test/schema.js';
import { $, Browser, buildTestApp, createPlace, createUser, type TestApp } from '../../../../test/helpers.js';

/**
 * PostgreSQL's uuid type takes any 8-4-4-4-12 hex string, and imported or older rows (the demo's
 * used to be md5 hashes) need not carry an RFC 4122 version. Every page, picker and API answer
 * of projects and spaces accepts them.
 */
const PROJECT = 'd41d8cd9-8f00-b204-e980-0998ecf8427e';
const SPACE = '0cc175b9-c0f1-b6a8-31c3-99e269772661';

let t: TestApp;
let place: Awaited<ReturnType<typeof createPlace>>;
let officer: Awaited<ReturnType<typeof createUser>>;
let member: Awaited<ReturnType<typeof createUser>>;
let token: string;

beforeAll(async () => {
  t = await buildTestApp();
  place = await createPlace(t.services, 'ids.test');
  officer = await createUser(t.services, place.place.id, 'officer');
  member = await createUser(t.services, place.place.id, 'resident');
  await t.services.db.insert(projects).values({
    id: PROJECT,
    placeId: place.place.id,
    title: 'Repair café',
    summary: 'Fix things together',
    category: 'repair',
    areaId: place.wards[0]!.id,
    status: 'published',
    publishedAt: new Date(),
    createdBy: officer.user.id,
  });
  await t.services.db.insert(projectMembers).values([
    { projectId: PROJECT, placeId: place.place.id, userId: officer.user.id, role: 'organiser' },
    { projectId: PROJECT, placeId: place.place.id, userId: member.user.id, role: 'member' },
  ]);
  await t.services.db.insert(spaces).values({ id: SPACE, placeId: place.place.id, name: 'The hub', kind: 'hub' });
  ({ secret: token } = await t.services.apiTokens.create(
    { placeId: place.place.id, actor: { type: 'system' }, ip: null, requestId: null },
    { name: 'reader', role: 'resident', createdBy: null },
  ));
});
afterAll(() => t.close());

const api = (url: string) =>
  t.app.inject({ method: 'GET', url, headers: { host: place.host, authorization: `Bearer ${token}` } });

describe('ids without an RFC 4122 version', () => {
  it('open the pages of projects and spaces', async () => {
    const browser = new Browser(t.app, place.host);
    for (const url of [`/projects/${PROJECT}`, `/spaces/${SPACE}`, `/projects/${PROJECT.toUpperCase()}`])
      expect((await browser.get(url)).statusCode, url).toBe(200);
  });

  it('are answered by the API, in lists and alone', async () => {
    for (const url of [
      '/api/v1/projects',
      `/api/v1/projects/${PROJECT}`,
      '/api/v1/spaces',
      `/api/v1/spaces/${SPACE}`,
    ]) {
      const res = await api(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    }
    expect((await api('/api/v1/spaces')).json().items[0].id).toBe(SPACE);
  });

  it('are accepted by the pickers: a ward for the space, a co-organiser for the project', async () => {
    const browser = new Browser(t.app, place.host);
    await browser.signIn(officer.email);
    const edit = await browser.post(`/spaces/${SPACE}/edit`, {
      name: 'The hub',
      kind: 'hub',
      address: '1 High Street',
      areaId: place.wards[1]!.id,
    });
    expect(edit.statusCode).toBe(303);
    const res = await browser.post(
      `/projects/${PROJECT}/co-organisers`,
      { userId: member.user.id },
      `/projects/${PROJECT}/edit`,
    );
    expect(res.statusCode).toBe(303);
    const page = await browser.get(`/projects/${PROJECT}`);
    expect($(page.body)('main').text()).toContain('Test resident');
  });

  it('are still refused when they are not ids at all (a 404: nothing lives there)', async () => {
    const browser = new Browser(t.app, place.host);
    for (const url of ['/projects/not-an-id', '/spaces/d41d8cd9-8f00-b204-e980-0998ecf8427', '/projects/x/edit'])
      expect((await browser.get(url)).statusCode, url).toBe(404);
    expect((await api('/api/v1/projects/not-an-id')).statusCode).toBe(404);
  });
});
