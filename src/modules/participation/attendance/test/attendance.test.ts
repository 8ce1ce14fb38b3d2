import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPlace, createUser } from '../../../../../test/helpers.js';
import { systemCtx, useWorld } from '../../../../../test/kit/index.js';
import { ALL_AREAS, NO_AREA } from '../../rollups/rollups.schema.js';
import { rebuildRollups } from '../../rollups/rollups.repository.js';
import {
  dailyFromScratch,
  dailyRows,
  insertProject,
  insertSession,
  monthRows,
  monthsFromScratch,
  query,
  userCtx,
} from '../../test/attendance.fixtures.js';

const w = useWorld('attendance');

const count = async (table: string, placeId: string) =>
  Number(
    (await query(w.services.db, sql`select count(*)::int as n from ${sql.raw(table)} where place_id = ${placeId}`))[0]!
      .n,
  );

describe('counting attendance (hand-computed)', () => {
  it('the same person at three sessions is three attendances and one participant', async () => {
    const organiser = await w.person('resident');
    const person = await w.person('resident');
    const project = await insertProject(w.services.db, w.a.place.id, organiser.user.id);
    const ward = w.a.wards[0]!.id;
    // 3 and 10 June 2025 (BST: 10:00 London), and 1 July 2025; 90 minutes each.
    const starts = ['2025-06-03T09:00:00Z', '2025-06-10T09:00:00Z', '2025-07-01T09:00:00Z'];
    const ctx = userCtx(w.a.place.id, organiser.user.id);
    for (const s of starts) {
      const session = await insertSession(w.services.db, w.a.place.id, project.id, {
        startsAt: new Date(s),
        minutes: 90,
        areaId: ward,
      });
      await w.services.attendance.saveRegister(ctx, { user: organiser.user }, session.id, {
        attendees: [{ userId: person.user.id }],
        headcount: 0,
      });
    }
    const daily = await dailyRows(w.services.db, w.a.place.id);
    expect(daily).toEqual([
      { area_key: ward, day: '2025-06-03', named: 1, headcount: 0, minutes: 90, volunteer: 0 },
      { area_key: ward, day: '2025-06-10', named: 1, headcount: 0, minutes: 90, volunteer: 0 },
      { area_key: ward, day: '2025-07-01', named: 1, headcount: 0, minutes: 90, volunteer: 0 },
    ]);
    const months = await monthRows(w.services.db, w.a.place.id);
    // Each month in the ward's row and in the person's whole-place row.
    expect(months).toHaveLength(4);
    expect(months).toEqual(
      expect.arrayContaining([
        { user_id: person.user.id, area_key: ward, month: '2025-06-01', attendances: 2 },
        { user_id: person.user.id, area_key: ward, month: '2025-07-01', attendances: 1 },
        { user_id: person.user.id, area_key: ALL_AREAS, month: '2025-06-01', attendances: 2 },
        { user_id: person.user.id, area_key: ALL_AREAS, month: '2025-07-01', attendances: 1 },
      ]),
    );
    expect(new Set(months.map((m) => m.user_id)).size).toBe(1);
    expect(await count('attendances', w.a.place.id)).toBe(3);
  });
});

