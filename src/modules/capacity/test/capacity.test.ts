import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { $, createPlace, createUser, errorSummary, PASSWORD } from '../../../../test/helpers.js';
import { expectNothingStored, systemCtx, useWorld, type TestPlace, type TestUser } from '../../../../test/kit/index.js';
import { auditEvents, outbox, places } from '../../../../test/schema.js';
import type { CapacityKind } from '../capacity.schema.js';
import { capacityAsks, capacityNeeds, capacityOffers } from '../capacity.schema.js';
import { capacityPaths as paths } from '../capacity.paths.js';

/**
 * The capacity inventory: a person's offer is theirs alone (made, changed and withdrawn on their
 * account, seen by nobody else), a project's organisers say what it needs, and see only counts of
 * who could help, suppressed when small; their message reaches the consenting people of their own
 * place, once a week, without their addresses ever being shown.
 */
const w = useWorld('capacity');

// Bad input covered here: POST /account/what-i-could-share
// Bad input covered here: POST /account/what-i-could-share/withdraw
// Bad input covered here: POST /account/what-i-could-share/stop-messages
// Bad input covered here: POST /projects/:id/needs
// Bad input covered here: POST /projects/:id/needs/ask

const offerForm = (over: Record<string, string | string[] | undefined> = {}) => {
  const form: Record<string, string | string[] | undefined> = {
    kinds: ['skills', 'time'],
    description: 'I can cook for twenty',
    countInWard: 'yes',
    ...over,
  };
  return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined)) as Record<
    string,
    string | string[]
  >;
};

const offerRow = async (userId: string) =>
  (await w.services.db.select().from(capacityOffers).where(eq(capacityOffers.userId, userId)))[0];
const mailTo = (to: string) => w.services.db.select().from(outbox).where(eq(outbox.toAddress, to));

/** A person of the place living in `ward` (an index into the place's wards; null for none). */
async function resident(place: TestPlace = w.a, ward: number | null = 0, role: 'resident' | 'organiser' = 'resident') {
  const person = await w.person(role, place);
  await w.services.accounts.updateDetails(systemCtx(place.place.id), person.user.id, {
    displayName: person.user.displayName,
    homeAreaId: ward === null ? null : place.wards[ward]!.id,
  });
  return person;
}

/** An offer saved through the service, as the form would save it. */
async function offers(
  who: TestUser,
  kinds: CapacityKind[],
  consent: { countInWard?: boolean; mayBeAsked?: boolean },
  place: TestPlace = w.a,
) {
  await w.services.capacity.saveOffer(systemCtx(place.place.id), who.user, {
    kinds,
    description: `${who.email} offers`,
    countInWard: consent.countInWard ?? false,
    mayBeAsked: consent.mayBeAsked ?? false,
  });
}

/** A published project in ward 0 of place A, proposed by a new organiser. */
async function project(place: TestPlace = w.a, ward = 0) {
  const organiser = await w.person('organiser', place);
  const p = await w.services.projects.propose(
    systemCtx(place.place.id),
    organiser.user,
    {
      title: `Tool library ${organiser.user.id.slice(0, 8)}`,
      summary: 'Lending tools to neighbours',
      why: '',
      category: 'repair',
      areaId: place.wards[ward]!.id,
      needs: {},
      leadType: 'resident',
      threshold: null,
    },
    'post',
  );
  return { organiser, project: p };
}

async function setThreshold(place: TestPlace, suppressBelow: number) {
  await w.services.db
    .update(places)
    .set({ settings: sql`settings || ${JSON.stringify({ suppressBelow })}::jsonb` })
    .where(eq(places.id, place.place.id));
}

