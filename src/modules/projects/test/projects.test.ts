import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { $, Browser, createPlace, createUser, errorSummary, PASSWORD } from '../../../../test/helpers.js';
import { systemCtx, useWorld, type TestUser } from '../../../../test/kit/index.js';
import { auditEvents, outbox, projectMembers, projects } from '../../../../test/schema.js';

let officer: TestUser;
let proposer: TestUser;
let other: TestUser;
const w = useWorld('projects', {
  setUp: async (w) => {
    officer = w.a.staff.officer;
    proposer = w.a.staff.resident;
    other = await w.person('resident');
  },
});

/** A browser on a place of the test's own (its moderation or its list is the point), signed in unless null. */
async function onPlace(host: string, who: { email: string } | null) {
  const br = new Browser(w.t.app, host);
  if (who) await br.signIn(who.email);
  return br;
}

const form = (over: Record<string, string> = {}) => ({
  title: 'Thursday supper club',
  summary: 'We cook together & eat together.',
  why: 'Nobody should eat alone.',
  category: 'cooking',
  areaId: w.a.wards[0]!.id,
  needsPeople: 'yes',
  needsSkills: '',
  needsSpace: 'A kitchen',
  needsKit: '',
  leadType: 'resident',
  threshold: '3',
  ...over,
});

async function propose(who = proposer, over: Record<string, string> = {}) {
  const br = await w.as(who);
  const res = await br.post('/projects/new', form(over));
  expect(res.statusCode).toBe(303);
  const id = /\/projects\/([0-9a-f-]{36})/.exec(res.headers.location!)![1]!;
  return { br, id, res };
}

const audit = (action: string, subjectId: string) =>
  w.services.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)));
const allProjects = () => w.services.db.select().from(projects);
const mailTo = (to: string) => w.services.db.select().from(outbox).where(eq(outbox.toAddress, to));

async function setModeration(placeId: string, mode: 'pre' | 'post') {
  await w.services.places.updateSettings(systemCtx(placeId), {
    name: (await w.services.places.findById(placeId))!.name,
    settings: { projectModeration: mode },
  });
}

