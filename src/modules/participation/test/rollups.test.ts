import { eq, sql } from 'drizzle-orm';
import { places } from '../../places/places.schema.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createPlace, createUser, type TestApp } from '../../../../test/helpers.js';
import { ALL_AREAS, NO_AREA } from '../participation.schema.js';
import { rebuildRollups } from '../rollups.js';
import { makeProject, makeSession, query, systemCtx } from './attendance.fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** Each person's scopes with their first month and the months whose bits are set (0 = January 2000). */
const activity = (placeId: string) =>
  query(
    t.services.db,
    sql`select user_id::text as user_id, area_key::text as area_key, first_month::text as first_month,
          array_to_string(array(select i from generate_series(0, 599) i where get_bit(months, i) = 1), ',') as bits
        from participant_activity where place_id = ${placeId} order by 1, 2`,
  );
const monthDays = (placeId: string) =>
  query(
    t.services.db,
    sql`select user_id::text as user_id, area_key::text as area_key, month::text as month, days::text as days
        from participant_months where place_id = ${placeId} order by 1, 2, 3`,
  );
const totals = (placeId: string) =>
  query(
    t.services.db,
    sql`select session_id::text as session_id, named_attendances::int as named, headcount::int as headcount
        from session_totals where place_id = ${placeId} and (named_attendances <> 0 or headcount <> 0) order by 1`,
  );

