import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPlace, createUser } from '../../../../test/helpers.js';
import { systemCtx } from '../../../../test/kit/index.js';
import { useWorld } from '../../../../test/kit/world.js';
import * as schema from '../../../../test/schema.js';
import { insertProject, insertSession } from '../../participation/test/attendance.fixtures.js';
import type { StrengthTable } from '../strength.service.js';

/**
 * The strength measures of three wards worked out by hand (see each expectation). Wards: North
 * (10,000 people), South (11,000) and East (12,000), as the test places have.
 */
describe('strength measures per ward', () => {
  const w = useWorld('strength-measures');
  let table: StrengthTable;
  let placeId: string;
  const ward = (name: string) => table.wards.find((x) => x.ward.name === name);

  beforeAll(async () => {
    const c = await createPlace(w.services, 'strength-c.test');
    placeId = c.place.id;
    await w.services.db
      .update(schema.places)
      .set({ settings: sql`settings || ${JSON.stringify({ suppressBelow: 1 })}::jsonb` })
      .where(eq(schema.places.id, placeId));
    const [north, south, east] = c.wards;
    const organiser = await createUser(w.services, placeId, 'organiser');
    const people = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createUser(w.services, placeId, 'resident')));
    const id = (i: number) => people[i]!.user.id;
    const record = async (sessionId: string, at: Date, attendees: { userId: string; role?: 'volunteer' }[]) =>
      w.services.attendance.record(systemCtx(placeId), { token: true }, sessionId, { attendees }, 'api', at);

    // North: a resident-led project with three two-hour sessions. Person 0 comes to all three
    // (a regular: 3 whole months), 1 in January, 2 volunteers in February, 3 comes in March.
    const p1 = await insertProject(w.services.db, placeId, organiser.user.id, { areaId: north!.id });
    for (const [month, attendees] of [
      ['01', [{ userId: id(0) }, { userId: id(1) }]],
      ['02', [{ userId: id(0) }, { userId: id(2), role: 'volunteer' as const }]],
      ['03', [{ userId: id(0) }, { userId: id(3) }]],
    ] as const) {
      const at = new Date(`2026-${month}-10T10:00:00Z`);
      const s = await insertSession(w.services.db, placeId, p1.id, { startsAt: at, minutes: 120, areaId: north!.id });
      await record(s.id, at, [...attendees]);
    }
    // South: one one-hour session in April with persons 4 and 5.
    const p2 = await insertProject(w.services.db, placeId, organiser.user.id, { areaId: south!.id });
    const at = new Date('2026-04-05T10:00:00Z');
    const s2 = await insertSession(w.services.db, placeId, p2.id, { startsAt: at, minutes: 60, areaId: south!.id });
    await record(s2.id, at, [{ userId: id(4) }, { userId: id(5) }]);
    // East: no activity, two public assets.
    const blank = { address: '', contact: '', openingTimes: '', accessibility: '' };
    await w.services.assets.importMany(systemCtx(placeId), [
      { ...blank, name: 'East Library', category: 'institution', offers: 'Rooms', areaId: east!.id },
      { ...blank, name: 'Tenants association', category: 'association', offers: 'Meetings', areaId: east!.id },
    ]);
    // Offers: persons 0 and 1 live in South and agree to be counted; person 2 lives in South but
    // only agreed to be asked, so is not counted in the ward's figures.
    await w.services.db
      .update(schema.users)
      .set({ homeAreaId: south!.id })
      .where(inArray(schema.users.id, [id(0), id(1), id(2)]));
    const offer = (userId: string, countInWard: boolean) =>
      w.services.capacity.saveOffer(
        systemCtx(placeId),
        { id: userId, placeId, role: 'resident' },
        {
          kinds: ['skills'],
          description: '',
          countInWard,
          mayBeAsked: true,
        },
      );
    await offer(id(0), true);
    await offer(id(1), true);
    await offer(id(2), false);
    // Two community groups in North, one with no ward (counted nowhere).
    for (const [name, wardId] of [
      ['North Knitters', north!.id],
      ['North Runners', north!.id],
      ['Borough Choir', null],
    ] as const)
      await w.services.groups.start(
        systemCtx(placeId),
        { id: id(0), placeId, role: 'resident' },
        {
          name,
          description: 'We meet weekly.',
          wardId,
          contact: '',
          website: '',
        },
      );
    table = await w.services.strength.wards(placeId, { from: '2026-01-01', to: '2026-06-30' });
  });

  it('works out each measure per the ward’s population', () => {
    // North: 4 people ÷ 10,000 × 1,000 = 0.4; regulars 1 of 4 = 0.25; 6 attendances × 2 h = 12 h
    // ÷ 10,000 = 0.0012 h each; 2 volunteer hours ÷ 10,000 × 1,000 = 0.2; 1 active project ÷
    // 10,000 × 10,000 = 1; it is resident-led (1 of 1); no assets.
    expect(ward('North Ward')?.measures).toMatchObject({
      reachPer1000: 0.4,
      regularShare: 0.25,
      hoursPerResident: 0.0012,
      volunteerHoursPer1000: 0.2,
      projectsPer10000: 1,
      residentLedShare: 1,
      assetsPer10000: 0,
      // 2 groups ÷ 10,000 × 10,000.
      groupsPer10000: 2,
    });
    // South: 2 ÷ 11,000 × 1,000; no regulars (0 of 2); 2 × 1 h = 2 h ÷ 11,000; 1 project ÷ 11,000 × 10,000.
    const south = ward('South Ward')?.measures;
    expect(south?.reachPer1000).toBeCloseTo(2 / 11, 10);
    expect(south?.regularShare).toBe(0);
    expect(south?.hoursPerResident).toBeCloseTo(2 / 11_000, 12);
    expect(south?.projectsPer10000).toBeCloseTo(10 / 11, 10);
    // 2 people counted offering (by home ward, not where they take part) ÷ 11,000 × 1,000.
    expect(south?.capacityOffersPer1000).toBeCloseTo(2 / 11, 10);
    expect(ward('North Ward')?.measures.capacityOffersPer1000).toBe(0);
    // East: nobody came (0, not suppressed); no regular share or resident-led share without
    // anyone or any project; 2 assets ÷ 12,000 × 10,000.
    const east = ward('East Ward')?.measures;
    expect(east).toMatchObject({ reachPer1000: 0, regularShare: null, residentLedShare: null, projectsPer10000: 0 });
    expect(east?.assetsPer10000).toBeCloseTo(5 / 3, 10);
  });

  it('scores the wards on the measures that tell them apart, strongest first', () => {
    // Not yet counted anywhere, so left out: the capacity inventory and the ladder.
    expect(table.measures.map((m) => m.id)).not.toContain('ladderProgression');
    expect(table.scored).toContain('reachPer1000');
    // North leads on reach, regulars, hours, volunteering and projects; East only on assets.
    expect(ward('North Ward')?.scoreRank).toBe(1);
    expect(ward('East Ward')?.scoreRank).toBe(3);
    // No deprivation here, so no quarters.
    expect(table.wards.every((x) => x.quadrant === null)).toBe(true);
  });

  it('works the figures out once per place and period for a few minutes, until forgotten', async () => {
    const period = { from: '2026-01-01', to: '2026-06-30' };
    const first = w.services.strength.wards(placeId, period);
    expect(w.services.strength.wards(placeId, period)).toBe(first);
    expect(w.services.strength.wards(placeId, { ...period, to: '2026-05-31' })).not.toBe(first);
    w.services.strength.forget(placeId);
    const again = w.services.strength.wards(placeId, period);
    expect(again).not.toBe(first);
    expect((await again).wards.map((x) => x.measures)).toEqual((await first).wards.map((x) => x.measures));
  });
});