describe('pre-moderation (the default)', () => {
  it('holds a new project as pending, visible only to its organiser and officers', async () => {
    const { br, id, res } = await propose();
    expect(res.headers.location).toBe(`/projects/${id}?created=pending`);
    const [row] = await w.services.db.select().from(projects).where(eq(projects.id, id));
    expect(row).toMatchObject({ status: 'pending', stage: 'idea', threshold: 3, createdBy: proposer.user.id });
    expect(row!.needs).toEqual({ people: true, skills: '', space: 'A kitchen', kit: '' });
    const members = await w.services.db.select().from(projectMembers).where(eq(projectMembers.projectId, id));
    expect(members.map((m) => [m.userId, m.role])).toEqual([[proposer.user.id, 'organiser']]);
    expect(await audit('project.created', id)).toHaveLength(1);
    expect(await audit('project.published', id)).toHaveLength(0);

    expect((await br.get(`/projects/${id}`)).statusCode).toBe(200);
    expect((await (await w.as(officer)).get(`/projects/${id}`)).statusCode).toBe(200);
    expect((await (await w.as(other)).get(`/projects/${id}`)).statusCode).toBe(404);
    expect((await (await w.as(null)).get(`/projects/${id}`)).statusCode).toBe(404);
    const list = await (await w.as(other)).get('/projects');
    expect($(list.body)(`#projects a[href="/projects/${id}"]`)).toHaveLength(0);
    // The proposer sees it among their own projects, marked as waiting
    const mine = await br.get('/projects');
    expect($(mine.body)('h2:contains("Your projects") + ul').text()).toContain('Waiting to be checked');
    // Nobody can join a project that is not published
    expect((await (await w.as(other)).post(`/projects/${id}/join`, {}, '/projects')).statusCode).toBe(404);
  });

  it('lets an officer publish from the queue, and then everyone sees it', async () => {
    const { id } = await propose(proposer, { title: 'Repair cafe' });
    const off = await w.as(officer);
    const queue = await off.get('/admin/projects');
    expect($(queue.body)('#pending').text()).toContain('Repair cafe');
    const res = await off.post(`/admin/projects/${id}/publish`, {}, '/admin/projects');
    expect(res.statusCode).toBe(303);
    const [row] = await w.services.db.select().from(projects).where(eq(projects.id, id));
    expect(row!.status).toBe('published');
    expect(row!.publishedAt).toBeInstanceOf(Date);
    expect(await audit('project.published', id)).toHaveLength(1);
    expect((await (await w.as(null)).get(`/projects/${id}`)).statusCode).toBe(200);
    const list = await (await w.as(null)).get('/projects');
    expect($(list.body)(`#projects a[href="/projects/${id}"]`).text()).toBe('Repair cafe');
  });

  it('declines with a reason that is emailed to the proposer; no reason is a 422 and changes nothing', async () => {
    const { id } = await propose(proposer, { title: 'Bonfire on the green' });
    const off = await w.as(officer);
    const empty = await off.post(`/admin/projects/${id}/decline`, { reason: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(errorSummary(empty.body)).toEqual(['Enter the reason for declining']);
    expect((await w.services.db.select().from(projects).where(eq(projects.id, id)))[0]!.status).toBe('pending');
    expect(await audit('project.declined', id)).toHaveLength(0);
    const before = (await mailTo(proposer.email)).length;

    const res = await off.post(`/admin/projects/${id}/decline`, {
      reason: 'Open fires are not allowed on council land. Could you try a fire pit at the community hub?',
    });
    expect(res.statusCode).toBe(303);
    const [row] = await w.services.db.select().from(projects).where(eq(projects.id, id));
    expect(row).toMatchObject({ status: 'declined', declineReason: expect.stringContaining('Open fires') });
    const mails = await mailTo(proposer.email);
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)!.subject).toBe('Your project "Bonfire on the green" has not been published');
    expect(mails.at(-1)!.body).toContain('Open fires are not allowed on council land.');
    expect(await audit('project.declined', id)).toHaveLength(1);
    // Still hidden from others; the proposer sees the reason
    expect((await (await w.as(other)).get(`/projects/${id}`)).statusCode).toBe(404);
    const own = await (await w.as(proposer)).get(`/projects/${id}`);
    expect($(own.body)('.govuk-inset-text').text()).toContain('Open fires are not allowed');
  });

  it('refuses moderation to residents (403) and changes nothing', async () => {
    const { id } = await propose();
    const res = await (await w.as(other)).post(`/admin/projects/${id}/publish`, {}, '/projects');
    expect(res.statusCode).toBe(403);
    const res2 = await (await w.as(proposer)).post(`/admin/projects/${id}/decline`, { reason: 'x' }, '/projects');
    expect(res2.statusCode).toBe(403);
    expect((await (await w.as(proposer)).get('/admin/projects')).statusCode).toBe(403);
    expect((await w.services.db.select().from(projects).where(eq(projects.id, id)))[0]!.status).toBe('pending');
  });
});

describe('post-moderation', () => {
  it('publishes at once, and an officer can take a project down with a reason', async () => {
    const p = await createPlace(w.services, 'post-mod.test');
    await setModeration(p.place.id, 'post');
    const resident = await createUser(w.services, p.place.id, 'resident');
    const off = await createUser(w.services, p.place.id, 'officer');
    const br = await onPlace(p.host, resident);
    const res = await br.post('/projects/new', form({ areaId: p.wards[1]!.id, title: 'Seed swap' }));
    expect(res.statusCode).toBe(303);
    const id = /\/projects\/([0-9a-f-]{36})/.exec(res.headers.location!)![1]!;
    expect(res.headers.location).toBe(`/projects/${id}?created=published`);
    expect((await w.services.db.select().from(projects).where(eq(projects.id, id)))[0]!.status).toBe('published');
    expect(await audit('project.published', id)).toHaveLength(1);
    expect((await (await onPlace(p.host, null)).get(`/projects/${id}`)).statusCode).toBe(200);

    const offBr = await onPlace(p.host, off);
    const down = await offBr.post(`/admin/projects/${id}/decline`, { reason: 'Advertises a commercial business.' });
    expect(down.statusCode).toBe(303);
    expect((await (await onPlace(p.host, null)).get(`/projects/${id}`)).statusCode).toBe(404);
    const mails = await mailTo(resident.email);
    expect(mails.at(-1)!.subject).toBe('Your project "Seed swap" has been taken down');
  });

  it('is chosen on the admin settings page', async () => {
    const p = await createPlace(w.services, 'settings-mod.test');
    const admin = await createUser(w.services, p.place.id, 'admin');
    const br = await onPlace(p.host, admin);
    const page = await br.get('/admin/settings');
    expect($(page.body)('input[name="projectModeration"][value="pre"]').attr('checked')).toBeDefined();
    const res = await br.post('/admin/settings', {
      name: 'Settings place',
      contactEmail: '',
      projectModeration: 'post',
    });
    expect(res.statusCode).toBe(303);
    expect((await w.services.places.findById(p.place.id))!.settings.projectModeration).toBe('post');
    const bad = await br.post('/admin/settings', {
      name: 'Settings place',
      contactEmail: '',
      projectModeration: 'never',
    });
    expect(bad.statusCode).toBe(422);
    expect(errorSummary(bad.body)).toEqual(['Choose how new projects are published']);
    expect((await w.services.places.findById(p.place.id))!.settings.projectModeration).toBe('post');
  });
});

