import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db.js';
import { NO_MONTH, visitKind } from './rollups.schema.js';

/** One person's months in one scope: the month start and its day bits (31 characters, day 1 first). */
export type PersonMonths = { month: string; days: string }[];

/** A person's rows of `participant_months`, grouped by scope and person (`${areaKey}|${userId}`). */
export type VisitState = Map<string, PersonMonths>;

/** The months and day bits of some people of a place, in every scope they came in. */
export async function readVisitState(db: Db, placeId: string, userIds: string[]): Promise<VisitState> {
  const state: VisitState = new Map();
  if (!userIds.length) return state;
  const rows = await queryRows<{ area_key: string; user_id: string; month: string; days: string }>(
    db,
    sql`select area_key::text as area_key, user_id::text as user_id, month::text as month, days::text as days
        from participant_months
        where place_id = ${placeId} and attendances > 0
          and user_id in (${sql.join(
            userIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
        order by area_key, user_id, month`,
  );
  for (const r of rows) {
    const key = `${r.area_key}|${r.user_id}`;
    const months = state.get(key) ?? [];
    months.push({ month: r.month, days: r.days });
    state.set(key, months);
  }
  return state;
}

const dayList = (bits: string) => {
  const out: number[] = [];
  for (let i = bits.indexOf('1'); i !== -1; i = bits.indexOf('1', i + 1)) out.push(i + 1);
  return out;
};

/**
 * Adds (sign 1) or takes away (−1) what one person's months in one scope contribute to
 * `participation_visit_counts` (the same rows `participation_rebuild_visit_counts` derives from
 * attendances; see the kinds in participation.schema.ts).
 */
export function addVisitCounts(into: Map<string, number>, areaKey: string, months: PersonMonths, sign: number) {
  const bump = (kind: number, month: string, other: string, day: number, otherDay: number) => {
    const key = `${kind}|${month}|${areaKey}|${other}|${day}|${otherDay}`;
    into.set(key, (into.get(key) ?? 0) + sign);
  };
  months.forEach(({ month, days }, i) => {
    const prev = (k: number) => (i - k >= 0 ? months[i - k]!.month : NO_MONTH);
    bump(visitKind.monthLink1, month, prev(1), 0, 0);
    bump(visitKind.monthLink2, month, prev(2), 0, 0);
    bump(visitKind.monthLink3, month, prev(3), 0, 0);
    const list = dayList(days);
    if (!list.length) return;
    for (let d = 1; d < list.length; d++) bump(visitKind.within, month, NO_MONTH, list[d]!, list[d - 1]!);
    bump(visitKind.first, month, prev(1), list[0]!, 0);
    if (i > 0) {
      const before = months[i - 1]!;
      const lastDay = dayList(before.days).at(-1) ?? 0;
      bump(visitKind.onward, before.month, month, 0, lastDay);
      bump(visitKind.onwardByDay, before.month, month, list[0]!, lastDay);
    }
  });
}

/** Applies the difference between two states of the same people to `participation_visit_counts`. */
export async function applyVisitCountChanges(db: Db, placeId: string, before: VisitState, after: VisitState) {
  const delta = new Map<string, number>();
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(key) ?? [];
    const now = after.get(key) ?? [];
    if (was.length === now.length && was.every((m, i) => m.month === now[i]!.month && m.days === now[i]!.days))
      continue;
    const areaKey = key.split('|')[0]!;
    addVisitCounts(delta, areaKey, was, -1);
    addVisitCounts(delta, areaKey, now, 1);
  }
  const changes = [...delta].filter(([, n]) => n !== 0);
  if (!changes.length) return;
  await db.execute(sql`
    insert into participation_visit_counts (place_id, kind, month, area_key, other_month, day, other_day, people)
    values ${sql.join(
      changes.map(([key, n]) => {
        const [kind, month, areaKey, other, day, otherDay] = key.split('|');
        return sql`(${placeId}::uuid, ${Number(kind)}::smallint, ${month}::date, ${areaKey}::uuid, ${other}::date,
                    ${Number(day)}::smallint, ${Number(otherDay)}::smallint, ${n}::int)`;
      }),
      sql`, `,
    )}
    on conflict (place_id, kind, month, area_key, other_month, day, other_day)
      do update set people = participation_visit_counts.people + excluded.people`);
}
