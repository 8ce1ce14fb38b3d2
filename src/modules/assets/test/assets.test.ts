import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { $, errorSummary } from '../../../../test/helpers.js';
import { expectNothingStored, problemOf, useWorld, type TestUser } from '../../../../test/kit/index.js';
import { auditEvents, outbox } from '../../../../test/schema.js';
import { assetPaths as paths } from '../assets.paths.js';
import { communityAssets } from '../assets.schema.js';

/**
 * The community asset register: residents suggest, officers check, everyone sees what is public,
 * and nothing of one place reaches another.
 */
const w = useWorld('assets');

// Bad input covered here: POST /community-assets/suggest
// Bad input covered here: POST /community-assets/:id/decline
// Bad input covered here: POST /community-assets/:id/publish
// Bad input covered here: POST /community-assets/:id/edit

const form = (over: Record<string, string> = {}) => ({
  name: 'Barnfield Knit and Natter',
  category: 'association',
  offers: 'Needles, wool and a cup of tea; all ages welcome',
  areaId: '',
  address: 'Barnfield Library',
  contact: 'knit@example.org',
  openingTimes: 'Wednesdays, 2pm to 4pm',
  accessibility: 'Step-free',
  ...over,
});

const row = async (id: string) =>
  (await w.services.db.select().from(communityAssets).where(eq(communityAssets.id, id)))[0]!;
const idFrom = (location: unknown) => /\/community-assets\/([0-9a-f-]{36})/.exec(String(location))![1]!;
const mailTo = (to: string) => w.services.db.select().from(outbox).where(eq(outbox.toAddress, to));
async function listed(url: string = paths.assets) {
  const page = $((await (await w.as(null)).get(url)).body);
  return page('#assets h2 a')
    .map((_i, el) => page(el).text().trim())
    .get();
}

async function suggest(who: TestUser, over: Record<string, string> = {}) {
  const br = await w.as(who);
  const res = await br.post(paths.suggest, form(over));
  expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
  return { br, id: idFrom(res.headers.location), location: String(res.headers.location) };
}