describe("joining, leaving and the who's-in threshold", () => {
  it('counts members (organiser included) towards the threshold and tells the organisers once when it is met', async () => {
    const { id } = await propose(proposer, { title: 'Pocket park', threshold: '3' });
    await (await w.as(officer)).post(`/admin/projects/${id}/publish`, {}, '/admin/projects');
    const progress = async () =>
      $((await (await w.as(null)).get(`/projects/${id}`)).body)('#progress')
        .text()
        .trim();
    expect(await progress()).toBe('1 of 3 people needed');

    const j1 = await w.person('resident');
    const j2 = await w.person('resident');
    const j3 = await w.person('resident');
    const mailsBefore = (await mailTo(proposer.email)).length;

    const b1 = await w.as(j1);
    expect((await b1.post(`/projects/${id}/join`, {}, `/projects/${id}`)).statusCode).toBe(303);
    expect(await progress()).toBe('2 of 3 people needed');
    expect((await w.services.db.select().from(projects).where(eq(projects.id, id)))[0]!.stage).toBe('idea');
    expect(await mailTo(proposer.email)).toHaveLength(mailsBefore);

    // Joining twice is refused and counts once
    const again = await b1.post(`/projects/${id}/join`, {}, `/projects/${id}`);
    expect(again.statusCode).toBe(409);
    expect(errorSummary(again.body)).toEqual(['You are already in this project.']);

    const b2 = await w.as(j2);
    await b2.post(`/projects/${id}/join`, {}, `/projects/${id}`);
    expect(await progress()).toBe('Enough people to start');
    const [row] = await w.services.db.select().from(projects).where(eq(projects.id, id));
    expect(row!.stage).toBe('gathering');
    const mails = await mailTo(proposer.email);
    expect(mails).toHaveLength(mailsBefore + 1);
    expect(mails.at(-1)!.subject).toBe('Enough people to start "Pocket park"');
    expect(mails.at(-1)!.body).toContain('3 people are now in');
    expect(await audit('project.threshold_met', id)).toHaveLength(1);
    expect((await audit('project.stage_changed', id))[0]!.changes).toMatchObject({
      stage: { from: 'idea', to: 'gathering' },
    });

    // Dropping below and meeting it again does not email again
    expect((await b2.post(`/projects/${id}/leave`, {}, `/projects/${id}`)).statusCode).toBe(303);
    expect(await progress()).toBe('2 of 3 people needed');
    await (await w.as(j3)).post(`/projects/${id}/join`, {}, `/projects/${id}`);
    expect(await progress()).toBe('Enough people to start');
    expect(await mailTo(proposer.email)).toHaveLength(mailsBefore + 1);
    expect(await audit('project.threshold_met', id)).toHaveLength(1);
    expect(await audit('project.joined', id)).toHaveLength(3);
    expect(await audit('project.left', id)).toHaveLength(1);
    const members = await w.services.db.select().from(projectMembers).where(eq(projectMembers.projectId, id));
    expect(members).toHaveLength(3);
    // Emails are never shown on the page
    const page = await (await w.as(j1)).get(`/projects/${id}`);
    expect(page.body).not.toContain(proposer.email);
    expect(page.body).toContain('Test resident');
  });

  it('keeps the last organiser from leaving', async () => {
    const { id, br } = await propose(proposer, { title: 'Knit and natter' });
    await (await w.as(officer)).post(`/admin/projects/${id}/publish`, {}, '/admin/projects');
    const res = await br.post(`/projects/${id}/leave`, {}, `/projects/${id}`);
    expect(res.statusCode).toBe(409);
    expect(errorSummary(res.body)[0]).toContain('You are the only organiser');
    expect(await w.services.projects.isMember(w.a.place.id, id, proposer.user.id)).toBe(true);
    expect(await audit('project.left', id)).toHaveLength(0);
  });

  it('shows progress without a threshold as a plain count', async () => {
    const { id } = await propose(proposer, { title: 'Open jam', threshold: '' });
    await (await w.as(officer)).post(`/admin/projects/${id}/publish`, {}, '/admin/projects');
    const page = await (await w.as(null)).get(`/projects/${id}`);
    expect($(page.body)('#progress').text().trim()).toBe('1 person is in');
  });
});

