import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeProject, makeSession } from '../../../../test/factories/index.js';
import { $, errorSummary } from '../../../../test/helpers.js';
import { expectNothingStored, useWorld, type TestUser } from '../../../../test/kit/index.js';
import { auditEvents, users } from '../../../../test/schema.js';
import { groupPaths as paths } from '../groups.paths.js';
import { communityGroups, groupMembers, groupProjects } from '../groups.schema.js';

/**
 * Community groups: residents start them (listed at once), people join and leave, leads run them
 * and link the projects they organise, officers tidy up, and nothing of one place reaches another.
 */
const w = useWorld('groups');

// Bad input covered here: POST /groups/start
// Bad input covered here: POST /groups/:id/edit
// Bad input covered here: POST /groups/:id/join
// Bad input covered here: POST /groups/:id/leave
// Bad input covered here: POST /groups/:id/leads
// Bad input covered here: POST /groups/:id/remove
// Bad input covered here: POST /groups/:id/projects
// Bad input covered here: POST /groups/:id/projects/unlink

let n = 0;
const form = (over: Record<string, string> = {}) => ({
  name: `Friends of the Park ${++n}`,
  description: 'We pick litter and plant bulbs.\nEveryone welcome.',
  wardId: '',
  contact: 'friends@example.org',
  website: '',
  ...over,
});

const idFrom = (location: unknown) => /\/groups\/([0-9a-f-]{36})/.exec(String(location))![1]!;
const row = async (id: string) =>
  (await w.services.db.select().from(communityGroups).where(eq(communityGroups.id, id)))[0];
const auditOf = (id: string, action: string) =>
  w.services.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, action)));

async function start(who: TestUser, over: Record<string, string> = {}) {
  const br = await w.as(who);
  const res = await br.post(paths.start, form(over));
  expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
  return { br, id: idFrom(res.headers.location), location: String(res.headers.location) };
}

async function listed(url: string = paths.groups, host?: Parameters<typeof w.as>[1]) {
  const page = $((await (await w.as(null, host)).get(url)).body);
  return page('#groups h2 a')
    .map((_i, el) => page(el).text().trim())
    .get();
}

