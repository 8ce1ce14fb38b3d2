import { describe, expect, it } from 'vitest';
import { projectMembers, projects, spaces } from '../../../../test/schema.js';
import { $ } from '../../../../test/helpers.js';
import { useWorld, type TestUser } from '../../../../test/kit/index.js';

/**
 * PostgreSQL's uuid type takes any 8-4-4-4-12 hex string, and imported or older rows (the demo's
 * used to be md5 hashes) need not carry an RFC 4122 version. Every page, picker and API answer
 * of projects and spaces accepts them.
 */
const PROJECT = 'd41d8cd9-8f00-b204-e980-0998ecf8427e';
const SPACE = '0cc175b9-c0f1-b6a8-31c3-99e269772661';

let officer: TestUser;
let member: TestUser;
const w = useWorld('ids', {
  setUp: async ({ services, a }) => {
    officer = a.staff.officer;
    member = a.staff.resident;
    await services.db.insert(projects).values({
      id: PROJECT,
      placeId: a.place.id,
      title: 'Repair café',
      summary: 'Fix things together',
      category: 'repair',
      areaId: a.wards[0]!.id,
      status: 'published',
      publishedAt: new Date(),
      createdBy: officer.user.id,
    });
    await services.db.insert(projectMembers).values([
      { projectId: PROJECT, placeId: a.place.id, userId: officer.user.id, role: 'organiser' },
      { projectId: PROJECT, placeId: a.place.id, userId: member.user.id, role: 'member' },
    ]);
    await services.db.insert(spaces).values({ id: SPACE, placeId: a.place.id, name: 'The hub', kind: 'hub' });
  },
});

const api = async (url: string) => (await w.api('resident')).get(url);

describe('ids without an RFC 4122 version', () => {
  it('open the pages of projects and spaces', async () => {
    const browser = await w.as(null);
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
    expect((await api('/api/v1/spaces')).json<{ items: { id: string }[] }>().items[0]!.id).toBe(SPACE);
  });

  it('are accepted by the pickers: a ward for the space, a co-organiser for the project', async () => {
    const browser = await w.as(officer);
    const edit = await browser.post(`/spaces/${SPACE}/edit`, {
      name: 'The hub',
      kind: 'hub',
      address: '1 High Street',
      areaId: w.a.wards[1]!.id,
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
    const browser = await w.as(null);
    for (const url of ['/projects/not-an-id', '/spaces/d41d8cd9-8f00-b204-e980-0998ecf8427', '/projects/x/edit'])
      expect((await browser.get(url)).statusCode, url).toBe(404);
    expect((await api('/api/v1/projects/not-an-id')).statusCode).toBe(404);
  });
});