describe('running a project', () => {
  it('lets the organiser change details and stage, audited separately, and add a co-organiser', async () => {
    const { id, br } = await propose(proposer, { title: 'Tool library' });
    await (await w.as(officer)).post(`/admin/projects/${id}/publish`, {}, '/admin/projects');
    const member = await w.person('resident');
    await (await w.as(member)).post(`/projects/${id}/join`, {}, `/projects/${id}`);

    const res = await br.post(`/projects/${id}/edit`, form({ title: 'Tool library (Tuesdays)', stage: 'testing' }));
    expect(res.statusCode).toBe(303);
    const [row] = await w.services.db.select().from(projects).where(eq(projects.id, id));
    expect(row).toMatchObject({ title: 'Tool library (Tuesdays)', stage: 'testing' });
    expect((await audit('project.updated', id))[0]!.changes).toEqual({
      title: { from: 'Tool library', to: 'Tool library (Tuesdays)' },
    });
    expect((await audit('project.stage_changed', id))[0]!.changes).toEqual({ stage: { from: 'idea', to: 'testing' } });

    const co = await br.post(`/projects/${id}/co-organisers`, { userId: member.user.id }, `/projects/${id}/edit`);
    expect(co.statusCode).toBe(303);
    expect((await w.services.projects.membership(w.a.place.id, id, member.user.id))!.role).toBe('co_organiser');
    expect(await audit('project.co_organiser_added', id)).toHaveLength(1);
    // The co-organiser can now edit; a stranger (non-member) cannot be made co-organiser
    expect((await (await w.as(member)).get(`/projects/${id}/edit`)).statusCode).toBe(200);
    const bad = await br.post(`/projects/${id}/co-organisers`, { userId: other.user.id }, `/projects/${id}/edit`);
    expect(bad.statusCode).toBe(422);
    expect(errorSummary(bad.body)).toEqual(['Choose someone who is already in the project']);

    // The edit page lists the co-organiser with a button; removing makes them a member again.
    const edit = $((await br.get(`/projects/${id}/edit`)).body);
    expect(edit('#co-organisers li').text()).toContain(member.user.displayName);
    const removed = await br.post(
      `/projects/${id}/co-organisers/remove`,
      { userId: member.user.id },
      `/projects/${id}/edit`,
    );
    expect(removed.statusCode).toBe(303);
    expect((await w.services.projects.membership(w.a.place.id, id, member.user.id))!.role).toBe('member');
    expect((await audit('project.co_organiser_removed', id))[0]!.changes).toEqual({
      userId: member.user.id,
      role: { from: 'co_organiser', to: 'member' },
    });
    expect((await (await w.as(member)).get(`/projects/${id}/edit`)).statusCode).toBe(403);
    // Someone who is not a co-organiser cannot be "removed"; nothing changes.
    const again = await br.post(
      `/projects/${id}/co-organisers/remove`,
      { userId: member.user.id },
      `/projects/${id}/edit`,
    );
    expect(again.statusCode).toBe(422);
    expect(errorSummary(again.body)).toEqual(['They are not a co-organiser of this project']);
    expect(await audit('project.co_organiser_removed', id)).toHaveLength(1);
  });

  it("refuses a resident changing someone else's project (403), and changes nothing", async () => {
    const { id } = await propose(proposer, { title: 'Not yours' });
    await (await w.as(officer)).post(`/admin/projects/${id}/publish`, {}, '/admin/projects');
    const br = await w.as(other);
    expect((await br.get(`/projects/${id}/edit`)).statusCode).toBe(403);
    const res = await br.post(`/projects/${id}/edit`, form({ title: 'Mine now', stage: 'running' }), `/projects/${id}`);
    expect(res.statusCode).toBe(403);
    expect((await w.services.db.select().from(projects).where(eq(projects.id, id)))[0]!.title).toBe('Not yours');
    expect(await audit('project.updated', id)).toHaveLength(0);
  });
});

