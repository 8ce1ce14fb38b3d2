import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createPlace, createUser } from '../../../../../test/helpers.js';
import { useWorld } from '../../../../../test/kit/index.js';
import { ALL_AREAS } from '../../rollups/rollups.schema.js';
import { rebuildRollups } from '../../rollups/rollups.repository.js';
import { splitPeriod } from '../periods.js';
import { createStatsRepository } from '../stats.repository.js';
import { insertProject, insertSession, query, userCtx } from '../../test/attendance.fixtures.js';

/**
 * The distinct-people count from `participation_visit_counts` against the plain definition,
 * `count(distinct user_id)` over the attendances in the period, for many periods over random but
 * seeded activity: 12 people, 3 wards, sessions on 40 days spread over 7 months, recorded one
 * session at a time through the attendance service (so the incremental upkeep is what is checked),
 * then again after a full rebuild.
 */
const w = useWorld('people-count');

function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('distinct people over any period', () => {
  it('equals count(distinct) over attendances for whole-month, part-month and one-day periods, per ward and month, with regulars', async () => {
    const rnd = random(20261124);
    const { place, wards } = await createPlace(w.services, 'property.test');
    const organiser = await createUser(w.services, place.id, 'resident');
    const project = await insertProject(w.services.db, place.id, organiser.user.id);
    const people: string[] = [];
    for (let i = 0; i < 12; i++) people.push((await createUser(w.services, place.id, 'resident')).user.id);
    const ctx = userCtx(place.id, organiser.user.id);
    const start = Date.parse('2025-01-01T10:00:00Z');
    const days = new Set<number>();
    while (days.size < 40) days.add(Math.floor(rnd() * 212)); // January to July 2025
    for (const d of [...days].sort((x, y) => x - y)) {
      const ward = rnd() < 0.15 ? null : wards[Math.floor(rnd() * wards.length)]!.id;
      const session = await insertSession(w.services.db, place.id, project.id, {
        startsAt: new Date(start + d * 86_400_000),
        minutes: 60,
        areaId: ward,
      });
      const came = people.filter(() => rnd() < 0.3);
      if (came.length)
        await w.services.attendance.record(
          ctx,
          { token: true },
          session.id,
          {
            attendees: came.map((userId) => ({ userId })),
          },
          'api',
        );
    }
    // Someone taken off a register, to exercise removals too.
    const [anyone] = await query(
      w.services.db,
      sql`select session_id::text as session_id from attendances where place_id = ${place.id} limit 1`,
    );
    await w.services.attendance.saveRegister(ctx, { token: true }, String(anyone!.session_id), {
      attendees: [],
      headcount: 0,
    });

    const repo = createStatsRepository(w.services.db);
    const periods: [string, string][] = [
      ['2025-01-01', '2025-07-31'],
      ['2025-02-01', '2025-04-30'],
      ['2025-01-15', '2025-03-15'],
      ['2025-02-10', '2025-02-20'],
      ['2025-03-31', '2025-04-01'],
      ['2025-05-05', '2025-05-05'],
    ];
    for (let i = 0; i < 14; i++) {
      const a = Math.floor(rnd() * 212);
      const b = a + Math.floor(rnd() * (212 - a));
      const day = (n: number) =>
        new Date(Date.parse('2025-01-01T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);
      periods.push([day(a), day(b)]);
    }
    const check = async () => {
      for (const [from, to] of periods) {
        const truth = await query(
          w.services.db,
          sql`select coalesce(area_id, '00000000-0000-0000-0000-000000000000'::uuid)::text as area_key,
                     count(distinct user_id)::int as n
              from attendances where place_id = ${place.id} and day between ${from} and ${to}
              group by rollup(1)`,
        );
        const expected = new Map(truth.map((r) => [r.area_key === null ? ALL_AREAS : String(r.area_key), Number(r.n)]));
        const got = await repo.people(place.id, { from, to }, null);
        for (const [key, n] of expected) expect(got.byScope.get(key) ?? 0, `${from}..${to} ${key}`).toBe(n);
        expect(got.total, `${from}..${to}`).toBe(expected.get(ALL_AREAS) ?? 0);
        // Each month's people within the period.
        const months = await query(
          w.services.db,
          sql`select to_char(day, 'YYYY-MM-01') as month, count(distinct user_id)::int as n
              from attendances where place_id = ${place.id} and day between ${from} and ${to} group by 1`,
        );
        for (const m of months) expect(got.byMonth.get(String(m.month)), `${from}..${to} ${m.month}`).toBe(Number(m.n));
        // Regulars: people in 3 or more of the period's whole months.
        const whole = splitPeriod(from, to).months;
        const [r] = whole
          ? await query(
              w.services.db,
              sql`select count(*) filter (where n >= 3)::int as regular, count(*)::int as people from (
                  select user_id, count(distinct date_trunc('month', day)) as n from attendances
                  where place_id = ${place.id} and day between ${whole.from}
                    and (${whole.to}::date + interval '1 month' - interval '1 day')::date
                  group by user_id) x`,
            )
          : [];
        // No whole months, no whole-month figures.
        expect(got.whole, `${from}..${to} whole months`).toEqual(
          r ? { people: Number(r.people), regular: Number(r.regular) } : null,
        );
      }
    };
    await check();
    await rebuildRollups(w.services.db, place.id);
    await check();
  });
});