describe('participant activity and session totals', () => {
  it('kept incrementally while recording, they equal a rebuild, and hold the hand-worked months', async () => {
    const r = await createPlace(t.services, 'activity.test');
    const organiser = await createUser(t.services, r.place.id, 'resident');
    const [p1, p2, p3] = [
      (await createUser(t.services, r.place.id, 'resident')).user.id,
      (await createUser(t.services, r.place.id, 'resident')).user.id,
      (await createUser(t.services, r.place.id, 'resident')).user.id,
    ];
    const project = await makeProject(t.services.db, r.place.id, organiser.user.id);
    const w0 = r.wards[0]!.id;
    const w1 = r.wards[1]!.id;
    const mk = (at: string, areaId: string | null) =>
      makeSession(t.services.db, r.place.id, project.id, { startsAt: new Date(at), minutes: 60, areaId });
    // March, May and June 2025 in ward 0; April 2025 in ward 1; January 2025 with no ward.
    const march = await mk('2025-03-10T10:00:00Z', w0);
    const april = await mk('2025-04-10T10:00:00Z', w1);
    const may = await mk('2025-05-10T10:00:00Z', w0);
    const june = await mk('2025-06-10T10:00:00Z', w0);
    const january = await mk('2025-01-10T10:00:00Z', null);
    const ctx = systemCtx(r.place.id, organiser.user.id);
    const rec = { user: organiser.user };
    const att = t.services.attendance;

    await att.saveRegister(ctx, rec, march.id, { attendees: [{ userId: p1 }, { userId: p2 }], headcount: 5 });
    await att.saveRegister(ctx, rec, april.id, { attendees: [{ userId: p1 }, { userId: p3 }], headcount: 0 });
    await att.record(ctx, rec, may.id, { attendees: [{ userId: p2 }] }, 'api');
    await att.saveRegister(ctx, rec, june.id, { attendees: [{ userId: p1 }, { userId: p2 }], headcount: 2 });
    // Recorded late: an earlier first month for p2.
    await att.record(ctx, rec, january.id, { attendees: [{ userId: p2 }] }, 'api');
    // Taken off again: p1's only ward-0 month after March goes, and p2 leaves March.
    await att.saveRegister(ctx, rec, june.id, { attendees: [{ userId: p2 }], headcount: 3 });
    await att.saveRegister(ctx, rec, march.id, { attendees: [{ userId: p1 }], headcount: 5 });

    // Month bits: January 2025 is (2025 - 2000) × 12 = 300, March 302, April 303, May 304, June 305.
    const expected = [
      { user_id: p1, area_key: w0, first_month: '2025-03-01', bits: '302' },
      { user_id: p1, area_key: w1, first_month: '2025-04-01', bits: '303' },
      { user_id: p1, area_key: ALL_AREAS, first_month: '2025-03-01', bits: '302,303' },
      { user_id: p2, area_key: NO_AREA, first_month: '2025-01-01', bits: '300' },
      { user_id: p2, area_key: w0, first_month: '2025-05-01', bits: '304,305' },
      { user_id: p2, area_key: ALL_AREAS, first_month: '2025-01-01', bits: '300,304,305' },
      { user_id: p3, area_key: w1, first_month: '2025-04-01', bits: '303' },
      { user_id: p3, area_key: ALL_AREAS, first_month: '2025-04-01', bits: '303' },
    ];
    const sortRows = (rows: Record<string, unknown>[]) =>
      [...rows].sort((x, y) => `${x.user_id}${x.area_key}`.localeCompare(`${y.user_id}${y.area_key}`));
    const incremental = await activity(r.place.id);
    expect(sortRows(incremental)).toEqual(sortRows(expected));
    const sessionTotals = await totals(r.place.id);
    expect(sessionTotals).toEqual(
      [
        { session_id: march.id, named: 1, headcount: 5 },
        { session_id: april.id, named: 2, headcount: 0 },
        { session_id: may.id, named: 1, headcount: 0 },
        { session_id: june.id, named: 1, headcount: 3 },
        { session_id: january.id, named: 1, headcount: 0 },
      ].sort((x, y) => x.session_id.localeCompare(y.session_id)),
    );

    const days = await monthDays(r.place.id);
    // 10 March: day bit 10 of 31.
    expect(days.find((d) => d.user_id === p1 && d.month === '2025-03-01')?.days).toBe(
      '0000000001000000000000000000000',
    );
    await rebuildRollups(t.services.db, r.place.id);
    expect(await activity(r.place.id)).toEqual(incremental);
    expect(await monthDays(r.place.id)).toEqual(days);
    expect(await totals(r.place.id)).toEqual(sessionTotals);
  });

  it('feeds retention and cumulative reach: first months, and who came back 3 months later, as the stats service reads them', async () => {
    const r = await createPlace(t.services, 'retention.test');
    const organiser = await createUser(t.services, r.place.id, 'resident');
    const people = [];
    for (let i = 0; i < 3; i++) people.push((await createUser(t.services, r.place.id, 'resident')).user.id);
    const project = await makeProject(t.services.db, r.place.id, organiser.user.id);
    const mk = (at: string) =>
      makeSession(t.services.db, r.place.id, project.id, { startsAt: new Date(at), minutes: 60, areaId: null });
    const jan = await mk('2025-01-10T10:00:00Z');
    const apr = await mk('2025-04-10T10:00:00Z');
    const ctx = systemCtx(r.place.id, organiser.user.id);
    const rec = { user: organiser.user };
    // Three newcomers in January; two of them come back in April (3 months later).
    await t.services.attendance.saveRegister(ctx, rec, jan.id, {
      attendees: people.map((userId) => ({ userId })),
      headcount: 0,
    });
    await t.services.attendance.saveRegister(ctx, rec, apr.id, {
      attendees: people.slice(0, 2).map((userId) => ({ userId })),
      headcount: 0,
    });
    await t.services.db
      .update(places)
      .set({ settings: sql`settings || ${JSON.stringify({ suppressBelow: 1 })}::jsonb` })
      .where(eq(places.id, r.place.id));
    const s = await t.services.participationStats.participation(r.place.id, { from: '2025-01-01', to: '2025-07-31' });
    expect(s.retention3Months).toBe(0.667);
    expect(s.uniqueParticipants.value).toBe(3);
    expect(s.months.map((m) => m.participants.value)).toEqual([3, null, null, 2, null, null, null]);
    expect(s.regularParticipationRate).toBe(0);
    const progress = await t.services.participationStats.targetProgress(r.place.id, '2025-08-15');
    expect(progress?.toDate.value).toBe(3);
  });
});
