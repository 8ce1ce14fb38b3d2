import { sql } from 'drizzle-orm';
import { londonDay } from '../../../lib/london-time.js';
import type { ActionContext, CurrentUser } from '../../../platform/context.js';
import { hasRole } from '../../../platform/context.js';
import type { Db } from '../../../platform/db.js';
import { Conflict, Forbidden, Invalid, NotFound, type FieldError } from '../../../platform/errors.js';
import type { PeopleDirectory, Person } from '../../../core/accounts/index.js';
import { recordAudit } from '../../../core/audit/index.js';
import type { ProjectsService } from '../../projects/index.js';
import type { Session, SessionsService } from '../../sessions/index.js';
import { createRollupsRepository, type DailyDelta, type RollupsRepository } from '../rollups/index.js';
import { NO_AREA } from '../rollups/rollups.schema.js';
import { readSheet, type SheetProblem, type SheetRow } from './attendance.csv.js';
import {
  createAttendanceRepository,
  type Attendance,
  type AttendanceRepository,
  type AttendanceRole,
} from './attendance.repository.js';

export type AttendeeInput = { userId: string; role?: AttendanceRole | undefined; minutes?: number | undefined };
export type Source = 'register' | 'csv' | 'api';
export type RecordResult = {
  added: number;
  removed: number;
  changed: number;
  namedAttendances: number;
  headcount: number;
};

/** Who is recording: a person (or an API token acting for one, see `tokenViewer`), checked against the project; or the system itself (seeding, tests). */
export type Recorder = { user: Pick<CurrentUser, 'id' | 'placeId' | 'role'> } | { token: true };

export type AttendanceDeps = {
  db: Db;
  sessions: Pick<SessionsService, 'findInPlace' | 'bookingsFor'>;
  projects: Pick<ProjectsService, 'canOrganise' | 'findInPlace'>;
  /** Names on registers and sign-in sheets, a set at a time. */
  people: PeopleDirectory;
};

/** Attendance can be recorded for a session that starts at most this long from now. */
const FUTURE_LIMIT_MS = 24 * 60 * 60 * 1000;

const zero = (): DailyDelta => ({
  namedAttendances: 0,
  headcountAttendances: 0,
  participationMinutes: 0,
  volunteerMinutes: 0,
});
/** Volunteers and leads give their time: both count as volunteer minutes (as rebuildRollups does). */
const volunteerMinutes = (role: AttendanceRole, minutes: number) => (role === 'participant' ? 0 : minutes);