describe('starting a group', () => {
  it('lists it at once, with whoever started it as its lead, and audits it', async () => {
    const resident = await w.person('resident');
    const { br, id, location } = await start(resident, { name: 'Heathside Walkers', wardId: w.a.wards[1]!.id });
    expect(location).toBe(`${paths.group(id)}?started=1`);
    const page = $((await br.get(location)).body);
    expect(page('.govuk-notification-banner').text()).toContain('You are its lead');
    expect(page('#details').text()).toContain('friends@example.org');
    expect(page('#details').text()).toContain(w.a.wards[1]!.name);

    expect(await row(id)).toMatchObject({
      placeId: w.a.place.id,
      createdBy: resident.user.id,
      name: 'Heathside Walkers',
    });
    const members = await w.services.db.select().from(groupMembers).where(eq(groupMembers.groupId, id));
    expect(members).toEqual([expect.objectContaining({ userId: resident.user.id, role: 'lead' })]);
    expect(await auditOf(id, 'group.started')).toHaveLength(1);
    expect(await listed()).toContain('Heathside Walkers');
  });

  it('sends people who are not signed in to sign in first', async () => {
    const res = await (await w.as(null)).get(paths.start);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(paths.start)}`);
  });

  it('says on the form that the contact is shown to everyone, and never fills it with the account email', async () => {
    const resident = await w.person('resident');
    const page = $((await (await w.as(resident)).get(paths.start)).body);
    expect(page('#contact-hint').text()).toContain('shown to everyone');
    expect(page('#contact').val() ?? '').toBe('');
  });

  it.each([
    [{ name: '' }, 'Enter the name of the group'],
    [{ name: 'x'.repeat(121) }, 'The name of the group must be 120 characters or fewer'],
    [{ name: '<b>Bold</b>' }, 'The name of the group must not contain < or >'],
    [{ description: '  ' }, 'Enter what the group does'],
    [{ description: 'x'.repeat(2001) }, 'What the group does must be 2000 characters or fewer'],
    [{ contact: '' }, 'Enter how to contact the group'],
    [{ contact: 'x'.repeat(201) }, 'How to contact the group must be 200 characters or fewer'],
    [{ website: 'javascript:alert(1)' }, 'Enter the website as a full address, starting https://'],
    [{ wardId: 'not-an-id' }, 'Select a ward from the list'],
  ])('refuses %o with "%s", keeping what was typed and storing nothing', async (over, message) => {
    const br = await w.as(w.a.staff.resident);
    const token = await br.csrf(paths.start);
    const values = form(over);
    const res = await expectNothingStored(w.t.database, () => br.postRaw(paths.start, { _csrf: token, ...values }));
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([message]);
    expect($(res.body)('#description').text()).toBe(values.description);
  });

  it('refuses a ward of another place, and fields the form does not have', async () => {
    const br = await w.as(w.a.staff.resident);
    const token = await br.csrf(paths.start);
    const other = await expectNothingStored(w.t.database, () =>
      br.postRaw(paths.start, { _csrf: token, ...form({ wardId: w.b.wards[0]!.id }) }),
    );
    expect(other.statusCode).toBe(422);
    expect(errorSummary(other.body)).toEqual(['Select a ward from the list']);
    const extra = await expectNothingStored(w.t.database, () =>
      br.postRaw(paths.start, { _csrf: token, ...form(), createdBy: w.a.staff.admin.user.id }),
    );
    expect(extra.statusCode).toBe(422);
  });
});

describe('the list of groups', () => {
  it('shows every group to everyone, and only those of a ward when filtered', async () => {
    const resident = await w.person('resident');
    await start(resident, { name: 'Ward One Choir', wardId: w.a.wards[0]!.id });
    await start(resident, { name: 'Ward Two Gardeners', wardId: w.a.wards[1]!.id });
    const all = await listed();
    expect(all).toEqual(expect.arrayContaining(['Ward One Choir', 'Ward Two Gardeners']));
    const one = await listed(`${paths.groups}?ward=${w.a.wards[0]!.id}`);
    expect(one).toContain('Ward One Choir');
    expect(one).not.toContain('Ward Two Gardeners');
    // A filter that is not an id is ignored, not an error.
    expect((await (await w.as(null)).get(`${paths.groups}?ward=nonsense`)).statusCode).toBe(200);
  });

  it('counts groups by ward for the strength map, and lists a ward for its profile', async () => {
    const before = await w.services.groups.groupsByWard(w.a.place.id);
    const count = (rows: { wardId: string; groups: number }[], wardId: string) =>
      rows.find((r) => r.wardId === wardId)?.groups ?? 0;
    const ward = w.a.wards[2]!.id;
    const resident = await w.person('resident');
    await start(resident, { name: 'Aardvark Club', wardId: ward });
    await start(resident, { name: 'Zebra Club', wardId: ward });
    await start(resident, { name: 'Borough-wide Club' });
    const after = await w.services.groups.groupsByWard(w.a.place.id);
    expect(count(after, ward) - count(before, ward)).toBe(2);
    expect(after.every((r) => r.groups > 0)).toBe(true);
    const inWard = await w.services.groups.listInWard(w.a.place.id, ward, 1);
    expect(inWard.map((g) => g.name)).toEqual(['Aardvark Club']);
    expect(await w.services.groups.groupsByWard(w.b.place.id)).toEqual([]);
  });
});

describe('membership', () => {
  it('lets people join and leave; only members see who the members are, by display name only', async () => {
    const lead = await w.person('resident');
    const joiner = await w.person('resident');
    const { id } = await start(lead);
    const br = await w.as(joiner);
    const res = await br.post(paths.join(id), {}, paths.group(id));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${paths.group(id)}?joined=1`);

    const asMember = $((await br.get(paths.group(id))).body);
    expect(asMember('#details').text()).toContain('2');
    const names = asMember('#members').text();
    expect(names).toContain(lead.user.displayName);
    expect(names).toContain(joiner.user.displayName);
    expect(asMember('main').text()).not.toContain(lead.email);

    for (const viewer of [null, await w.person('resident')]) {
      const html = (await (await w.as(viewer)).get(paths.group(id))).body;
      expect($(html)('#members')).toHaveLength(0);
      expect($(html)('main').text()).not.toContain(lead.user.displayName);
      expect($(html)('main').text()).not.toContain(joiner.user.displayName);
      expect($(html)('#details').text()).toContain('2');
    }

    const left = await br.post(paths.leave(id), {}, paths.group(id));
    expect(left.headers.location).toBe(`${paths.group(id)}?left=1`);
    expect(await w.services.groups.membership(w.a.place.id, id, joiner.user.id)).toBeUndefined();
  });

  it('refuses to let the last lead leave until another member is made a lead', async () => {
    const lead = await w.person('resident');
    const member = await w.person('resident');
    const { br, id } = await start(lead);
    await (await w.as(member)).post(paths.join(id), {}, paths.group(id));

    const refused = await br.post(paths.leave(id), {}, paths.group(id));
    expect(refused.statusCode).toBe(409);
    expect(errorSummary(refused.body)[0]).toContain('Make another member a lead');
    expect((await w.services.groups.membership(w.a.place.id, id, lead.user.id))?.role).toBe('lead');

    const made = await br.post(paths.makeLead(id), { memberId: member.user.id }, paths.group(id));
    expect(made.statusCode).toBe(303);
    expect((await w.services.groups.membership(w.a.place.id, id, member.user.id))?.role).toBe('lead');
    expect((await br.post(paths.leave(id), {}, paths.group(id))).statusCode).toBe(303);
    expect(await w.services.groups.membership(w.a.place.id, id, lead.user.id)).toBeUndefined();
  });

  it('refuses bad input to the buttons with 422 and stores nothing', async () => {
    const lead = await w.person('resident');
    const { br, id } = await start(lead);
    const token = await br.csrf(paths.group(id));
    for (const [url, body, message] of [
      [
        paths.join(id),
        { extra: 'x' },
        'The form sent fields it does not accept: extra. Reload the page and try again.',
      ],
      [
        paths.leave(id),
        { extra: 'x' },
        'The form sent fields it does not accept: extra. Reload the page and try again.',
      ],
      [paths.makeLead(id), { memberId: 'nope' }, 'Choose a member from the list'],
      [paths.makeLead(id), { memberId: w.a.staff.resident.user.id }, 'Choose a member from the list'],
    ] as const) {
      const res = await expectNothingStored(w.t.database, () => br.postRaw(url, { _csrf: token, ...body }));
      expect(res.statusCode, url).toBe(422);
      expect(errorSummary(res.body)).toEqual([message]);
    }
  });
});