describe('bad input on the forms', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['an empty title', { title: '' }, 'Enter a title'],
    ['a title too long', { title: 'x'.repeat(121) }, 'Title must be 120 characters or fewer'],
    ['markup in the title', { title: '<script>alert(1)</script>' }, 'Title must not contain < or >'],
    ['an empty summary', { summary: ' ' }, 'Enter what the project is'],
    ['a summary too long', { summary: 'x'.repeat(2001) }, 'What the project is must be 2000 characters or fewer'],
    ['an unknown category', { category: 'arson' }, 'Choose a category from the list'],
    ['no ward', { areaId: '' }, 'Select the ward where the project happens'],
    ['a threshold of 1', { threshold: '1' }, 'The number of people must be between 2 and 500'],
    ['a threshold of 501', { threshold: '501' }, 'The number of people must be between 2 and 500'],
    ['a threshold that is not a number', { threshold: 'five' }, 'The number of people must be a whole number, like 5'],
    ['a fractional threshold', { threshold: '2.5' }, 'The number of people must be a whole number, like 5'],
    [
      'a council lead type from a resident',
      { leadType: 'council' },
      'Residents can lead a project themselves or with a community group',
    ],
    ['an unknown lead type', { leadType: 'mayor' }, 'Choose who leads the project'],
    ['a ward of another place', { areaId: '' }, 'Select a ward from the list'],
    [
      'an unknown field',
      { admin: 'yes' },
      'The form sent fields it does not accept: admin. Reload the page and try again.',
    ],
  ];
  for (const [name, over, message] of cases) {
    it(`refuses ${name} with a clear message and stores nothing`, async () => {
      if (name === 'a ward of another place') over.areaId = w.b.wards[0]!.id;
      const before = (await allProjects()).length;
      const br = await w.as(proposer);
      const res = await br.post('/projects/new', form(over));
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toContain(message);
      expect((await allProjects()).length).toBe(before);
    });
  }

  it('stores markup in text fields as typed and shows it escaped', async () => {
    const { id } = await propose(proposer, { summary: '<script>alert("x")</script> & <b>bold</b>' });
    const page = await (await w.as(proposer)).get(`/projects/${id}`);
    expect(page.body).not.toContain('<script>alert("x")</script>');
    expect(page.body).toContain('&lt;script&gt;');
    expect($(page.body)('.cg-pre').first().text()).toBe('<script>alert("x")</script> & <b>bold</b>');
  });

  it('refuses a form without its CSRF token', async () => {
    const before = (await allProjects()).length;
    const br = await w.as(proposer);
    const res = await br.postRaw('/projects/new', form());
    expect(res.statusCode).toBe(403);
    expect((await allProjects()).length).toBe(before);
  });

  it('sends people who are not signed in to sign in', async () => {
    const res = await (await w.as(null)).get('/projects/new');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/sign-in/);
  });
});

describe('filters on /projects', () => {
  it('filters by ward, category and stage with a GET form', async () => {
    const p = await createPlace(w.services, 'filters.test');
    await setModeration(p.place.id, 'post');
    const r = await createUser(w.services, p.place.id, 'resident');
    const br = await onPlace(p.host, r);
    await br.post('/projects/new', form({ title: 'North cooking', areaId: p.wards[0]!.id, category: 'cooking' }));
    await br.post('/projects/new', form({ title: 'South growing', areaId: p.wards[1]!.id, category: 'growing' }));
    await br.post('/projects/new', form({ title: 'North repair', areaId: p.wards[0]!.id, category: 'repair' }));
    const titles = async (q: string) => {
      const page = $((await (await onPlace(p.host, null)).get(`/projects${q}`)).body);
      return page('#projects h3')
        .map((_i, el) => page(el).text().trim())
        .get();
    };
    expect((await titles('')).sort()).toEqual(['North cooking', 'North repair', 'South growing']);
    expect((await titles(`?ward=${p.wards[0]!.code}`)).sort()).toEqual(['North cooking', 'North repair']);
    expect(await titles(`?ward=${p.wards[0]!.code}&category=repair`)).toEqual(['North repair']);
    expect(await titles('?stage=running')).toEqual([]);
    expect(await titles('?ward=NOPE')).toEqual([]);
    expect((await titles('?category=<script>')).length).toBe(3);
  });
});

