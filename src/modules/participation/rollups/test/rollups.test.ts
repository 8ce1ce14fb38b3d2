import { eq, sql } from 'drizzle-orm';
import { places } from '../../../../core/places/places.schema.js';
import { describe, expect, it } from 'vitest';
import { createPlace, createUser } from '../../../../../test/helpers.js';
import { useWorld } from '../../../../../test/kit/index.js';
import { ALL_AREAS, NO_AREA } from '../../rollups/rollups.schema.js';
import { rebuildRollups } from '../../rollups/rollups.repository.js';
import { insertProject, insertSession, query, userCtx } from '../../test/attendance.fixtures.js';
import { sessions } from '../../../sessions/sessions.schema.js';

const w = useWorld('rollups');

/** Each person's scopes with their first month and the months whose bits are set (0 = January 2000). */
const activity = (placeId: string) =>
  query(
    w.services.db,
    sql`select user_id::text as user_id, area_key::text as area_key, first_month::text as first_month,
          array_to_string(array(select i from generate_series(0, 599) i where get_bit(months, i) = 1), ',') as bits
        from participant_activity where place_id = ${placeId} order by 1, 2`,
  );
const monthDays = (placeId: string) =>
  query(
    w.services.db,
    sql`select user_id::text as user_id, area_key::text as area_key, month::text as month, days::text as days
        from participant_months where place_id = ${placeId} order by 1, 2, 3`,
  );
/** The visit counts that count (rows taken down to 0 by removals may stay behind, counting nothing). */
const visitCounts = (placeId: string) =>
  query(
    w.services.db,
    sql`select kind::int as kind, month::text as month, area_key::text as area_key, other_month::text as other,
          day::int as day, other_day::int as other_day, people::int as people
        from participation_visit_counts where place_id = ${placeId} and people <> 0 order by 1, 2, 3, 4, 5, 6`,
  );
const sessionsDaily = (placeId: string) =>
  query(
    w.services.db,
    sql`select area_key::text as area_key, day::text as day, sessions::int as sessions, offered_minutes::int as offered
        from sessions_daily where place_id = ${placeId} and (sessions <> 0 or offered_minutes <> 0) order by 1, 2`,
  );
/** Participation's copy of the sessions and the sessions themselves, as the same columns. */
const copyAndSource = async (placeId: string) => {
  const cols = sql`place_id::text as place_id, project_id::text as project_id, area_id::text as area_id,
    starts_at::text as starts_at, duration_minutes, capacity, cancelled_at::text as cancelled_at`;
  const [copy, source] = await Promise.all([
    query(
      w.services.db,
      sql`select session_id::text as id, ${cols} from participation_sessions where place_id = ${placeId} order by 1`,
    ),
    query(w.services.db, sql`select id::text as id, ${cols} from sessions where place_id = ${placeId} order by 1`),
  ]);
  return { copy, source };
};
const totals = (placeId: string) =>
  query(
    w.services.db,
    sql`select session_id::text as session_id, named_attendances::int as named, headcount::int as headcount
        from session_totals where place_id = ${placeId} and (named_attendances <> 0 or headcount <> 0) order by 1`,
  );