describe('a resident’s offer', () => {
  it('is added, changed and withdrawn on their account, and the account page links to it', async () => {
    const me = await resident();
    const br = await w.as(me);
    const account = $((await br.get('/account')).body);
    expect(account(`a[href="${paths.offer}"]`).text()).toBe('What you could share');

    const empty = $((await br.get(paths.offer)).body);
    expect(empty('h1').text()).toBe('What you could share');
    expect(empty('.govuk-inset-text').text()).toContain('Your ward is North Ward');
    expect(empty(`a[href="${paths.withdraw}"]`)).toHaveLength(0);

    const added = await br.post(paths.offer, offerForm());
    expect(added.statusCode, added.body.slice(0, 300)).toBe(303);
    expect(added.headers.location).toBe(`${paths.offer}?saved=1`);
    expect(await offerRow(me.user.id)).toMatchObject({
      placeId: w.a.place.id,
      kinds: ['skills', 'time'],
      description: 'I can cook for twenty',
      countInWard: true,
      mayBeAsked: false,
    });
    const shown = $((await br.get(`${paths.offer}?saved=1`)).body);
    expect(shown('.govuk-notification-banner').text()).toContain('Your offer has been saved');
    expect(
      shown('input[name="kinds"]:checked')
        .map((_i, el) => shown(el).attr('value'))
        .get(),
    ).toEqual(['skills', 'time']);
    expect(shown('#description').text()).toBe('I can cook for twenty');
    expect(shown('input[name="countInWard"]').is(':checked')).toBe(true);
    expect(shown('input[name="mayBeAsked"]').is(':checked')).toBe(false);

    const changed = await br.post(
      paths.offer,
      offerForm({ kinds: 'kit', description: '', countInWard: undefined, mayBeAsked: 'yes' }),
    );
    expect(changed.statusCode).toBe(303);
    expect(await offerRow(me.user.id)).toMatchObject({
      kinds: ['kit'],
      description: '',
      countInWard: false,
      mayBeAsked: true,
    });
    expect(await w.services.db.select().from(capacityOffers).where(eq(capacityOffers.userId, me.user.id))).toHaveLength(
      1,
    );

    const confirm = $((await br.get(paths.withdraw)).body);
    expect(confirm('h1').text()).toBe('Withdraw your offer');
    const withdrawn = await br.post(paths.withdraw, {});
    expect(withdrawn.statusCode).toBe(303);
    expect(withdrawn.headers.location).toBe(`${paths.offer}?withdrawn=1`);
    expect(await offerRow(me.user.id)).toBeUndefined();
    // With nothing to withdraw, the page sends them back to the form.
    expect((await br.get(paths.withdraw)).headers.location).toBe(paths.offer);
  });

  it('says when the person has no home ward, and still saves an offer they may be asked about', async () => {
    const me = await resident(w.a, null);
    const br = await w.as(me);
    expect($((await br.get(paths.offer)).body)('.govuk-inset-text').text()).toContain(
      'You have not chosen a home ward',
    );
    expect((await br.post(paths.offer, offerForm({ countInWard: undefined, mayBeAsked: 'yes' }))).statusCode).toBe(303);
  });

  it.each([
    [{ kinds: undefined }, 'Choose at least one thing you could share'],
    [{ kinds: 'money' }, 'Choose from the list'],
    [{ kinds: ['skills', 'castles'] }, 'Choose from the list'],
    [
      { countInWard: undefined, mayBeAsked: undefined },
      'Tick at least one of the two boxes, or withdraw your offer instead',
    ],
    [{ countInWard: 'maybe' }, 'Tick the box or leave it empty'],
    [{ description: 'x'.repeat(301) }, 'What you could share must be 300 characters or fewer'],
    [{ description: 'bad\u0007bell' }, 'What you could share must not contain control characters'],
    [{ userId: 'someone-else' }, 'The form sent fields it does not accept: userId. Reload the page and try again.'],
  ])('refuses %o with "%s", keeping what was typed and storing nothing', async (over, message) => {
    const me = await resident();
    const br = await w.as(me);
    const token = await br.csrf(paths.offer);
    const res = await expectNothingStored(w.t.database, () =>
      br.postRaw(paths.offer, { _csrf: token, ...offerForm(over) }),
    );
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([message]);
    const page = $(res.body);
    expect(page('title').text()).toMatch(/^Error: /);
    expect(page('#description').text()).toBe(offerForm(over).description);
  });

  it('is refused without the form’s CSRF token, and asks people who are not signed in to sign in', async () => {
    const me = await resident();
    const br = await w.as(me);
    await br.get(paths.offer);
    const res = await expectNothingStored(w.t.database, () => br.postRaw(paths.offer, offerForm()));
    expect(res.statusCode).toBe(403);

    const anonymous = await w.as(null);
    const page = await anonymous.get(paths.offer);
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(paths.offer)}`);
  });

  it('refuses fields on the withdraw and stop buttons, changing nothing', async () => {
    const me = await resident();
    await offers(me, ['time'], { countInWard: true, mayBeAsked: true });
    const br = await w.as(me);
    for (const path of [paths.withdraw, paths.stopMessages]) {
      const token = await br.csrf(path);
      const res = await expectNothingStored(w.t.database, () => br.postRaw(path, { _csrf: token, confirm: 'yes' }));
      expect(res.statusCode, path).toBe(422);
      expect(errorSummary(res.body)[0]).toContain('The form sent fields it does not accept: confirm');
    }
  });

  it('is seen by nobody else: not other residents, organisers, officers or admins', async () => {
    const me = await resident();
    await offers(me, ['passions'], { countInWard: true, mayBeAsked: true });
    const secret = `${me.email} offers`;
    for (const who of [w.a.staff.resident, w.a.staff.organiser, w.a.staff.officer, w.a.staff.admin]) {
      const br = await w.as(who);
      const own = await br.get(paths.offer);
      expect(own.body).not.toContain(secret);
      expect($(own.body)('input[name="kinds"]:checked')).toHaveLength(0);
      const profile = await br.get(`/admin/people/${me.user.id}`);
      expect(profile.body).not.toContain(secret);
    }
    const { organiser, project: p } = await project();
    await w.services.capacity.saveNeeds(systemCtx(w.a.place.id), organiser.user, p.id, {
      kinds: ['passions'],
      description: 'People who love music',
    });
    const needsPage = await (await w.as(organiser)).get(paths.needs(p.id));
    expect(needsPage.statusCode).toBe(200);
    expect(needsPage.body).not.toContain(secret);
    expect(needsPage.body).not.toContain(me.email);
  });

  it('goes when the account is deleted', async () => {
    const me = await resident();
    await offers(me, ['kit'], { countInWard: true });
    await w.services.accounts.deleteAccount(systemCtx(w.a.place.id), me.user.id, PASSWORD);
    expect(await offerRow(me.user.id)).toBeUndefined();
  });

  it('is in the person’s copy of their data', async () => {
    const me = await resident();
    const br = await w.as(me);
    await br.post(paths.offer, offerForm({ mayBeAsked: 'yes' }));
    const res = await br.get('/account/export');
    expect(res.statusCode).toBe(200);
    const data = JSON.parse(res.body) as { capacity: { offer: unknown; messagesSent: unknown[] } };
    expect(data.capacity.offer).toEqual({
      kinds: ['skills', 'time'],
      description: 'I can cook for twenty',
      countInWardFigures: true,
      organisersMayMessage: true,
      madeAt: expect.any(String),
      changedAt: expect.any(String),
    });
    expect(data.capacity.messagesSent).toEqual([]);
  });
});

describe('a project’s needs', () => {
  it('may be stated by its organisers and officers, not by a resident (403) or another place (404)', async () => {
    const { organiser, project: p } = await project();
    const needsForm = { kinds: ['skills', 'kit'], description: 'Someone to keep the accounts, and a gazebo' };

    const residentBr = await w.as(w.a.staff.resident);
    expect((await residentBr.get(paths.needs(p.id))).statusCode).toBe(403);
    const token = await residentBr.csrf(paths.offer);
    const refused = await expectNothingStored(w.t.database, () =>
      residentBr.postRaw(paths.needs(p.id), { _csrf: token, ...needsForm }),
    );
    expect(refused.statusCode).toBe(403);
    expect((await (await w.as(w.b.staff.officer, w.b)).get(paths.needs(p.id))).statusCode).toBe(404);
    const shown = $((await residentBr.get(`/projects/${p.id}`)).body);
    expect(shown(`a[href="${paths.needs(p.id)}"]`)).toHaveLength(0);

    const br = await w.as(organiser);
    const projectPage = $((await br.get(`/projects/${p.id}`)).body);
    expect(projectPage(`a[href="${paths.needs(p.id)}"]`)).toHaveLength(1);
    const res = await br.post(paths.needs(p.id), needsForm);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    expect(res.headers.location).toBe(`${paths.needs(p.id)}?saved=1`);
    const [row] = await w.services.db.select().from(capacityNeeds).where(eq(capacityNeeds.projectId, p.id));
    expect(row).toMatchObject({ placeId: w.a.place.id, kinds: ['skills', 'kit'], updatedBy: organiser.user.id });
    const audit = await w.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, p.id), eq(auditEvents.action, 'capacity.needs_saved')));
    expect(audit).toHaveLength(1);

    const officer = await w.as(w.a.staff.officer);
    expect((await officer.post(paths.needs(p.id), { kinds: 'space', description: 'A hall' })).statusCode).toBe(303);
    const [after] = await w.services.db.select().from(capacityNeeds).where(eq(capacityNeeds.projectId, p.id));
    expect(after).toMatchObject({ kinds: ['space'], description: 'A hall', updatedBy: w.a.staff.officer.user.id });
  });

  it.each([
    [{ kinds: undefined }, 'Choose at least one thing the project needs'],
    [{ kinds: 'money' }, 'Choose from the list'],
    [{ description: ' ' }, 'Enter what the project needs'],
    [{ description: 'x'.repeat(301) }, 'What the project needs must be 300 characters or fewer'],
  ])('refuses %o with "%s", storing nothing', async (over, message) => {
    const { organiser, project: p } = await project();
    const br = await w.as(organiser);
    const token = await br.csrf(paths.needs(p.id));
    const form = Object.fromEntries(
      Object.entries({ kinds: 'time', description: 'Hands on the day', ...over }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    const res = await expectNothingStored(w.t.database, () => br.postRaw(paths.needs(p.id), { _csrf: token, ...form }));
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toEqual([message]);
  });
});

describe('matching and asking', () => {
  it('counts only consenting, matching people, and suppresses counts below the threshold', async () => {
    // Place B's own counts start clean; its threshold is 3.
    await setThreshold(w.b, 3);
    const { organiser, project: p } = await project(w.b);
    await w.services.capacity.saveNeeds(systemCtx(w.b.place.id), organiser.user, p.id, {
      kinds: ['space', 'kit'],
      description: 'A room on Tuesdays, and a projector',
    });
    const inWard = [await resident(w.b, 0), await resident(w.b, 0)];
    for (const r of inWard) await offers(r, ['space'], { mayBeAsked: true }, w.b);
    const elsewhere = [await resident(w.b, 1), await resident(w.b, 2)];
    for (const r of elsewhere) await offers(r, ['kit', 'time'], { mayBeAsked: true, countInWard: true }, w.b);
    // Not counted: no consent to be asked; a kind the project does not need.
    await offers(await resident(w.b, 0), ['space'], { countInWard: true }, w.b);
    await offers(await resident(w.b, 0), ['skills'], { mayBeAsked: true }, w.b);
    // Place A's people never count in place B.
    for (let i = 0; i < 3; i++) await offers(await resident(w.a, 0), ['space'], { mayBeAsked: true });

    const br = await w.as(organiser, w.b);
    const counts = async () => {
      const page = $((await br.get(paths.needs(p.id))).body);
      return page('#counts .govuk-summary-list__row')
        .map((_i, el) => `${page(el).find('dt').text().trim()}: ${page(el).find('dd').text().trim()}`)
        .get();
    };
    expect(await counts()).toEqual(['In North Ward: fewer than 3 people', 'In the whole of Place B: 4 people']);
    await offers(await resident(w.b, 0), ['kit'], { mayBeAsked: true }, w.b);
    expect(await counts()).toEqual(['In North Ward: 3 people', 'In the whole of Place B: 5 people']);
  });

  it('emails the message only to consenting, matching people of the place, never showing their addresses', async () => {
    await setThreshold(w.a, 2);
    const { organiser, project: p } = await project(w.a, 2);
    await w.services.capacity.saveNeeds(systemCtx(w.a.place.id), organiser.user, p.id, {
      kinds: ['space'],
      description: 'A room on Tuesdays',
    });
    // East Ward (2) of place A: two who may be asked, one who may not, one offering something else.
    const yes = [await resident(w.a, 2), await resident(w.a, 2)];
    for (const r of yes) await offers(r, ['space', 'time'], { mayBeAsked: true, countInWard: true });
    const no = [await resident(w.a, 2), await resident(w.a, 2)];
    await offers(no[0]!, ['space'], { countInWard: true });
    await offers(no[1]!, ['kit'], { mayBeAsked: true });
    // Another ward of place A, and place B's East Ward.
    const otherWard = await resident(w.a, 1);
    await offers(otherWard, ['space'], { mayBeAsked: true });
    const placeB = await resident(w.b, 2);
    await offers(placeB, ['space'], { mayBeAsked: true }, w.b);
    // The organiser's own offer is not sent back to them.
    await offers(organiser, ['space'], { mayBeAsked: true });

    const br = await w.as(organiser);
    const message = 'Could anyone lend us a room on Tuesday evenings? Join the project and say hello.';
    const res = await br.post(paths.ask(p.id), { reach: 'ward', message }, paths.needs(p.id));
    expect(res.statusCode, errorSummary(res.body).join()).toBe(303);
    expect(res.headers.location).toBe(`${paths.needs(p.id)}?asked=1`);

    for (const r of yes) {
      const [mail, more] = await mailTo(r.email);
      expect(more).toBeUndefined();
      expect(mail?.subject).toBe(`Could you help "${p.title}"?`);
      expect(mail?.body).toContain(message);
      expect(mail?.body).toContain(`/projects/${p.id}`);
      expect(mail?.body).toContain(`To stop these messages: http://capacity-a.test${paths.stopMessages}`);
      expect(mail?.body).toContain(`${r.email} offers`);
      expect(mail?.body).not.toContain(organiser.email);
    }
    for (const r of [...no, otherWard, placeB, organiser]) expect(await mailTo(r.email), r.email).toEqual([]);

    // The organiser sees that it went, never to whom.
    const after = await br.get(`${paths.needs(p.id)}?asked=1`);
    expect($(after.body)('.govuk-notification-banner').text()).toContain('We have emailed your message');
    for (const r of yes) expect(after.body).not.toContain(r.email);
    const [ask] = await w.services.db.select().from(capacityAsks).where(eq(capacityAsks.projectId, p.id));
    expect(ask).toMatchObject({ reach: 'ward', recipients: 2, askedBy: organiser.user.id, kinds: ['space'] });
    const [audit] = await w.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, p.id), eq(auditEvents.action, 'capacity.asked')));
    expect(audit?.changes).toMatchObject({ reach: 'ward', recipients: 2 });
    for (const r of yes) expect(JSON.stringify(audit)).not.toContain(r.email);

    // The organiser's copy of their data has the message they sent.
    const data = JSON.parse((await br.get('/account/export')).body) as { capacity: { messagesSent: unknown[] } };
    expect(data.capacity.messagesSent).toEqual([expect.objectContaining({ message, recipients: 2 })]);

    // Once a week: a second message is refused, and nothing is sent or stored.
    const token = await br.csrf(paths.needs(p.id));
    expect($(after.body)('#next-ask').text()).toContain('you can send another from');
    const again = await expectNothingStored(w.t.database, () =>
      br.postRaw(paths.ask(p.id), { _csrf: token, reach: 'place', message: 'Anyone at all?' }),
    );
    expect(again.statusCode).toBe(422);
    expect(errorSummary(again.body)[0]).toMatch(/^This project last asked people on .+ You can ask again from /);

    // A week later it may ask again, this time the whole place (still never place B).
    await w.services.db
      .update(capacityAsks)
      .set({ createdAt: new Date(Date.now() - 8 * 24 * 60 * 60 * 1000) })
      .where(eq(capacityAsks.projectId, p.id));
    const later = await br.post(paths.ask(p.id), { reach: 'place', message: 'Still looking!' }, paths.needs(p.id));
    expect(later.statusCode).toBe(303);
    expect((await mailTo(otherWard.email)).map((m) => m.subject)).toEqual([`Could you help "${p.title}"?`]);
    expect(await mailTo(placeB.email)).toEqual([]);
    expect(await mailTo(organiser.email)).toEqual([]);
  });

  it('refuses a resident (403), a message with bad input (422), and a project with no needs yet', async () => {
    const { organiser, project: p } = await project();
    const br = await w.as(organiser);
    const token = await br.csrf(paths.needs(p.id));
    const noNeeds = await expectNothingStored(w.t.database, () =>
      br.postRaw(paths.ask(p.id), { _csrf: token, reach: 'place', message: 'Hello' }),
    );
    expect(noNeeds.statusCode).toBe(422);
    expect(errorSummary(noNeeds.body)).toEqual(['Say what the project needs before you ask people']);

    await w.services.capacity.saveNeeds(systemCtx(w.a.place.id), organiser.user, p.id, {
      kinds: ['time'],
      description: 'Hands on the day',
    });
    for (const [form, message] of [
      [{ reach: 'ward', message: ' ' }, 'Enter your message'],
      [{ reach: 'everyone', message: 'Hello' }, 'Choose whom to send your message to'],
      [{ reach: 'place', message: 'x'.repeat(1001) }, 'Message must be 1000 characters or fewer'],
      [
        { reach: 'place', message: 'Hello', bcc: 'me@example.org' },
        'The form sent fields it does not accept: bcc. Reload the page and try again.',
      ],
    ] as const) {
      const res = await expectNothingStored(w.t.database, () => br.postRaw(paths.ask(p.id), { _csrf: token, ...form }));
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toEqual([message]);
    }

    const residentBr = await w.as(w.a.staff.resident);
    const residentToken = await residentBr.csrf(paths.offer);
    const refused = await expectNothingStored(w.t.database, () =>
      residentBr.postRaw(paths.ask(p.id), { _csrf: residentToken, reach: 'place', message: 'Hello' }),
    );
    expect(refused.statusCode).toBe(403);
  });

  it('stops when the person follows the link in the email', async () => {
    const me = await resident();
    await offers(me, ['time'], { mayBeAsked: true, countInWard: true });
    const br = await w.as(me);
    expect($((await br.get(paths.stopMessages)).body)('h1').text()).toBe('Stop messages from organisers');
    const res = await br.post(paths.stopMessages, {});
    expect(res.headers.location).toBe(`${paths.offer}?stopped=1`);
    expect(await offerRow(me.user.id)).toMatchObject({ mayBeAsked: false, countInWard: true });

    // With no other reason left to keep it, the offer is deleted.
    const other = await resident();
    await offers(other, ['time'], { mayBeAsked: true });
    const otherBr = await w.as(other);
    expect((await otherBr.post(paths.stopMessages, {})).headers.location).toBe(`${paths.offer}?withdrawn=1`);
    expect(await offerRow(other.user.id)).toBeUndefined();
  });
});