describe('running a group', () => {
  it('lets a lead change it (audited), and refuses anyone else with 403', async () => {
    const lead = await w.person('resident');
    const { br, id } = await start(lead);
    const res = await br.post(paths.edit(id), form({ name: 'Renamed Group', website: 'https://example.org/g' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${paths.group(id)}?updated=1`);
    expect(await row(id)).toMatchObject({ name: 'Renamed Group', website: 'https://example.org/g' });
    expect(await auditOf(id, 'group.updated')).toHaveLength(1);
    const page = $((await br.get(paths.group(id))).body);
    expect(page('#details a').attr('href')).toBe('https://example.org/g');

    const bad = await expectNothingStored(w.t.database, async () =>
      br.postRaw(paths.edit(id), { _csrf: await br.csrf(paths.edit(id)), ...form({ name: '' }) }),
    );
    expect(bad.statusCode).toBe(422);
    expect(errorSummary(bad.body)).toEqual(['Enter the name of the group']);

    const member = await w.person('resident');
    const other = await w.as(member);
    await other.post(paths.join(id), {}, paths.group(id));
    expect((await other.get(paths.edit(id))).statusCode).toBe(403);
    const token = await other.csrf(paths.group(id));
    const refused = await expectNothingStored(w.t.database, () =>
      other.postRaw(paths.edit(id), { _csrf: token, ...form({ name: 'Taken Over' }) }),
    );
    expect(refused.statusCode).toBe(403);
    expect(
      (
        await expectNothingStored(w.t.database, () =>
          other.postRaw(paths.makeLead(id), { _csrf: token, memberId: member.user.id }),
        )
      ).statusCode,
    ).toBe(403);
  });

  it('lets an officer change or remove a group, audited; nobody else may remove one', async () => {
    const lead = await w.person('resident');
    const { br, id } = await start(lead, { name: 'Doomed Group' });
    expect((await br.get(paths.remove(id))).statusCode).toBe(403);
    const token = await br.csrf(paths.group(id));
    expect(
      (await expectNothingStored(w.t.database, () => br.postRaw(paths.remove(id), { _csrf: token }))).statusCode,
    ).toBe(403);

    const officer = await w.as(w.a.staff.officer);
    expect((await officer.post(paths.edit(id), form({ name: 'Tidied Group' }))).statusCode).toBe(303);
    const bad = await expectNothingStored(w.t.database, async () =>
      officer.postRaw(paths.remove(id), { _csrf: await officer.csrf(paths.remove(id)), extra: '1' }),
    );
    expect(bad.statusCode).toBe(422);

    const res = await officer.post(paths.remove(id), {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${paths.groups}?removed=1`);
    expect(await row(id)).toBeUndefined();
    expect(await w.services.db.select().from(groupMembers).where(eq(groupMembers.groupId, id))).toEqual([]);
    expect(await auditOf(id, 'group.removed')).toHaveLength(1);
    expect((await officer.get(paths.group(id))).statusCode).toBe(404);
  });

  it('keeps a group whose only lead deletes their account, with no lead, for officers to tidy', async () => {
    const lead = await w.person('resident');
    const { id } = await start(lead, { name: 'Orphaned Group' });
    await w.services.db.delete(users).where(eq(users.id, lead.user.id));
    expect(await row(id)).toMatchObject({ name: 'Orphaned Group', createdBy: null });
    expect(await w.services.groups.countMembers(w.a.place.id, id)).toBe(0);
  });
});

describe("a group's projects", () => {
  it('links a project only for a lead of the group who organises it, and shows it with its sessions', async () => {
    const lead = await w.person('resident');
    const { br, id } = await start(lead);
    const mine = await makeProject(w.services, lead, { title: 'Tuesday Lunch Club' });
    await makeSession(w.services, lead, mine.id);
    const notMine = await makeProject(w.services, await w.person('resident'), { title: 'Someone Else’s Project' });

    const page = $((await br.get(paths.projects(id))).body);
    const options = page('#projectId option')
      .map((_i, el) => page(el).text().trim())
      .get();
    expect(options).toEqual(['Tuesday Lunch Club']);

    const token = await br.csrf(paths.projects(id));
    for (const projectId of [notMine.id, 'not-an-id', w.a.wards[0]!.id]) {
      const res = await expectNothingStored(w.t.database, () =>
        br.postRaw(paths.projects(id), { _csrf: token, projectId }),
      );
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toHaveLength(1);
    }

    const res = await br.post(paths.projects(id), { projectId: mine.id });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${paths.projects(id)}?linked=1`);
    expect(await auditOf(id, 'group.project_linked')).toHaveLength(1);

    const shown = $((await (await w.as(null)).get(paths.group(id))).body);
    expect(shown('#projects').text()).toContain('Tuesday Lunch Club');
    expect(shown('#projects a[href^="/sessions/"]')).toHaveLength(1);
    // The project's own page names the group that runs it, with a link back.
    const project = $((await (await w.as(null)).get(`/projects/${mine.id}`)).body);
    const ledBy = project('.govuk-summary-list__row').filter(
      (_i, row) => project(row).find('dt').text().trim() === 'Led by',
    );
    expect(ledBy.find(`a[href="${paths.group(id)}"]`).text()).toBe(shown('h1').text());

    // A project belongs to one group at most.
    const { br: br2, id: other } = await start(lead);
    const taken = await expectNothingStored(w.t.database, async () =>
      br2.postRaw(paths.projects(other), { _csrf: await br2.csrf(paths.projects(other)), projectId: mine.id }),
    );
    expect(taken.statusCode).toBe(422);

    // An organiser of the project who does not lead the group may not link it.
    const outsider = await w.person('resident');
    const theirs = await makeProject(w.services, outsider);
    const ob = await w.as(outsider);
    await ob.post(paths.join(id), {}, paths.group(id));
    const otoken = await ob.csrf(paths.group(id));
    const refused = await expectNothingStored(w.t.database, () =>
      ob.postRaw(paths.projects(id), { _csrf: otoken, projectId: theirs.id }),
    );
    expect(refused.statusCode).toBe(403);

    const unlinkBad = await expectNothingStored(w.t.database, async () =>
      br.postRaw(paths.unlink(id), { _csrf: await br.csrf(paths.projects(id)), projectId: theirs.id }),
    );
    expect(unlinkBad.statusCode).toBe(422);
    const unlinked = await br.post(paths.unlink(id), { projectId: mine.id }, paths.projects(id));
    expect(unlinked.headers.location).toBe(`${paths.projects(id)}?unlinked=1`);
    expect(await w.services.db.select().from(groupProjects).where(eq(groupProjects.groupId, id))).toEqual([]);
  });
});

describe('places', () => {
  it("B cannot see, join or change A's groups", async () => {
    const lead = await w.person('resident');
    const { id } = await start(lead, { name: 'Only In A' });
    expect((await (await w.as(null, w.b)).get(paths.group(id))).statusCode).toBe(404);
    expect(await listed(paths.groups, w.b)).not.toContain('Only In A');
    const bOfficer = await w.as(w.b.staff.officer, w.b);
    expect((await bOfficer.get(paths.edit(id))).statusCode).toBe(404);
    const token = await bOfficer.csrf(paths.start);
    const res = await expectNothingStored(w.t.database, () => bOfficer.postRaw(paths.join(id), { _csrf: token }));
    expect(res.statusCode).toBe(404);
  });
});

describe('personal data', () => {
  it('gives a person the groups they started and their memberships', async () => {
    const me = await w.person('resident');
    const { id } = await start(me, { name: 'My Own Group' });
    const other = await start(await w.person('resident'), { name: 'Their Group' });
    const br = await w.as(me);
    await br.post(paths.join(other.id), {}, paths.group(other.id));
    const data = JSON.parse((await br.get('/account/export')).body) as {
      groups: { started: { name: string }[]; memberships: { group: string; role: string }[] };
    };
    expect(data.groups.started).toEqual([
      expect.objectContaining({ name: 'My Own Group', contact: 'friends@example.org' }),
    ]);
    expect(data.groups.memberships).toEqual([
      { group: 'My Own Group', role: 'lead', joinedAt: expect.any(String) },
      { group: 'Their Group', role: 'member', joinedAt: expect.any(String) },
    ]);
    expect(id).toBeTruthy();
  });
});
