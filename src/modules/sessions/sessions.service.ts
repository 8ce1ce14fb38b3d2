import { createHash, randomBytes } from 'node:crypto';
import { formatCalendarDate, formatWhen } from '../../lib/london-time.js';
import { expandOccurrences, type RecurrenceErrorCode } from '../../lib/recurrence.js';
import type { ActionContext, CurrentUser } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import type { PeopleDirectory, Person } from '../../core/accounts/index.js';
import type { AreasService } from '../../core/areas/index.js';
import { recordAudit } from '../../core/audit/index.js';
import type { MailService } from '../../core/mail/index.js';
import type { ProjectFacts, ProjectsService } from '../projects/index.js';
import type { SpaceFacts, SpacesService } from '../spaces/index.js';
import {
  createSessionsRepository,
  type Booking,
  type FeedPoint,
  type ListingFilter,
  type Series,
  type Session,
  type SessionListing,
  type SessionRow,
} from './sessions.repository.js';
import { sessionPaths } from './sessions.paths.js';
import type { ChangeSessionInput, ScheduleInput } from './sessions.validation.js';

export type SessionsDeps = {
  mail: MailService;
  projects: ProjectsService;
  spaces: SpacesService;
  areas: AreasService;
  /** Listings show each session's project, space and people's names: read a set at a time. */
  projectFacts: ProjectFacts;
  spaceFacts: SpaceFacts;
  people: PeopleDirectory;
};

/** Who schedules, changes or cancels: a person (or an API token acting for one, see `tokenViewer`), checked against the project. */
export type Organiser = { kind: 'user'; user: Pick<CurrentUser, 'id' | 'placeId' | 'role'> };

/** Which form field or API pointer each scheduling problem belongs to. */
export type ScheduleFields = Record<RecurrenceErrorCode | 'overlap' | 'spaceId', string>;

export const formFields: ScheduleFields = {
  'invalid-rule': 'repeat',
  'invalid-date': 'date',
  'invalid-time': 'startTime',
  'no-occurrences': 'repeat',
  'too-many': 'count',
  'in-past': 'date',
  'past-midnight': 'durationMinutes',
  'unknown-exception': 'exceptions',
  overlap: 'spaceId',
  spaceId: 'spaceId',
};

export const apiFields: ScheduleFields = {
  'invalid-rule': 'rrule',
  'invalid-date': 'startsAt',
  'invalid-time': 'startsAt',
  'no-occurrences': 'rrule',
  'too-many': 'rrule',
  'in-past': 'startsAt',
  'past-midnight': 'durationMinutes',
  'unknown-exception': 'exdates',
  overlap: 'spaceId',
  spaceId: 'spaceId',
};

/**
 * Another module's reason a session may no longer be changed (participation: attendance is
 * recorded), or null. Sessions knows nothing of why; it refuses with the message (409).
 */
export type ChangeGuard = (placeId: string, sessionId: string) => Promise<string | null>;

/** A session as the open data feeds publish it: its listing and how many places are booked. */
export type FeedSession = SessionListing & { booked: number };
/** A series as the open data feeds publish it, with its project's title and status and its space. */
export type FeedSeries = Series & {
  projectTitle: string;
  projectStatus: string;
  spaceName: string | null;
  spaceAddress: string | null;
};

export type BookingOutcome = { status: 'booked' } | { status: 'waitlisted'; position: number };

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function assertChangeable(session: Session, now: Date) {
  if (session.cancelledAt) throw new Conflict('This session is cancelled, so it cannot be changed.');
  if (session.startsAt <= now) throw new Conflict('This session has started, so it can no longer be changed.');
}