describe('offersByWard, for the strength map', () => {
  it('counts people who agreed to be counted, by ward and kind, and nobody else', async () => {
    const c = await createPlace(w.services, 'capacity-c.test');
    const ctx = systemCtx(c.place.id);
    const person = async (ward: number | null) => {
      const p = await createUser(w.services, c.place.id, 'resident');
      await w.services.accounts.updateDetails(ctx, p.user.id, {
        displayName: 'Someone',
        homeAreaId: ward === null ? null : c.wards[ward]!.id,
      });
      return p;
    };
    const save = async (p: TestUser, kinds: CapacityKind[], countInWard: boolean) =>
      w.services.capacity.saveOffer(ctx, p.user, {
        kinds,
        description: 'private words',
        countInWard,
        mayBeAsked: true,
      });
    await save(await person(0), ['skills', 'time'], true);
    await save(await person(0), ['skills'], true);
    await save(await person(1), ['kit'], false);
    await save(await person(null), ['space'], true);

    const wards = await w.services.capacity.offersByWard(c.place.id);
    expect(wards).toEqual([
      { wardId: c.wards[0]!.id, people: 2, kinds: { skills: 2, passions: 0, time: 1, space: 0, kit: 0 } },
    ]);
    expect(JSON.stringify(wards)).not.toContain('private words');
  });
});