describe('suggesting an asset', () => {
  it("is held for an officer's check: the suggester sees it waiting, nobody else sees it at all", async () => {
    const resident = await w.person('resident');
    const { br, id, location } = await suggest(resident, { name: 'Waiting Room Choir' });
    expect(location).toBe(`${paths.asset(id)}?suggested=1`);
    const own = $((await br.get(location)).body);
    expect(own('.govuk-notification-banner').text()).toContain('The council will check your suggestion');
    expect(own('.govuk-inset-text').text()).toContain('Waiting for the council to check it');

    expect((await (await w.as(null)).get(paths.asset(id))).statusCode).toBe(404);
    expect((await (await w.as(w.a.staff.resident)).get(paths.asset(id))).statusCode).toBe(404);
    expect(await listed()).not.toContain('Waiting Room Choir');

    const stored = await row(id);
    expect(stored).toMatchObject({ status: 'suggested', createdBy: resident.user.id, placeId: w.a.place.id });
    const audit = await w.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'asset.suggested')));
    expect(audit).toHaveLength(1);
  });

  it('is public at once when an officer adds it, and says so', async () => {
    const { br, id, location } = await suggest(w.a.staff.officer, { name: 'Officer Added Orchard', category: 'place' });
    expect((await row(id)).status).toBe('public');
    expect($((await br.get(location)).body)('.govuk-notification-banner').text()).toContain(
      'Asset added to the register',
    );
    expect(await listed()).toContain('Officer Added Orchard');
  });

  it('sends people who are not signed in to sign in first, and back to the form', async () => {
    const res = await (await w.as(null)).get(paths.suggest);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(paths.suggest)}`);
  });

  it.each([
    [{ name: '' }, 'Enter the name of the asset'],
    [{ category: 'castle' }, 'Choose what kind of asset it is'],
    [{ offers: '   ' }, 'Enter what it offers'],
    [{ name: '<b>Bold</b>' }, 'The name of the asset must not contain < or >'],
    [{ contact: 'x'.repeat(201) }, 'How to get in touch must be 200 characters or fewer'],
    [{ areaId: 'not-an-id' }, 'Select a ward from the list'],
  ])('refuses %o with "%s", keeping what was typed and storing nothing', async (over, message) => {
    const br = await w.as(w.a.staff.resident);
    const token = await br.csrf(paths.suggest);
    const res = await expectNothingStored(w.t.database, () =>
      br.postRaw(paths.suggest, { _csrf: token, ...form(over) }),
    );
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([message]);
    expect($(res.body)('#offers').text()).toBe(form(over).offers);
  });

  it('refuses a ward of another place as if it were not in the list', async () => {
    const br = await w.as(w.a.staff.resident);
    const token = await br.csrf(paths.suggest);
    const res = await expectNothingStored(w.t.database, () =>
      br.postRaw(paths.suggest, { _csrf: token, ...form({ areaId: w.b.wards[0]!.id }) }),
    );
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual(['Select a ward from the list']);
  });
});

describe("officers' checks", () => {
  it('publishing puts the asset in the register and emails whoever suggested it', async () => {
    const resident = await w.person('resident');
    const { id } = await suggest(resident, { name: 'Heathside Tool Library', category: 'economic' });
    const officer = await w.as(w.a.staff.officer);
    const queue = $((await officer.get(paths.review)).body);
    expect(queue('#suggestions').text()).toContain('Heathside Tool Library');

    const res = await officer.post(paths.publish(id), {}, paths.review);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${paths.review}?published=${id}`);
    const after = $((await officer.get(String(res.headers.location))).body);
    expect(after('.govuk-notification-banner').text()).toContain('"Heathside Tool Library" is now in the register');
    expect(after('#suggestions').text()).not.toContain('Heathside Tool Library');

    expect(await row(id)).toMatchObject({ status: 'public', reviewedBy: w.a.staff.officer.user.id });
    expect(await listed()).toContain('Heathside Tool Library');
    const [mail] = await mailTo(resident.email);
    expect(mail?.subject).toBe('"Heathside Tool Library" is now in the community asset register');
    expect(mail?.body).toContain(paths.asset(id));

    const again = await officer.post(paths.publish(id), {}, paths.review);
    expect(again.statusCode).toBe(409);
  });

  it('declining needs a reason, which the suggester is emailed and shown', async () => {
    const resident = await w.person('resident');
    const { br, id } = await suggest(resident, { name: 'My Back Garden' });
    const officer = await w.as(w.a.staff.officer);

    const empty = await expectNothingStored(w.t.database, () => officer.post(paths.decline(id), { reason: ' ' }));
    expect(empty.statusCode).toBe(422);
    expect(errorSummary(empty.body)).toEqual(['Enter the reason for declining']);

    const res = await officer.post(paths.decline(id), { reason: 'A private garden is not open to the public.' });
    expect(res.headers.location).toBe(`${paths.review}?declined=${id}`);
    expect(await row(id)).toMatchObject({
      status: 'declined',
      declineReason: 'A private garden is not open to the public.',
    });
    const [mail] = await mailTo(resident.email);
    expect(mail?.body).toContain('A private garden is not open to the public.');
    expect($((await br.get(paths.asset(id))).body)('.govuk-inset-text').text()).toContain(
      'Not added: A private garden is not open to the public.',
    );
    expect(await listed()).not.toContain('My Back Garden');
    expect((await officer.get(paths.decline(id))).statusCode).toBe(409);
  });

  it('refuses a publish with fields it does not take, and addresses that are not assets, storing nothing', async () => {
    const { id } = await suggest(w.a.staff.resident, { name: 'Odd Publish' });
    const officer = await w.as(w.a.staff.officer);
    const token = await officer.csrf(paths.review);
    const extra = await expectNothingStored(w.t.database, () =>
      officer.postRaw(paths.publish(id), { _csrf: token, status: 'public' }),
    );
    expect(extra.statusCode).toBe(422);
    expect(errorSummary(extra.body)).toHaveLength(1);
    for (const bad of ['not-an-id', '00000000-0000-0000-0000-000000000000'])
      expect((await officer.postRaw(paths.publish(bad), { _csrf: token })).statusCode).toBe(404);
    const long = await expectNothingStored(w.t.database, () =>
      officer.post(paths.decline(id), { reason: 'x'.repeat(1001) }),
    );
    expect(errorSummary(long.body)).toEqual(['The reason for declining must be 1000 characters or fewer']);
  });

  it('refuses residents and organisers, and hides one place’s suggestions from another’s officers', async () => {
    const { id } = await suggest(w.a.staff.resident, { name: 'Private Suggestion' });
    for (const who of [w.a.staff.resident, w.a.staff.organiser]) {
      const br = await w.as(who);
      expect((await br.get(paths.review)).statusCode).toBe(403);
      expect((await br.post(paths.publish(id), {}, paths.asset(id))).statusCode).toBe(403);
    }
    const officerB = await w.as(w.b.staff.officer, w.b);
    expect((await officerB.get(paths.asset(id))).statusCode).toBe(404);
    expect((await officerB.post(paths.publish(id), {}, paths.review)).statusCode).toBe(404);
    expect((await row(id)).status).toBe('suggested');
  });
});