/** Recording who came to a session, keeping the daily and per-person monthly rollups in step. */
export function createAttendanceService({ db, sessions, projects, people }: AttendanceDeps) {
  const repo = createAttendanceRepository(db);

  async function findSession(placeId: string, sessionId: string): Promise<Session> {
    const session = await sessions.findInPlace(placeId, sessionId);
    if (!session) throw new NotFound('There is no such session in this place.');
    return session;
  }

  function assertRecordable(session: Session, now: Date) {
    if (session.cancelledAt) throw new Conflict('This session was cancelled, so attendance cannot be recorded for it.');
    if (session.startsAt.getTime() - now.getTime() > FUTURE_LIMIT_MS)
      throw new Conflict(
        'This session is more than a day away. You can record attendance from the day before it starts.',
      );
  }

  async function assertMayRecord(recorder: Recorder, session: Session) {
    if ('user' in recorder && !(await projects.canOrganise(recorder.user, session.projectId)))
      throw new Forbidden('Only the organisers of this project and council officers can record attendance.');
  }

  /** Refuses a person listed twice, minutes for anyone but a volunteer, or someone not of the place. */
  async function checkAttendees(placeId: string, attendees: AttendeeInput[]): Promise<void> {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    attendees.forEach((a, i) => {
      if (seen.has(a.userId))
        errors.push({ field: `attendees-${i}-userId`, message: `Person ${i + 1} is listed twice.` });
      seen.add(a.userId);
      if (a.minutes !== undefined && (a.role ?? 'participant') !== 'volunteer')
        errors.push({ field: `attendees-${i}-minutes`, message: 'Minutes can only be given for volunteers.' });
    });
    const known = new Set((await people.byIds(placeId, [...seen])).map((p) => p.id));
    attendees.forEach((a, i) => {
      if (!known.has(a.userId))
        errors.push({ field: `attendees-${i}-userId`, message: `Person ${i + 1} is not someone in this place.` });
    });
    if (errors.length) throw new Invalid(errors);
  }

  /** The session, once the recorder may record it now and the people listed may be recorded. */
  async function recordableSession(
    ctx: ActionContext,
    recorder: Recorder,
    sessionId: string,
    attendees: AttendeeInput[],
    now: Date,
  ): Promise<Session> {
    const session = await findSession(ctx.placeId, sessionId);
    await assertMayRecord(recorder, session);
    assertRecordable(session, now);
    await checkAttendees(ctx.placeId, attendees);
    return session;
  }

  /**
   * Applies one set of changes in the caller's transaction. `replace` removes everyone not listed
   * (the register); otherwise people are added or updated (CSV and API: idempotent per person).
   */
  async function apply(
    tx: Db,
    ctx: ActionContext,
    session: Session,
    input: { attendees: AttendeeInput[]; headcount?: number | undefined; replace: boolean; source: Source },
  ): Promise<RecordResult> {
    const r = createAttendanceRepository(tx);
    const rollups = createRollupsRepository(tx);
    const placeId = ctx.placeId;
    const seen = new Set(input.attendees.map((a) => a.userId));
    // One recording per session at a time, so two organisers saving at once cannot double count.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`attendance:${session.id}`}))`);

    // The register replaces everyone, so it needs them all; adding people needs only theirs and a count.
    const [existing, existingCount] = input.replace
      ? await r.forSession(placeId, session.id).then((rows) => [rows, rows.length] as const)
      : [await r.forSessionPeople(placeId, session.id, [...seen]), await r.countForSession(placeId, session.id)];
    const byUser = new Map(existing.map((e) => [e.userId, e]));
    // Everyone this recording may touch, as they were: the visit counts change by the difference.
    const before = await rollups.readVisitState(placeId, [
      ...new Set([...seen, ...(input.replace ? byUser.keys() : [])]),
    ]);
    const day = londonDay(session.startsAt);
    const areaKey = session.areaId ?? NO_AREA;
    const deltas = new Map<string, { areaKey: string; day: string; d: DailyDelta }>();
    const deltaFor = (k: string, dDay: string) => {
      const key = `${k}|${dDay}`;
      if (!deltas.has(key)) deltas.set(key, { areaKey: k, day: dDay, d: zero() });
      return deltas.get(key)!.d;
    };
    const monthOf = (d: string) => `${d.slice(0, 7)}-01`;
    let added = 0;
    let changed = 0;
    let removed = 0;
    /** People whose months changed: their activity rows are rewritten at the end. */
    const touched = new Set<string>();
    /** Months someone was taken off in: their days there are worked out again. */
    const touchedMonths = new Set<string>();

    for (const a of input.attendees) {
      const role = a.role ?? 'participant';
      const minutes = a.minutes ?? session.durationMinutes;
      const before = byUser.get(a.userId);
      if (!before) {
        await r.insert({
          placeId,
          sessionId: session.id,
          userId: a.userId,
          projectId: session.projectId,
          areaId: session.areaId,
          day,
          role,
          minutes,
          source: input.source,
          recordedBy: ctx.actor.type === 'user' ? ctx.actor.id : null,
        });
        const d = deltaFor(areaKey, day);
        d.namedAttendances += 1;
        d.participationMinutes += minutes;
        d.volunteerMinutes += volunteerMinutes(role, minutes);
        await rollups.bumpParticipantMonth(placeId, a.userId, areaKey, monthOf(day), 1, day);
        touched.add(a.userId);
        added++;
      } else if (before.role !== role || before.minutes !== minutes) {
        await r.update(placeId, before.id, { role, minutes });
        // The row keeps the day and ward it was recorded with, so the change lands where it was counted.
        const d = deltaFor(before.areaId ?? NO_AREA, before.day);
        d.participationMinutes += minutes - before.minutes;
        d.volunteerMinutes += volunteerMinutes(role, minutes) - volunteerMinutes(before.role, before.minutes);
        changed++;
      }
    }
    if (input.replace) {
      for (const before of existing) {
        if (seen.has(before.userId)) continue;
        await removeOne(r, rollups, placeId, before, deltaFor);
        touched.add(before.userId);
        touchedMonths.add(monthOf(before.day));
        removed++;
      }
    }

    let headcount = await r.headcount(placeId, session.id);
    if (input.headcount !== undefined && input.headcount !== headcount) {
      const change = input.headcount - headcount;
      await r.setHeadcount(placeId, session.id, input.headcount, ctx.actor.type === 'user' ? ctx.actor.id : null);
      const d = deltaFor(areaKey, day);
      d.headcountAttendances += change;
      d.participationMinutes += change * session.durationMinutes;
      headcount = input.headcount;
    }
    for (const { areaKey: k, day: dDay, d } of deltas.values()) await rollups.bumpDaily(placeId, k, dDay, d);

    const namedAttendances = existingCount + added - removed;
    await rollups.refreshActivity(placeId, [...touched], [...touchedMonths], before);
    if (added || removed || input.headcount !== undefined) {
      await rollups.setSessionTotals(placeId, session.id, namedAttendances, headcount);
    }
    await recordAudit(tx, ctx, {
      action: 'attendance.recorded',
      subjectType: 'session',
      subjectId: session.id,
      changes: { source: input.source, added, removed, changed, namedAttendances, headcount },
    });
    return { added, removed, changed, namedAttendances, headcount };
  }

  async function removeOne(
    r: AttendanceRepository,
    rollups: RollupsRepository,
    placeId: string,
    before: Attendance,
    deltaFor: (areaKey: string, day: string) => DailyDelta,
  ) {
    const k = before.areaId ?? NO_AREA;
    await r.remove(placeId, before.id);
    const d = deltaFor(k, before.day);
    d.namedAttendances -= 1;
    d.participationMinutes -= before.minutes;
    d.volunteerMinutes -= volunteerMinutes(before.role, before.minutes);
    await rollups.bumpParticipantMonth(placeId, before.userId, k, `${before.day.slice(0, 7)}-01`, -1);
  }

  /** Who was recorded at a session, with their names, by name. */
  async function recordedAt(placeId: string, sessionId: string): Promise<(Attendance & { person: Person })[]> {
    const rows = await repo.forSession(placeId, sessionId);
    const byId = new Map(
      (
        await people.byIds(
          placeId,
          rows.map((r) => r.userId),
        )
      ).map((p) => [p.id, p]),
    );
    return rows
      .flatMap((r) => {
        const person = byId.get(r.userId);
        return person ? [{ ...r, person }] : [];
      })
      .sort((a, b) =>
        a.person.displayName === b.person.displayName
          ? a.id - b.id
          : a.person.displayName < b.person.displayName
            ? -1
            : 1,
      );
  }

  /** Names to people for a sign-in sheet, with the problems only the database can find. */
  async function resolveSheet(placeId: string, rows: SheetRow[]) {
    const [byName, byEmail] = await Promise.all([
      people.byNames(placeId, [...new Set(rows.flatMap((r) => (r.name ? [r.name] : [])))]),
      people.byEmails(placeId, [...new Set(rows.flatMap((r) => (r.email ? [r.email] : [])))]),
    ]);
    const named = new Map<string, Person[]>();
    for (const p of byName) {
      const k = p.displayName.trim().toLowerCase();
      named.set(k, [...(named.get(k) ?? []), p]);
    }
    const emailed = new Map(byEmail.map((p) => [p.email!, p]));
    const problems: SheetProblem[] = [];
    const matched: { row: SheetRow; person: Person }[] = [];
    const firstRow = new Map<string, number>();
    for (const row of rows) {
      const problem = (p: string) => problems.push({ row: row.row, read: row.read, problem: p });
      let person: Person | undefined;
      if (row.email) {
        person = emailed.get(row.email);
        if (!person) {
          problem('No one in this place has that email address.');
          continue;
        }
        if (row.name && person.displayName.trim().toLowerCase() !== row.name.toLowerCase()) {
          problem('The name and the email address belong to different people.');
          continue;
        }
      } else {
        const candidates = named.get(row.name!.toLowerCase()) ?? [];
        if (candidates.length === 0) {
          problem('No one in this place has that name. Check the spelling, or add them on the register.');
          continue;
        }
        if (candidates.length > 1) {
          problem(
            `${candidates.length} people in this place have that name. Tick the right person on the register instead (or an officer can import by email).`,
          );
          continue;
        }
        person = candidates[0]!;
      }
      const earlier = firstRow.get(person.id);
      if (earlier !== undefined) {
        problem(`This is the same person as row ${earlier}.`);
        continue;
      }
      firstRow.set(person.id, row.row);
      matched.push({ row, person });
    }
    return { matched, problems };
  }

  return {
    /**
     * Sessions' change guard: a session with attendance recorded keeps its day and length, since
     * the figures counted it there.
     */
    async sessionChangeRefusal(placeId: string, sessionId: string): Promise<string | null> {
      return (await repo.hasRecorded(placeId, sessionId))
        ? 'Attendance is already recorded for this session, so it cannot be changed.'
        : null;
    },

    /** The session, once the recorder may record for it: 404 for another place's, 403, or 409 with the reason. */
    async openRegister(recorder: Recorder, placeId: string, sessionId: string, now = new Date()) {
      const session = await findSession(placeId, sessionId);
      await assertMayRecord(recorder, session);
      assertRecordable(session, now);
      const project = await projects.findInPlace(placeId, session.projectId);
      return { session, project };
    },

    /** Everyone the register lists: booked and waitlisted people and those already recorded, with who came. */
    async registerOf(placeId: string, sessionId: string) {
      const [bookings, recorded, headcount] = await Promise.all([
        sessions.bookingsFor(placeId, sessionId),
        recordedAt(placeId, sessionId),
        repo.headcount(placeId, sessionId),
      ]);
      const byId = new Map(
        (
          await people.byIds(
            placeId,
            bookings.map((b) => b.userId),
          )
        ).map((p) => [p.id, p]),
      );
      return {
        bookings: bookings.flatMap((b) => {
          const person = byId.get(b.userId);
          return person ? [{ status: b.status, person }] : [];
        }),
        recorded,
        headcount,
      };
    },

    peopleByIds: (placeId: string, ids: string[]) => people.byIds(placeId, ids),

    /** People of the place by name; officers may also search by email. */
    searchPeople(viewer: Pick<CurrentUser, 'role'>, placeId: string, q: string) {
      const query = q.trim();
      if (query.length < 2) return Promise.resolve([]);
      return people.search(placeId, query.slice(0, 100), { byEmail: hasRole(viewer.role, 'officer'), limit: 20 });
    },

    /** Saves the register: exactly these people came (adds, removals and role changes) and this head-count. */
    async saveRegister(
      ctx: ActionContext,
      recorder: Recorder,
      sessionId: string,
      input: { attendees: AttendeeInput[]; headcount: number },
      now = new Date(),
    ): Promise<RecordResult> {
      const session = await recordableSession(ctx, recorder, sessionId, input.attendees, now);
      return db.transaction((tx) => apply(tx, ctx, session, { ...input, replace: true, source: 'register' }));
    },

    /** Records people (added, or their role and minutes updated) and optionally the head-count; nobody is removed. */
    async record(
      ctx: ActionContext,
      recorder: Recorder,
      sessionId: string,
      input: { attendees: AttendeeInput[]; headcount?: number | undefined },
      source: Source,
      now = new Date(),
    ): Promise<RecordResult> {
      const session = await recordableSession(ctx, recorder, sessionId, input.attendees, now);
      return db.transaction((tx) => apply(tx, ctx, session, { ...input, replace: false, source }));
    },

    /** Counts and named entries of a session (ids and roles, no emails). */
    async summary(placeId: string, sessionId: string) {
      const session = await findSession(placeId, sessionId);
      const [recorded, headcount] = await Promise.all([
        recordedAt(placeId, sessionId),
        repo.headcount(placeId, sessionId),
      ]);
      return { session, recorded, headcount };
    },

    /** Checks a sign-in sheet against the people of the place: the rows to import, or every problem. */
    async checkSheet(viewer: Pick<CurrentUser, 'role'>, placeId: string, text: string) {
      const read = readSheet(text, hasRole(viewer.role, 'officer'));
      if (read.problems.length && read.rows.length === 0) return { matched: [], problems: read.problems };
      const resolved = await resolveSheet(placeId, read.rows);
      const problems = [...read.problems, ...resolved.problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
      return { matched: resolved.matched, problems };
    },

    /** Imports a clean sheet in one transaction; checks it again first (nothing is imported from a sheet with problems). */
    async importSheet(
      ctx: ActionContext,
      user: Pick<CurrentUser, 'id' | 'placeId' | 'role'>,
      sessionId: string,
      text: string,
      now = new Date(),
    ): Promise<RecordResult> {
      const session = await findSession(ctx.placeId, sessionId);
      await assertMayRecord({ user }, session);
      assertRecordable(session, now);
      const checked = await this.checkSheet(user, ctx.placeId, text);
      if (checked.problems.length)
        throw new Invalid([{ field: 'csv', message: 'The sheet has problems; nothing was imported.' }]);
      const attendees = checked.matched.map(({ row, person }) => ({
        userId: person.id,
        role: row.role,
        minutes: row.minutes ?? undefined,
      }));
      await checkAttendees(ctx.placeId, attendees);
      return db.transaction((tx) => apply(tx, ctx, session, { attendees, replace: false, source: 'csv' }));
    },
  };
}
export type AttendanceService = ReturnType<typeof createAttendanceService>;
