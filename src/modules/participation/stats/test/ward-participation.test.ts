import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/helpers.js';
import { seedDemo } from '../../../../demo.js';

/**
 * Every ward's figures in one go must be exactly what the dashboard gives for each ward on its
 * own: checked on the demo borough (18 wards, about a year of sessions, drop-ins, volunteers and
 * projects of every kind of lead) over whole months and over a period with part-months.
 */
describe('every ward at once', () => {
  let t: TestApp;
  let placeId: string;
  beforeAll(async () => {
    t = await buildTestApp();
    await seedDemo(t.services);
    const place = await t.services.places.findDefault();
    placeId = place?.id ?? '';
  }, 120_000);
  afterAll(async () => {
    await (t as TestApp | undefined)?.close();
  });

  const today = new Date().toISOString().slice(0, 10);
  const monthStart = `${today.slice(0, 7)}-01`;
  const yearBefore = `${String(Number(today.slice(0, 4)) - 1)}${monthStart.slice(4)}`;
  it.each([
    [
      'the 12 whole months before this one',
      yearBefore,
      new Date(Date.parse(monthStart) - 86_400_000).toISOString().slice(0, 10),
    ],
    ['a period with part-months at both ends', `${yearBefore.slice(0, 8)}17`, `${today.slice(0, 8)}05`],
  ])('agrees with each ward’s own figures over %s', async (_label, from, to) => {
    const period = { from, to: to > today ? today : to };
    const all = await t.services.participationStats.wardParticipation(placeId, period);
    const wards = await t.services.areas.listWards(placeId);
    expect(all.wards).toHaveLength(wards.length);
    let active = 0;
    for (const ward of wards) {
      const one = await t.services.participationStats.participation(placeId, { ...period, wardCode: ward.code });
      const mine = all.wards.find((x) => x.wardId === ward.id);
      expect(mine, ward.name).toEqual({
        wardId: ward.id,
        participants: one.uniqueParticipants,
        attendances: one.attendances,
        participationHours: one.participationHours,
        volunteerHours: one.volunteerHours,
        activeProjects: one.activeProjects,
        residentLedShare: one.residentLedShare,
        regularParticipationRate: one.regularParticipationRate,
      });
      active += one.activeProjects;
    }
    // The demo is busy enough for the comparison to mean something.
    expect(active).toBeGreaterThan(5);
    expect(all.wards.filter((x) => x.participants.value !== null).length).toBeGreaterThan(5);
  });
});