describe('participant activity and session totals', () => {
  it('kept incrementally while recording, they equal a rebuild, and hold the hand-worked months', async () => {
    const r = await createPlace(w.services, 'activity.test');
    const organiser = await createUser(w.services, r.place.id, 'resident');
    const [p1, p2, p3] = [
      (await createUser(w.services, r.place.id, 'resident')).user.id,
      (await createUser(w.services, r.place.id, 'resident')).user.id,
      (await createUser(w.services, r.place.id, 'resident')).user.id,
    ];
    const project = await insertProject(w.services.db, r.place.id, organiser.user.id);
    const w0 = r.wards[0]!.id;
    const w1 = r.wards[1]!.id;
    const mk = (at: string, areaId: string | null) =>
      insertSession(w.services.db, r.place.id, project.id, { startsAt: new Date(at), minutes: 60, areaId });
    // March, May and June 2025 in ward 0; April 2025 in ward 1; January 2025 with no ward.
    const march = await mk('2025-03-10T10:00:00Z', w0);
    const april = await mk('2025-04-10T10:00:00Z', w1);
    const may = await mk('2025-05-10T10:00:00Z', w0);
    const june = await mk('2025-06-10T10:00:00Z', w0);
    const january = await mk('2025-01-10T10:00:00Z', null);
    const ctx = userCtx(r.place.id, organiser.user.id);
    const rec = { user: organiser.user };
    const att = w.services.attendance;

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
    const sortRows = (rows: Record<string, string | number | null>[]) =>
      [...rows].sort((x, y) => [x.user_id, x.area_key].join().localeCompare([y.user_id, y.area_key].join()));
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
    const kept = await visitCounts(r.place.id);
    const none = '1900-01-01';
    const wholePlace = (kind: number) =>
      kept
        .filter((c) => c.kind === kind && c.area_key === ALL_AREAS)
        .map(({ month, other, day, other_day, people }) => [month, other, day, other_day, people]);
    // Months by their previous month (k = 1), whole place: January (p2, no earlier month), March (p1),
    // April (p1 after March; p3 new), May (p2 after January), June (p2 after May).
    expect(wholePlace(1)).toEqual([
      ['2025-01-01', none, 0, 0, 1],
      ['2025-03-01', none, 0, 0, 1],
      ['2025-04-01', none, 0, 0, 1],
      ['2025-04-01', '2025-03-01', 0, 0, 1],
      ['2025-05-01', '2025-01-01', 0, 0, 1],
      ['2025-06-01', '2025-05-01', 0, 0, 1],
    ]);
    // Second previous month (k = 2): only p2's June has one (January).
    expect(wholePlace(2).filter(([, other]) => other !== none)).toEqual([['2025-06-01', '2025-01-01', 0, 0, 1]]);
    // First days: every session was on the 10th; onward: p1 March → April (last day 10 March),
    // p2 January → May and May → June.
    expect(wholePlace(5).map(([month, other, day]) => [month, other, day])).toEqual([
      ['2025-01-01', none, 10],
      ['2025-03-01', none, 10],
      ['2025-04-01', none, 10],
      ['2025-04-01', '2025-03-01', 10],
      ['2025-05-01', '2025-01-01', 10],
      ['2025-06-01', '2025-05-01', 10],
    ]);
    expect(wholePlace(6)).toEqual([
      ['2025-01-01', '2025-05-01', 0, 10, 1],
      ['2025-03-01', '2025-04-01', 0, 10, 1],
      ['2025-05-01', '2025-06-01', 0, 10, 1],
    ]);
    const offered = await sessionsDaily(r.place.id);
    // No capacity: each session offers what the people who came used (named + head-count) × 60 minutes.
    expect(offered.find((o) => o.day === '2025-03-10')).toEqual({
      area_key: w0,
      day: '2025-03-10',
      sessions: 1,
      offered: 360,
    });

    await rebuildRollups(w.services.db, r.place.id);
    expect(await activity(r.place.id)).toEqual(incremental);
    expect(await monthDays(r.place.id)).toEqual(days);
    expect(await totals(r.place.id)).toEqual(sessionTotals);
    expect(await visitCounts(r.place.id)).toEqual(kept);
    expect(await sessionsDaily(r.place.id)).toEqual(offered);
  });

  it('keeps sessions and hours offered per day as sessions are added, cancelled, moved and deleted', async () => {
    const r = await createPlace(w.services, 'offered.test');
    const organiser = await createUser(w.services, r.place.id, 'resident');
    const person = await createUser(w.services, r.place.id, 'resident');
    const project = await insertProject(w.services.db, r.place.id, organiser.user.id);
    const w0 = r.wards[0]!.id;
    const a = await insertSession(w.services.db, r.place.id, project.id, {
      startsAt: new Date('2025-05-01T09:00:00Z'),
      minutes: 90,
      areaId: w0,
    });
    const b = await insertSession(w.services.db, r.place.id, project.id, {
      startsAt: new Date('2025-05-01T23:30:00Z'), // 00:30 on 2 May in London (BST)
      minutes: 60,
      areaId: w0,
    });
    await w.services.db.update(sessions).set({ capacity: 12 }).where(eq(sessions.id, a.id));
    const ctx = userCtx(r.place.id, organiser.user.id);
    await w.services.attendance.saveRegister(ctx, { user: organiser.user }, b.id, {
      attendees: [{ userId: person.user.id }],
      headcount: 2,
    });
    // a: 12 places × 90 = 1,080 on 1 May; b: no capacity, 3 came × 60 = 180 on 2 May (London).
    expect(await sessionsDaily(r.place.id)).toEqual([
      { area_key: w0, day: '2025-05-01', sessions: 1, offered: 1080 },
      { area_key: w0, day: '2025-05-02', sessions: 1, offered: 180 },
    ]);
    await w.services.db.update(sessions).set({ cancelledAt: new Date() }).where(eq(sessions.id, a.id));
    await w.services.db
      .update(sessions)
      .set({ startsAt: new Date('2025-05-03T09:00:00Z'), areaId: null })
      .where(eq(sessions.id, b.id));
    expect(await sessionsDaily(r.place.id)).toEqual([
      { area_key: NO_AREA, day: '2025-05-03', sessions: 1, offered: 180 },
    ]);
    // Participation's copy of the sessions follows every change (the trigger on sessions keeps it).
    const moved = await copyAndSource(r.place.id);
    expect(moved.copy).toHaveLength(2);
    expect(moved.copy).toEqual(moved.source);
    const kept = await sessionsDaily(r.place.id);
    await rebuildRollups(w.services.db, r.place.id);
    expect(await sessionsDaily(r.place.id)).toEqual(kept);
    await w.services.db.delete(sessions).where(eq(sessions.id, b.id));
    expect(await sessionsDaily(r.place.id)).toEqual([]);
    const deleted = await copyAndSource(r.place.id);
    expect(deleted.copy.map((c) => c.id)).toEqual([a.id]);
    expect(deleted.copy).toEqual(deleted.source);
  });

  it('counts part-month periods exactly: each person once, at the edges, in whole months and per ward', async () => {
    const r = await createPlace(w.services, 'edges.test');
    await w.services.db
      .update(places)
      .set({ settings: sql`settings || ${JSON.stringify({ suppressBelow: 1 })}::jsonb` })
      .where(eq(places.id, r.place.id));
    const organiser = await createUser(w.services, r.place.id, 'resident');
    const project = await insertProject(w.services.db, r.place.id, organiser.user.id);
    const [w0, w1] = [r.wards[0]!, r.wards[1]!];
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await createUser(w.services, r.place.id, 'resident')).user.id);
    const [p1, p2, p3, p4, p5, p6] = ids as [string, string, string, string, string, string];
    // Who came when (2025, ward 0 unless said):
    //   P1: 10 Jan, 20 Mar           P2: 25 Jan         P3: 5 Feb       P4: 28 Mar
    //   P5: 20 Jan, 10 Mar (ward 1)  P6: 16 Jan, 2 Feb, 2 Mar
    const visits: [string, string | null, string[]][] = [
      ['2025-01-10', w0.id, [p1]],
      ['2025-01-16', w0.id, [p6]],
      ['2025-01-20', w0.id, [p5]],
      ['2025-01-25', w0.id, [p2]],
      ['2025-02-02', w0.id, [p6]],
      ['2025-02-05', w0.id, [p3]],
      ['2025-03-02', w0.id, [p6]],
      ['2025-03-10', w1.id, [p5]],
      ['2025-03-20', w0.id, [p1]],
      ['2025-03-28', w0.id, [p4]],
    ];
    const ctx = userCtx(r.place.id, organiser.user.id);
    for (const [day, areaId, people] of visits) {
      const s = await insertSession(w.services.db, r.place.id, project.id, {
        startsAt: new Date(`${day}T10:00:00Z`),
        minutes: 60,
        areaId,
      });
      await w.services.attendance.record(
        ctx,
        { user: organiser.user },
        s.id,
        {
          attendees: people.map((userId) => ({ userId })),
        },
        'api',
      );
    }
    const stats = (from: string, to: string, wardCode?: string) =>
      w.services.participationStats.participation(r.place.id, { from, to, wardCode });
    const check = async () => {
      // 15 Jan–15 Mar: head 15–31 Jan (P2, P5, P6), February (P3, P6), tail 1–15 Mar (P5, P6):
      // P2, P3, P5 and P6, each once (P5 in both edges and not between, P6 in all three).
      const s = await stats('2025-01-15', '2025-03-15');
      expect(s.uniqueParticipants.value).toBe(4);
      expect(s.months.map((m) => m.participants.value)).toEqual([3, 2, 2]);
      const ward = (code: string) => s.wards.find((x) => x.code === code)?.participants.value;
      expect([ward(w0.code), ward(w1.code)]).toEqual([4, 1]);
      expect((await stats('2025-01-15', '2025-03-15', w1.code)).uniqueParticipants.value).toBe(1);
      // 10 Jan–20 Mar adds P1 (10 Jan and 20 Mar, nothing between).
      expect((await stats('2025-01-10', '2025-03-20')).uniqueParticipants.value).toBe(5);
      // 21 Jan–10 Mar: P2 (25 Jan), P3 and P6 (February), P5 (10 Mar only).
      expect((await stats('2025-01-21', '2025-03-10')).uniqueParticipants.value).toBe(4);
      // Within one month: 15–31 Jan (P2, P5, P6), 1–15 Mar (P5, P6), 11–19 Mar (nobody).
      expect((await stats('2025-01-15', '2025-01-31')).uniqueParticipants.value).toBe(3);
      expect((await stats('2025-03-01', '2025-03-15')).uniqueParticipants.value).toBe(2);
      expect((await stats('2025-03-11', '2025-03-19')).uniqueParticipants.value).toBeNull();
      // Whole months January–March: all six; regular (3 of the months): P6 only.
      const q1 = await stats('2025-01-01', '2025-03-31');
      expect(q1.uniqueParticipants.value).toBe(6);
      expect(q1.regularParticipationRate).toBe(0.167);
      expect(q1.regularParticipants).toBe(1);
    };
    await check();
    await rebuildRollups(w.services.db, r.place.id);
    await check();
  });

  it('feeds retention and cumulative reach: first months, and who came back 3 months later, as the stats service reads them', async () => {
    const r = await createPlace(w.services, 'retention.test');
    const organiser = await createUser(w.services, r.place.id, 'resident');
    const people = [];
    for (let i = 0; i < 3; i++) people.push((await createUser(w.services, r.place.id, 'resident')).user.id);
    const project = await insertProject(w.services.db, r.place.id, organiser.user.id);
    const mk = (at: string) =>
      insertSession(w.services.db, r.place.id, project.id, { startsAt: new Date(at), minutes: 60, areaId: null });
    const jan = await mk('2025-01-10T10:00:00Z');
    const apr = await mk('2025-04-10T10:00:00Z');
    const ctx = userCtx(r.place.id, organiser.user.id);
    const rec = { user: organiser.user };
    // Three newcomers in January; two of them come back in April (3 months later).
    await w.services.attendance.saveRegister(ctx, rec, jan.id, {
      attendees: people.map((userId) => ({ userId })),
      headcount: 0,
    });
    await w.services.attendance.saveRegister(ctx, rec, apr.id, {
      attendees: people.slice(0, 2).map((userId) => ({ userId })),
      headcount: 0,
    });
    await w.services.db
      .update(places)
      .set({ settings: sql`settings || ${JSON.stringify({ suppressBelow: 1 })}::jsonb` })
      .where(eq(places.id, r.place.id));
    const s = await w.services.participationStats.participation(r.place.id, { from: '2025-01-01', to: '2025-07-31' });
    expect(s.retention3Months).toBe(0.667);
    expect(s.uniqueParticipants.value).toBe(3);
    expect(s.months.map((m) => m.participants.value)).toEqual([3, null, null, 2, null, null, null]);
    expect(s.regularParticipationRate).toBe(0);
    const progress = await w.services.participationStats.targetProgress(r.place.id, '2025-08-15');
    expect(progress?.toDate.value).toBe(3);
  });
});