describe('tenancy', () => {
  it("never shows or changes a project of place A on place B's host", async () => {
    const { id } = await propose(proposer, { title: 'Place A only' });
    await (await w.as(officer)).post(`/admin/projects/${id}/publish`, {}, '/admin/projects');
    const bUser = w.b.staff.officer;
    const br = await w.as(bUser, w.b);
    expect((await br.get(`/projects/${id}`)).statusCode).toBe(404);
    expect((await br.get(`/projects/${id}/edit`)).statusCode).toBe(404);
    expect((await br.post(`/projects/${id}/join`, {}, '/projects')).statusCode).toBe(404);
    expect((await br.post(`/admin/projects/${id}/decline`, { reason: 'no' }, '/projects')).statusCode).toBe(404);
    expect((await br.post(`/admin/projects/${id}/publish`, {}, '/projects')).statusCode).toBe(404);
    const list = await br.get('/projects');
    expect(list.body).not.toContain('Place A only');
    const [row] = await w.services.db.select().from(projects).where(eq(projects.id, id));
    expect(row!.status).toBe('published');
    expect(await w.services.projects.isMember(w.a.place.id, id, bUser.user.id)).toBe(false);
  });
});

describe('the list in pages', () => {
  it('shows 50 projects a page, numbered pages that keep the filters, and every project once', async () => {
    const c = await createPlace(w.services, 'projects-pages.test');
    const organiser = await createUser(w.services, c.place.id, 'resident');
    const base = Date.parse('2025-01-01T12:00:00Z');
    await w.services.db.insert(projects).values(
      Array.from({ length: 55 }, (_, i) => ({
        placeId: c.place.id,
        title: `Garden ${String(i + 1).padStart(2, '0')}`,
        summary: 'Growing food',
        category: 'growing' as const,
        stage: 'running' as const,
        status: 'published' as const,
        areaId: c.wards[0]!.id,
        createdBy: organiser.user.id,
        publishedAt: new Date(base + i * 86_400_000),
      })),
    );
    const br = new Browser(w.t.app, c.host);
    const titles = (html: string) =>
      $(html)('#projects h3 a')
        .map((_, el) => $(html)(el).text())
        .get();
    const first = await br.get('/projects?category=growing');
    expect($(first.body)('#count').text()).toMatch(/^55 projects/);
    const page1 = titles(first.body);
    expect(page1).toHaveLength(50);
    // Newest first.
    expect(page1[0]).toBe('Garden 55');
    const next = $(first.body)('.govuk-pagination__next a').attr('href');
    expect(next).toBe('/projects?category=growing&page=2');
    const page2 = titles((await br.get(next!)).body);
    expect(page2).toEqual(['Garden 05', 'Garden 04', 'Garden 03', 'Garden 02', 'Garden 01']);
    expect(new Set([...page1, ...page2]).size).toBe(55);
    // A page past the end shows the last page; nonsense shows the first.
    expect(titles((await br.get('/projects?page=99')).body)).toEqual(page2);
    expect(titles((await br.get('/projects?page=abc')).body)).toEqual(page1);
  });
});

describe('projects left without an organiser', () => {
  it('are listed for officers when the only organiser deletes their account', async () => {
    const leaver = await w.person('resident');
    const { id } = await propose(leaver, { title: 'Orphaned orchard' });
    await (await w.as(officer)).post(`/admin/projects/${id}/publish`, {}, '/admin/projects');
    const queue = async () => $((await (await w.as(officer)).get('/admin/projects')).body)('#orphaned').text();
    expect(await queue()).not.toContain('Orphaned orchard');
    await w.services.accounts.deleteAccount(
      { placeId: w.a.place.id, actor: { type: 'user', id: leaver.user.id }, ip: null, requestId: null },
      leaver.user.id,
      PASSWORD,
    );
    expect(await queue()).toContain('Orphaned orchard');
    expect((await (await w.as(other)).get('/admin/projects')).statusCode).toBe(403);
  });
});