describe('head-counts, volunteers and removals', () => {
  let p: Awaited<ReturnType<typeof createPlace>>;
  beforeAll(async () => {
    p = await createPlace(w.services, 'hc.test');
  });

  it('a head-count of 12 adds 12 attendances and 12 × duration minutes, but no participants', async () => {
    const organiser = await createUser(w.services, p.place.id, 'resident');
    const project = await insertProject(w.services.db, p.place.id, organiser.user.id);
    // A winter session with no ward: 14 January 2025, 150 minutes.
    const session = await insertSession(w.services.db, p.place.id, project.id, {
      startsAt: new Date('2025-01-14T18:00:00Z'),
      minutes: 150,
    });
    const result = await w.services.attendance.saveRegister(
      userCtx(p.place.id, organiser.user.id),
      { user: organiser.user },
      session.id,
      { attendees: [], headcount: 12 },
    );
    expect(result).toMatchObject({ added: 0, headcount: 12 });
    expect(await dailyRows(w.services.db, p.place.id)).toEqual([
      { area_key: NO_AREA, day: '2025-01-14', named: 0, headcount: 12, minutes: 1800, volunteer: 0 },
    ]);
    expect(await monthRows(w.services.db, p.place.id)).toEqual([]);

    // Lowering it to 5 takes 7 × 150 = 1050 minutes away.
    await w.services.attendance.saveRegister(systemCtx(p.place.id), { user: organiser.user }, session.id, {
      attendees: [],
      headcount: 5,
    });
    expect(await dailyRows(w.services.db, p.place.id)).toEqual([
      { area_key: NO_AREA, day: '2025-01-14', named: 0, headcount: 5, minutes: 750, volunteer: 0 },
    ]);
  });

  it('counts volunteer minutes, and removing people takes their counts away', async () => {
    const q = await createPlace(w.services, 'vol.test');
    const organiser = await createUser(w.services, q.place.id, 'resident');
    const [v, u, x] = [
      await createUser(w.services, q.place.id, 'resident'),
      await createUser(w.services, q.place.id, 'resident'),
      await createUser(w.services, q.place.id, 'resident'),
    ];
    const project = await insertProject(w.services.db, q.place.id, organiser.user.id);
    const ward = q.wards[1]!.id;
    const session = await insertSession(w.services.db, q.place.id, project.id, {
      startsAt: new Date('2025-03-05T10:00:00Z'),
      minutes: 120,
      areaId: ward,
    });
    const ctx = userCtx(q.place.id, organiser.user.id);
    const rec = { user: organiser.user };
    await w.services.attendance.saveRegister(ctx, rec, session.id, {
      attendees: [
        { userId: v.user.id, role: 'volunteer', minutes: 180 },
        { userId: u.user.id, role: 'volunteer' },
        { userId: x.user.id, role: 'lead' },
      ],
      headcount: 3,
    });
    // Named 180 + 120 + 120 = 420, head-count 3 × 120 = 360: 780 minutes; volunteers and the lead 180 + 120 + 120 = 420.
    expect(await dailyRows(w.services.db, q.place.id)).toEqual([
      { area_key: ward, day: '2025-03-05', named: 3, headcount: 3, minutes: 780, volunteer: 420 },
    ]);
    // Take u away, make x a participant: named 2, minutes 180 + 120 + 360 = 660, volunteers 180.
    await w.services.attendance.saveRegister(ctx, rec, session.id, {
      attendees: [
        { userId: v.user.id, role: 'volunteer', minutes: 180 },
        { userId: x.user.id, role: 'participant' },
      ],
      headcount: 3,
    });
    expect(await dailyRows(w.services.db, q.place.id)).toEqual([
      { area_key: ward, day: '2025-03-05', named: 2, headcount: 3, minutes: 660, volunteer: 180 },
    ]);
    const months = await monthRows(w.services.db, q.place.id);
    expect([...new Set(months.map((m) => m.user_id))].sort()).toEqual([v.user.id, x.user.id].sort());
    // Everyone off: no participant rows left, nothing counted.
    await w.services.attendance.saveRegister(ctx, rec, session.id, { attendees: [], headcount: 0 });
    expect(await dailyRows(w.services.db, q.place.id)).toEqual([]);
    expect(await monthRows(w.services.db, q.place.id)).toEqual([]);
    const audits = await w.services.audit.list(q.place.id, { action: 'attendance.recorded' });
    expect(audits).toHaveLength(3);
    expect(JSON.stringify(audits)).not.toContain(v.user.displayName);
  });

  it('after a sequence of records and removals the incremental rollups equal a recomputation', async () => {
    const r = await createPlace(w.services, 'seq.test');
    const organiser = await createUser(w.services, r.place.id, 'resident');
    const people = [];
    for (let i = 0; i < 6; i++) people.push((await createUser(w.services, r.place.id, 'resident')).user.id);
    const project = await insertProject(w.services.db, r.place.id, organiser.user.id);
    const sessionsMade = [];
    for (const [i, s] of ['2025-03-30T00:30:00Z', '2025-03-31T23:30:00Z', '2025-10-26T00:30:00Z'].entries())
      sessionsMade.push(
        await insertSession(w.services.db, r.place.id, project.id, {
          startsAt: new Date(s),
          minutes: 60 + i * 30,
          areaId: i === 1 ? null : r.wards[i]!.id,
        }),
      );
    const ctx = userCtx(r.place.id, organiser.user.id);
    const rec = { user: organiser.user };
    const att = w.services.attendance;
    const [s0, s1, s2] = sessionsMade.map((s) => s.id) as [string, string, string];
    await att.saveRegister(ctx, rec, s0, {
      attendees: people.slice(0, 4).map((userId) => ({ userId })),
      headcount: 7,
    });
    await att.record(
      ctx,
      rec,
      s1,
      { attendees: people.slice(2).map((userId) => ({ userId, role: 'volunteer' as const, minutes: 45 })) },
      'api',
    );
    await att.record(ctx, rec, s1, { attendees: [{ userId: people[2]!, role: 'lead' }], headcount: 4 }, 'api');
    await att.saveRegister(ctx, rec, s2, { attendees: people.map((userId) => ({ userId })), headcount: 2 });
    await att.saveRegister(ctx, rec, s0, { attendees: [{ userId: people[1]! }], headcount: 3 });
    await att.saveRegister(ctx, rec, s2, { attendees: people.slice(3).map((userId) => ({ userId })), headcount: 0 });
    expect(await dailyRows(w.services.db, r.place.id)).toEqual(await dailyFromScratch(w.services.db, r.place.id));
    expect(await monthRows(w.services.db, r.place.id)).toEqual(await monthsFromScratch(w.services.db, r.place.id));
    // The other module's full rebuild agrees with what was kept incrementally.
    const incremental = [await dailyRows(w.services.db, r.place.id), await monthRows(w.services.db, r.place.id)];
    await rebuildRollups(w.services.db, r.place.id);
    expect([await dailyRows(w.services.db, r.place.id), await monthRows(w.services.db, r.place.id)]).toEqual(
      incremental,
    );
    // London days: 30 March 2025 00:30 UTC is 00:30 GMT; 31 March 23:30 UTC is 1 April 00:30 BST.
    const days = (await dailyRows(w.services.db, r.place.id)).map((d) => d.day).sort();
    expect(days).toEqual(['2025-03-30', '2025-04-01', '2025-10-26']);
  });
});