describe('changing an asset', () => {
  it('lets an officer correct the details, auditing only what changed', async () => {
    const { id } = await suggest(w.a.staff.officer, { name: 'Typo Hal', category: 'place' });
    const officer = await w.as(w.a.staff.officer);
    const page = $((await officer.get(paths.edit(id))).body);
    expect(page('h1').text()).toBe('Change the asset');
    expect(page('#name').val()).toBe('Typo Hal');
    expect(page('input[name=category][value=place]').is(':checked')).toBe(true);

    const res = await officer.post(paths.edit(id), form({ name: 'Typo Hall', category: 'place' }));
    expect(res.headers.location).toBe(`${paths.asset(id)}?updated=1`);
    expect($((await officer.get(String(res.headers.location))).body)('.govuk-notification-banner').text()).toContain(
      'Asset updated.',
    );
    expect((await row(id)).name).toBe('Typo Hall');
    const audit = await w.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'asset.updated')));
    expect(audit.map((a) => a.changes)).toEqual([{ name: { from: 'Typo Hal', to: 'Typo Hall' } }]);

    // The same form again changes nothing, and says nothing in the log.
    await expectNothingStored(w.t.database, () =>
      officer.post(paths.edit(id), form({ name: 'Typo Hall', category: 'place' })),
    );
  });

  it('refuses bad input, other roles and other places, storing nothing', async () => {
    const { id } = await suggest(w.a.staff.officer, { name: 'Guarded Hall', category: 'place' });
    const officer = await w.as(w.a.staff.officer);
    const bad = await expectNothingStored(w.t.database, () =>
      officer.post(paths.edit(id), form({ name: '', category: 'castle' })),
    );
    expect(bad.statusCode).toBe(422);
    expect(errorSummary(bad.body)).toEqual(['Enter the name of the asset', 'Choose what kind of asset it is']);
    expect($(bad.body)('main form').attr('action')).toBe(paths.edit(id));

    for (const who of [w.a.staff.resident, w.a.staff.organiser]) {
      const br = await w.as(who);
      expect((await br.get(paths.edit(id))).statusCode).toBe(403);
      expect((await br.post(paths.edit(id), form(), paths.asset(id))).statusCode).toBe(403);
    }
    const officerB = await w.as(w.b.staff.officer, w.b);
    expect((await officerB.get(paths.edit(id))).statusCode).toBe(404);
    expect((await officerB.post(paths.edit(id), form(), paths.assets)).statusCode).toBe(404);
    expect((await row(id)).name).toBe('Guarded Hall');
  });
});