/** Sessions: scheduling, booking with a waiting list, cancellation, listings and calendar feeds. */
export function createSessionsService(db: Db, deps: SessionsDeps) {
  const repo = createSessionsRepository(db);
  const { projectFacts, spaceFacts, people } = deps;
  const changeGuards: ChangeGuard[] = [];

  async function sendAll(placeId: string, messages: { to: string | null; subject: string; body: string }[]) {
    for (const m of messages) if (m.to) await deps.mail.send(placeId, { to: m.to, subject: m.subject, body: m.body });
  }

  async function mayOrganise(who: Organiser, projectId: string): Promise<boolean> {
    return deps.projects.canOrganise(who.user, projectId);
  }

  async function sessionTitle(placeId: string, session: Session): Promise<string> {
    return (await repo.findSeries(placeId, session.seriesId))?.title ?? 'Session';
  }

  /** Booked and waitlisted people of some sessions with their names and addresses, in booking order. */
  async function bookedPeople(placeId: string, sessionIds: string[]) {
    const rows = await repo.activeBookingsOf(placeId, sessionIds);
    const byId = new Map(
      (
        await people.byIds(
          placeId,
          rows.map((b) => b.userId),
        )
      ).map((p) => [p.id, p]),
    );
    return rows.flatMap((b) => {
      const p = byId.get(b.userId);
      return p ? [{ ...b, displayName: p.displayName, email: p.email }] : [];
    });
  }

  /** Sessions with their project, space and ward beside them (one read of each per page). */
  async function withDetails(placeId: string, rows: SessionRow[]): Promise<SessionListing[]> {
    if (rows.length === 0) return [];
    const [projects, spaces, wards] = await Promise.all([
      projectFacts.byIds(
        placeId,
        rows.map((r) => r.projectId),
      ),
      spaceFacts.byIds(
        placeId,
        rows.flatMap((r) => (r.spaceId ? [r.spaceId] : [])),
      ),
      deps.areas.listWards(placeId),
    ]);
    const areas = new Map(wards.map((w) => [w.id, w]));
    for (const id of new Set(rows.flatMap((r) => (r.areaId && !areas.has(r.areaId) ? [r.areaId] : [])))) {
      const area = await deps.areas.findInPlace(placeId, id);
      if (area) areas.set(id, area);
    }
    // A session's project is never missing (a foreign key); the fallbacks only satisfy the types.
    return rows.map((r) => {
      const project = projects.get(r.projectId);
      const space = r.spaceId ? spaces.get(r.spaceId) : undefined;
      const area = r.areaId ? areas.get(r.areaId) : undefined;
      return {
        ...r,
        projectTitle: project?.title ?? '',
        projectCategory: project?.category ?? '',
        projectStatus: project?.status ?? '',
        spaceName: space?.name ?? null,
        spaceAddress: space?.address ?? null,
        areaCode: area?.code ?? null,
        areaName: area?.name ?? null,
      };
    });
  }

  /** Series with their project and space beside them (one read of each per set). */
  async function seriesDetails(placeId: string, rows: Series[]): Promise<FeedSeries[]> {
    if (rows.length === 0) return [];
    const [projects, spaces] = await Promise.all([
      projectFacts.byIds(
        placeId,
        rows.map((r) => r.projectId),
      ),
      spaceFacts.byIds(
        placeId,
        rows.flatMap((r) => (r.spaceId ? [r.spaceId] : [])),
      ),
    ]);
    return rows.map((r) => {
      const project = projects.get(r.projectId);
      const space = r.spaceId ? spaces.get(r.spaceId) : undefined;
      return {
        ...r,
        projectTitle: project?.title ?? '',
        projectStatus: project?.status ?? '',
        spaceName: space?.name ?? null,
        spaceAddress: space?.address ?? null,
      };
    });
  }

  async function list(placeId: string, filter: ListingFilter, page: { limit: number; offset?: number }) {
    const { category, publishedOnly, ...rest } = filter;
    let projectIds: string[] | undefined;
    if (publishedOnly || category) {
      projectIds = await projectFacts.ids(placeId, { publishedOnly, category });
      if (filter.projectId) projectIds = projectIds.filter((id) => id === filter.projectId);
    }
    return withDetails(placeId, await repo.list(placeId, { ...rest, projectIds }, page));
  }

  return {
    findInPlace: (placeId: string, id: string) => repo.findSession(placeId, id),
    findSeries: (placeId: string, id: string) => repo.findSeries(placeId, id),
    mayOrganise,

    /** Adds a reason to refuse changing a session (see {@link ChangeGuard}); checked in the order added. */
    addChangeGuard(guard: ChangeGuard): void {
      changeGuards.push(guard);
    },

    /** Booked and waitlisted people of a session, in booking order. */
    async bookingsFor(placeId: string, sessionId: string): Promise<Booking[]> {
      return repo.activeBookings(placeId, sessionId);
    },

    /** Names (never addresses) of the booked and waitlisted people, for organisers. */
    async bookingList(placeId: string, sessionId: string) {
      const rows = await bookedPeople(placeId, [sessionId]);
      return rows.map((r) => ({ userId: r.userId, displayName: r.displayName, status: r.status }));
    },

    async counts(placeId: string, sessionId: string) {
      return repo.countByStatus(placeId, sessionId);
    },

    /** The person's booking of a session and, when waitlisted, their place in the queue. */
    async myBooking(placeId: string, sessionId: string, userId: string) {
      const b = await repo.findBooking(placeId, sessionId, userId);
      if (!b || b.status === 'cancelled') return null;
      return { status: b.status, position: b.status === 'waitlisted' ? await repo.waitlistPosition(placeId, b) : 0 };
    },

    spaceChoices: (placeId: string) => spaceFacts.choices(placeId),
    homeWardOf: async (placeId: string, userId: string) =>
      (await people.byIds(placeId, [userId]))[0]?.homeAreaId ?? null,

    /**
     * Schedules a one-off session or a series: expands the rule in London time, refuses
     * impossible, past, too long, too many or overlapping schedules, and stores nothing then.
     */
    async schedule(
      ctx: ActionContext,
      who: Organiser,
      input: ScheduleInput,
      fields: ScheduleFields = formFields,
      now = new Date(),
    ): Promise<{ seriesId: string; sessionIds: string[] }> {
      const project = await deps.projects.findInPlace(ctx.placeId, input.projectId);
      if (!project) throw new NotFound('There is no project with that id in this place.');
      if (!(await mayOrganise(who, project.id)))
        throw new Forbidden('Only the organisers of this project can schedule its sessions.');
      const space = input.spaceId ? await deps.spaces.findInPlace(ctx.placeId, input.spaceId) : undefined;
      if (input.spaceId && !space)
        throw new Invalid([{ field: fields.spaceId, message: 'Choose a space from the list' }]);

      const expanded = expandOccurrences({
        startDate: input.startDate,
        startTime: input.startTime,
        durationMinutes: input.durationMinutes,
        rrule: input.rrule,
        exdates: input.exdates,
        now,
      });
      if (!expanded.ok) throw new Invalid([{ field: fields[expanded.error.code], message: expanded.error.message }]);
      const occurrences = expanded.occurrences;
      const areaId = space?.areaId ?? project.areaId ?? null;

      return db.transaction(async (tx) => {
        const r = createSessionsRepository(tx);
        if (space) {
          await r.lockSpaceSchedule(space.id);
          const existing = await r.inSpaceBetween(
            ctx.placeId,
            space.id,
            occurrences[0]!.startsAt,
            occurrences.at(-1)!.endsAt,
          );
          const clashes = occurrences.filter((o) =>
            existing.some((e) => e.startsAt < o.endsAt && e.endsAt > o.startsAt),
          );
          if (clashes.length) {
            const shown = clashes.slice(0, 3).map((c) => formatCalendarDate(c.localDate));
            const more = clashes.length > 3 ? ` and ${clashes.length - 3} more` : '';
            throw new Invalid([
              {
                field: fields.overlap,
                message: `${space.name} is already in use at that time on ${shown.join(', ')}${more}. Choose another time or space.`,
              },
            ]);
          }
        }
        const series = await r.insertSeries({
          placeId: ctx.placeId,
          projectId: project.id,
          spaceId: space?.id ?? null,
          title: input.title,
          description: input.description,
          startsAt: occurrences[0]!.startsAt,
          durationMinutes: input.durationMinutes,
          rrule: input.rrule,
          exdates: input.exdates.map((d) => `${d}T${input.startTime}`),
          capacity: input.dropIn ? null : input.capacity,
          dropIn: input.dropIn,
          createdBy: ctx.actor.type === 'user' ? ctx.actor.id : null,
        });
        const rows = await r.insertSessions(
          occurrences.map((o) => ({
            placeId: ctx.placeId,
            seriesId: series.id,
            projectId: project.id,
            spaceId: space?.id ?? null,
            areaId,
            startsAt: o.startsAt,
            endsAt: o.endsAt,
            durationMinutes: input.durationMinutes,
            capacity: input.dropIn ? null : input.capacity,
            dropIn: input.dropIn,
          })),
        );
        await recordAudit(tx, ctx, {
          action: 'session.scheduled',
          subjectType: 'session_series',
          subjectId: series.id,
          changes: {
            projectId: project.id,
            spaceId: space?.id ?? null,
            title: input.title,
            rrule: input.rrule,
            exdates: input.exdates,
            occurrences: rows.length,
            first: occurrences[0]!.startsAt.toISOString(),
            capacity: series.capacity,
            dropIn: input.dropIn,
          },
        });
        return { seriesId: series.id, sessionIds: rows.map((s) => s.id) };
      });
    },

    /**
     * Books a place, or a place on the waiting list when the session is full. The session row is
     * locked for the transaction, so concurrent bookings are counted one after another.
     */
    async book(ctx: ActionContext, userId: string, sessionId: string, now = new Date()): Promise<BookingOutcome> {
      return db.transaction(async (tx) => {
        const r = createSessionsRepository(tx);
        const session = await r.lockSession(ctx.placeId, sessionId);
        if (!session) throw new NotFound('There is no session with that id in this place.');
        if (session.cancelledAt) throw new Conflict('This session has been cancelled.');
        if (session.dropIn) throw new Conflict('This is a drop-in session: no booking is needed, just come along.');
        if (session.startsAt <= now)
          throw new Conflict('This session has already started, so it can no longer be booked.');
        const existing = await r.findBooking(ctx.placeId, sessionId, userId);
        if (existing && existing.status !== 'cancelled') {
          if (existing.status === 'booked') return { status: 'booked' as const };
          return { status: 'waitlisted' as const, position: await r.waitlistPosition(ctx.placeId, existing) };
        }
        const { booked } = await r.countByStatus(ctx.placeId, sessionId);
        const status = session.capacity === null || booked < session.capacity ? 'booked' : 'waitlisted';
        const booking = existing
          ? await r.setBooking(ctx.placeId, existing.id, { status, createdAt: now })
          : await r.insertBooking({ placeId: ctx.placeId, sessionId, userId, status, createdAt: now });
        await recordAudit(tx, ctx, {
          action: 'booking.created',
          subjectType: 'booking',
          subjectId: booking.id,
          changes: { sessionId, userId, status },
        });
        if (status === 'booked') return { status };
        return { status, position: await r.waitlistPosition(ctx.placeId, booking) };
      });
    },

    /** Cancels the person's booking; a freed place goes to the first on the waiting list, who is emailed. */
    async cancelBooking(ctx: ActionContext, userId: string, sessionId: string, link: { baseUrl: string }) {
      const promoted = await db.transaction(async (tx) => {
        const r = createSessionsRepository(tx);
        const session = await r.lockSession(ctx.placeId, sessionId);
        if (!session) throw new NotFound('There is no session with that id in this place.');
        const booking = await r.findBooking(ctx.placeId, sessionId, userId);
        if (!booking || booking.status === 'cancelled') throw new Conflict('You have no booking for this session.');
        await r.setBooking(ctx.placeId, booking.id, { status: 'cancelled' });
        await recordAudit(tx, ctx, {
          action: 'booking.cancelled',
          subjectType: 'booking',
          subjectId: booking.id,
          changes: { sessionId, userId, was: booking.status },
        });
        if (booking.status !== 'booked' || session.cancelledAt) return null;
        const { booked } = await r.countByStatus(ctx.placeId, sessionId);
        if (session.capacity !== null && booked >= session.capacity) return null;
        const next = await r.firstWaitlisted(ctx.placeId, sessionId);
        if (!next) return null;
        await r.setBooking(ctx.placeId, next.id, { status: 'booked' });
        await recordAudit(tx, ctx, {
          action: 'booking.promoted',
          subjectType: 'booking',
          subjectId: next.id,
          changes: { sessionId, userId: next.userId, from: 'waitlisted', to: 'booked' },
        });
        return { userId: next.userId, session };
      });
      if (promoted) {
        const [person]: (Person | undefined)[] = await people.byIds(ctx.placeId, [promoted.userId]);
        const title = await sessionTitle(ctx.placeId, promoted.session);
        await sendAll(ctx.placeId, [
          {
            to: person?.email ?? null,
            subject: `You have a place: ${title}`,
            body: `Hello ${person?.displayName ?? ''},\n\nA place came free and it is yours: ${title}, ${formatWhen(promoted.session.startsAt)}.\n\nSee the details or cancel if you can no longer come: ${link.baseUrl}${sessionPaths.session(promoted.session.id)}\n`,
          },
        ]);
      }
    },

    /**
     * Cancels one session, or it and the rest of its series, with a reason. Everyone booked or
     * waiting is emailed. Returns how many sessions were cancelled.
     */
    async cancelSession(
      ctx: ActionContext,
      who: Organiser,
      sessionId: string,
      input: { reason: string; scope: 'one' | 'rest' },
      link: { baseUrl: string },
    ): Promise<number> {
      const session = await repo.findSession(ctx.placeId, sessionId);
      if (!session) throw new NotFound('There is no session with that id in this place.');
      if (!(await mayOrganise(who, session.projectId)))
        throw new Forbidden('Only the organisers of this project can cancel its sessions.');
      const title = await sessionTitle(ctx.placeId, session);
      const cancelled = await db.transaction(async (tx) => {
        const r = createSessionsRepository(tx);
        const targets =
          input.scope === 'rest'
            ? await r.liveInSeriesFrom(ctx.placeId, session.seriesId, session.startsAt)
            : session.cancelledAt
              ? []
              : [session];
        if (targets.length === 0) throw new Conflict('This session is already cancelled.');
        const rows = await r.cancelSessions(
          ctx.placeId,
          targets.map((s) => s.id),
          input.reason,
          new Date(),
        );
        for (const s of rows) {
          await recordAudit(tx, ctx, {
            action: 'session.cancelled',
            subjectType: 'session',
            subjectId: s.id,
            changes: { reason: input.reason, scope: input.scope, startsAt: s.startsAt.toISOString() },
          });
        }
        return rows;
      });
      const booked = await bookedPeople(
        ctx.placeId,
        cancelled.map((s) => s.id),
      );
      const byId = new Map(cancelled.map((s) => [s.id, s]));
      await sendAll(
        ctx.placeId,
        booked.map((p) => ({
          to: p.email,
          subject: `Cancelled: ${title}, ${formatWhen(byId.get(p.sessionId)!.startsAt)}`,
          body: `Hello ${p.displayName},\n\n${title} on ${formatWhen(byId.get(p.sessionId)!.startsAt)} has been cancelled.\n\nThe organiser said: ${input.reason}\n\nYour ${p.status === 'booked' ? 'booking' : 'place on the waiting list'} is cancelled with it. ${link.baseUrl}${sessionPaths.session(p.sessionId)}\n`,
        })),
      );
      return cancelled.length;
    },

    /**
     * Changes one session that has not started: its day, time, length or number of places. Refuses
     * a time in the past, a clash in its space, fewer places than people booked, or a session with
     * attendance already recorded. More places promote people from the waiting list. Everyone
     * booked or waiting is emailed what changed.
     */
    async changeSession(
      ctx: ActionContext,
      who: Organiser,
      sessionId: string,
      input: ChangeSessionInput,
      link: { baseUrl: string },
      now = new Date(),
    ): Promise<Session> {
      const found = await repo.findSession(ctx.placeId, sessionId);
      if (!found) throw new NotFound('There is no session with that id in this place.');
      if (!(await mayOrganise(who, found.projectId)))
        throw new Forbidden('Only the organisers of this project can change its sessions.');
      const title = await sessionTitle(ctx.placeId, found);
      const expanded = expandOccurrences({
        startDate: input.startDate,
        startTime: input.startTime,
        durationMinutes: input.durationMinutes,
        rrule: null,
        exdates: [],
        now,
      });
      if (!expanded.ok)
        throw new Invalid([{ field: formFields[expanded.error.code], message: expanded.error.message }]);
      const next = expanded.occurrences[0]!;
      // Other modules' reasons are asked before the transaction (they read with their own
      // connection); the checks before them are repeated under the lock below.
      assertChangeable(found, now);
      for (const guard of changeGuards) {
        const reason = await guard(ctx.placeId, found.id);
        if (reason) throw new Conflict(reason);
      }
      const { before, after, promoted } = await db.transaction(async (tx) => {
        const r = createSessionsRepository(tx);
        const session = await r.lockSession(ctx.placeId, sessionId);
        if (!session) throw new NotFound('There is no session with that id in this place.');
        assertChangeable(session, now);
        const capacity = session.dropIn ? null : input.capacity;
        const { booked } = await r.countByStatus(ctx.placeId, session.id);
        if (capacity !== null && capacity < booked)
          throw new Invalid([
            {
              field: 'capacity',
              message: `${booked} people have booked, so there must be at least ${booked} places. Ask people to cancel first, or cancel the session.`,
            },
          ]);
        if (session.spaceId) {
          await r.lockSpaceSchedule(session.spaceId);
          const clash = (await r.inSpaceBetween(ctx.placeId, session.spaceId, next.startsAt, next.endsAt)).some(
            (o) => o.id !== session.id,
          );
          if (clash)
            throw new Invalid([
              { field: 'startTime', message: 'The space is already in use at that time. Choose another time.' },
            ]);
        }
        const after = await r.updateSession(ctx.placeId, session.id, {
          startsAt: next.startsAt,
          endsAt: next.endsAt,
          durationMinutes: input.durationMinutes,
          capacity,
        });
        const promoted: string[] = [];
        for (let n = booked; capacity === null || n < capacity; n++) {
          const waiting = await r.firstWaitlisted(ctx.placeId, session.id);
          if (!waiting) break;
          await r.setBooking(ctx.placeId, waiting.id, { status: 'booked' });
          promoted.push(waiting.userId);
        }
        await recordAudit(tx, ctx, {
          action: 'session.changed',
          subjectType: 'session',
          subjectId: session.id,
          changes: {
            startsAt: { from: session.startsAt.toISOString(), to: after.startsAt.toISOString() },
            durationMinutes: { from: session.durationMinutes, to: after.durationMinutes },
            capacity: { from: session.capacity, to: after.capacity },
            promoted: promoted.length,
          },
        });
        return { before: session, after, promoted };
      });
      const booked = await bookedPeople(ctx.placeId, [after.id]);
      const note = input.note ? `\n\nThe organiser said: ${input.note}` : '';
      const url = `${link.baseUrl}${sessionPaths.session(after.id)}`;
      await sendAll(
        ctx.placeId,
        booked.map((p) => ({
          to: p.email,
          subject: `Changed: ${title}, now ${formatWhen(after.startsAt)}`,
          body: promoted.includes(p.userId)
            ? `Hello ${p.displayName},\n\n${title} has changed and a place came free: it is yours. It is now ${formatWhen(after.startsAt)} (${after.durationMinutes} minutes).${note}\n\nSee the details or cancel if you can no longer come: ${url}\n`
            : `Hello ${p.displayName},\n\n${title} has changed. It was ${formatWhen(before.startsAt)} (${before.durationMinutes} minutes); it is now ${formatWhen(after.startsAt)} (${after.durationMinutes} minutes).${note}\n\nYour ${p.status === 'booked' ? 'booking stands' : 'place on the waiting list stands'}. If you can no longer come, please cancel: ${url}\n`,
        })),
      );
      return after;
    },

    /** Sessions with their details, in start order. */
    list,

    async findListing(placeId: string, id: string): Promise<SessionListing | undefined> {
      const [row] = await list(placeId, { id, includeCancelled: true }, { limit: 1 });
      return row;
    },

    // The open data feeds' reads (docs/open-data-feeds.md): changes in (updatedAt, id) order.

    /** Sessions changed after `after`, cancelled ones too, with their details and booked places. */
    async changedSessions(placeId: string, after: FeedPoint | null, limit: number): Promise<FeedSession[]> {
      const rows = await repo.changedSessions(placeId, after, limit);
      const [listings, booked] = await Promise.all([
        withDetails(placeId, rows),
        repo.bookedCounts(
          placeId,
          rows.map((r) => r.id),
        ),
      ]);
      return listings.map((l) => ({ ...l, booked: booked.get(l.id) ?? 0 }));
    },
    /** Series changed after `after`, with their project's status and title and their space. */
    async changedSeries(placeId: string, after: FeedPoint | null, limit: number): Promise<FeedSeries[]> {
      return seriesDetails(placeId, await repo.changedSeries(placeId, after, limit));
    },
    /** The series of some projects with their details and last occurrence, first start first. */
    async seriesOfProjects(placeId: string, projectIds: string[]): Promise<(FeedSeries & { lastStartsAt: Date })[]> {
      const series = await seriesDetails(placeId, await repo.seriesOfProjects(placeId, projectIds));
      const last = await repo.lastStarts(
        placeId,
        series.map((s) => s.id),
      );
      return series.map((s) => ({ ...s, lastStartsAt: last.get(s.id) ?? s.startsAt }));
    },

    // Personal calendar links

    async hasFeed(placeId: string, userId: string): Promise<boolean> {
      return Boolean(await repo.feedOf(placeId, userId));
    },
    /** A new secret link (replacing any old one); only its hash is stored, so it is shown once. */
    async resetFeed(ctx: ActionContext, userId: string): Promise<string> {
      const token = randomBytes(24).toString('base64url');
      await db.transaction(async (tx) => {
        const had = await createSessionsRepository(tx).feedOf(ctx.placeId, userId);
        await createSessionsRepository(tx).saveFeed(ctx.placeId, userId, hashToken(token));
        await recordAudit(tx, ctx, {
          action: had ? 'calendar_feed.reset' : 'calendar_feed.created',
          subjectType: 'user',
          subjectId: userId,
        });
      });
      return token;
    },
    async feedOwner(placeId: string, token: string): Promise<string | null> {
      if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
      return (await repo.feedByHash(placeId, hashToken(token)))?.userId ?? null;
    },
  };
}
export type SessionsService = ReturnType<typeof createSessionsService>;