describe('the register', () => {
  it('filters by kind and by ward, and counts what is public by kind', async () => {
    const [north, south] = w.a.wards;
    await suggest(w.a.staff.officer, { name: 'North Hall', category: 'place', areaId: north!.id });
    await suggest(w.a.staff.officer, { name: 'South Story Circle', category: 'culture', areaId: south!.id });
    const places = await listed(`${paths.assets}?category=place`);
    expect(places).toContain('North Hall');
    expect(places).not.toContain('South Story Circle');
    const inSouth = await listed(`${paths.assets}?ward=${south!.id}`);
    expect(inSouth).toEqual(['South Story Circle']);
    // Unknown filters are ignored, not errors.
    expect((await (await w.as(null)).get(`${paths.assets}?category=castle&ward=x`)).statusCode).toBe(200);

    const page = $((await (await w.as(null)).get(paths.assets)).body);
    const counts = Object.fromEntries(
      page('#summary tbody tr')
        .map((_i, el) => [[page(el).find('th').text().trim(), page(el).find('td').text().trim()]])
        .get() as [string, string][],
    );
    const publicRows = await w.services.db
      .select()
      .from(communityAssets)
      .where(and(eq(communityAssets.placeId, w.a.place.id), eq(communityAssets.status, 'public')));
    expect(counts.Place).toBe(String(publicRows.filter((r) => r.category === 'place').length));
    expect(counts['Stories and culture']).toBe(String(publicRows.filter((r) => r.category === 'culture').length));
  });
});

describe('GET /api/v1/community-assets', () => {
  it('lists public assets only, by name, a page at a time, with ward codes', async () => {
    await suggest(w.a.staff.officer, { name: 'Api Alpha', areaId: w.a.wards[1]!.id });
    await suggest(w.a.staff.officer, { name: 'Api Beta' });
    await suggest(w.a.staff.resident, { name: 'Api Hidden' });
    const api = await w.api('resident');
    const all: { name: string; ward: string | null }[] = [];
    let url = `${paths.api}?limit=2`;
    for (;;) {
      const res = await api.get(url);
      expect(res.statusCode).toBe(200);
      const body = res.json<{ items: { name: string; ward: string | null }[]; nextCursor: string | null }>();
      all.push(...body.items);
      if (!body.nextCursor) break;
      url = `${paths.api}?limit=2&cursor=${body.nextCursor}`;
    }
    const names = all.map((a) => a.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['Api Alpha', 'Api Beta']));
    expect(names).not.toContain('Api Hidden');
    expect(all.find((a) => a.name === 'Api Alpha')?.ward).toBe(w.a.wards[1]!.code);
  });

  it('answers bad queries and other places with problem documents', async () => {
    const api = await w.api('resident');
    problemOf(await api.get(`${paths.api}?category=castle`), 422);
    problemOf(await api.get(`${paths.api}?limit=0`), 422);
    const { id } = await suggest(w.a.staff.resident, { name: 'Cursor Of A Suggestion' });
    problemOf(await api.get(`${paths.api}?cursor=${id}`), 422);
    problemOf(await (await w.api(null)).get(paths.api), 401);
    const inB = (await (await w.api('resident', w.b)).get(paths.api)).json<{ items: { name: string }[] }>();
    expect(inB.items.map((a) => a.name)).not.toContain('Api Alpha');
  });
});

describe('personal data', () => {
  it("a person's export lists what they suggested, and nobody else's", async () => {
    const resident = await w.person('resident');
    await suggest(resident, { name: 'Export Me' });
    const br = await w.as(resident);
    const data = JSON.parse((await br.get('/account/export')).body) as {
      assets: { suggested: { name: string; status: string }[] };
    };
    expect(data.assets.suggested).toEqual([
      expect.objectContaining({ name: 'Export Me', status: 'suggested', category: 'association' }),
    ]);
  });
});
