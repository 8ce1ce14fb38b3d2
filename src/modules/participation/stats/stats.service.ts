import { londonEndOfDay, londonStartOfDay } from '../../../lib/london-time.js';
import type { Db } from '../../../platform/db.js';
import { NotFound } from '../../../platform/errors.js';
import type { AreasService } from '../../../core/areas/index.js';
import type { PlacesService } from '../../../core/places/index.js';
import type { ProjectFacts } from '../../projects/index.js';
import { NO_AREA } from '../rollups/rollups.schema.js';
import { ladderStep, nextStep, type LadderStep } from './ladder.js';
import { addMonths, monthOf, monthsBetween, splitPeriod } from './periods.js';
import { createStatsRepository } from './stats.repository.js';

/** Default small-number threshold: counts of people below it are shown as "fewer than 10". */
export const DEFAULT_SUPPRESS_BELOW = 10;
/** A participant is "regular" when they came in at least this many distinct months of the period. */
export const REGULAR_MONTHS = 3;
/** The default scale target (Every One Every Day's): 25,000 residents in 5 years from the first session. */
export const DEFAULT_TARGET = { residents: 25_000, years: 5 };

export { addDays, addMonths, defaultPeriod, monthOf, splitPeriod } from './periods.js';

/** A count of people, or null when it is below the place's threshold. */
export type PeopleCount = { value: number | null; suppressed: boolean };

export type ParticipationStats = {
  from: string;
  to: string;
  ward: { id: string; code: string; name: string } | null;
  population: number | null;
  suppressBelow: number;
  uniqueParticipants: PeopleCount;
  attendances: number;
  namedAttendances: number;
  headcountAttendances: number;
  /** Hours are exact (minutes ÷ 60, never rounded); pages round the minutes for display. */
  participationHours: number;
  volunteerHours: number;
  hoursOffered: number;
  participationMinutes: number;
  volunteerMinutes: number;
  minutesOffered: number;
  sessions: number;
  activeProjects: number;
  newProjects: number;
  /** Resident- or community-group-led active projects ÷ active projects; null with none active. */
  residentLedShare: number | null;
  /**
   * People who came in at least 3 of the period's whole calendar months; null when the period
   * holds fewer than 3 whole months or when suppressed.
   */
  regularParticipants: number | null;
  /** Regular participants ÷ the people who came in the whole months; null as above. */
  regularParticipationRate: number | null;
  regularParticipationSuppressed: boolean;
  retention3Months: number | null;
  retention3MonthsSuppressed: boolean;
  retention6Months: number | null;
  retention6MonthsSuppressed: boolean;
  reachPer1000: number | null;
  reachSuppressed: boolean;
  months: { month: string; participants: PeopleCount; attendances: number; hours: number; minutes: number }[];
  wards: {
    code: string;
    name: string;
    population: number | null;
    participants: PeopleCount;
    attendances: number;
    hours: number;
    minutes: number;
    reachPer1000: number | null;
  }[];
};

/** One ward's participation over a period, as the strength map needs it for every ward at once. */
export type WardParticipation = {
  wardId: string;
  participants: PeopleCount;
  attendances: number;
  participationHours: number;
  volunteerHours: number;
  activeProjects: number;
  /** As in {@link ParticipationStats}: null with no active project. */
  residentLedShare: number | null;
  /** As in {@link ParticipationStats}: null with fewer than 3 whole months, or when suppressed. */
  regularParticipationRate: number | null;
};

export type TargetProgress = {
  target: number;
  startDate: string;
  targetDate: string;
  toDate: PeopleCount;
  /** Straight line through the last 12 months' new participants, to the target date. */
  projected: number | null;
  projectedPercent: number | null;
  isDefault: boolean;
};

/** Hours, exactly: rounding is for pages (the API gives 35.25, the dashboard shows 35.3). */
const hours = (minutes: number) => minutes / 60;
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);

/**
 * Participation figures per place and ward over any period of London days. A ward's figures
 * count what happened at sessions in that ward (the session's ward, copied onto each
 * attendance), wherever the people live; new projects count by the project's own ward.
 */
export function createStatsService(deps: {
  db: Db;
  areas: AreasService;
  places: PlacesService;
  /** Projects' status, lead type and memberships, read through the projects module. */
  projects: ProjectFacts;
}) {
  const repo = createStatsRepository(deps.db);
  const { projects } = deps;

  /** Published projects with a session (not cancelled) in the period, and how many are resident- or group-led. */
  async function activeProjects(placeId: string, start: Date, end: Date, areaId: string | null) {
    const published = await projects.published(placeId);
    const active = new Set(
      await repo.projectsWithSessions(
        placeId,
        published.map((p) => p.id),
        start,
        end,
        areaId,
      ),
    );
    const led = published.filter((p) => active.has(p.id));
    return {
      active: led.length,
      residentLed: led.filter((p) => p.leadType === 'resident' || p.leadType === 'community_group').length,
    };
  }

  function people(value: number, threshold: number): PeopleCount {
    return value < threshold ? { value: null, suppressed: true } : { value, suppressed: false };
  }

  async function settingsOf(placeId: string) {
    const place = await deps.places.findById(placeId);
    if (!place) throw new NotFound();
    return place.settings;
  }

  return {
    /** Figures for `from`..`to` (inclusive London days), optionally for one ward by code. */
    async participation(
      placeId: string,
      input: { from: string; to: string; wardCode?: string | undefined },
    ): Promise<ParticipationStats> {
      const { from, to } = input;
      const [settings, wards] = await Promise.all([settingsOf(placeId), deps.areas.listWards(placeId)]);
      const threshold = settings.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
      let ward: (typeof wards)[number] | undefined;
      if (input.wardCode) {
        ward = wards.find((w) => w.code === input.wardCode);
        if (!ward) throw new NotFound(`There is no ward with the code ${input.wardCode} in this place.`);
      }
      const areaId = ward?.id ?? null;
      const start = londonStartOfDay(from);
      const end = londonEndOfDay(to);
      const fromMonth = monthOf(from);
      const toMonth = monthOf(to);
      const months = monthsBetween(from, to);

      const [peopleRows, daily, sessionRows, active, newProjects, ret3, ret6] = await Promise.all([
        repo.people(placeId, { from, to }, areaId),
        repo.daily(placeId, { from, to }),
        repo.sessionsByWard(placeId, { from, to }),
        activeProjects(placeId, start, end, areaId),
        projects.countPublishedBetween(placeId, start, end, areaId),
        addMonths(toMonth, -3) >= fromMonth
          ? repo.retention(placeId, areaId, fromMonth, addMonths(toMonth, -3), 3)
          : null,
        addMonths(toMonth, -6) >= fromMonth
          ? repo.retention(placeId, areaId, fromMonth, addMonths(toMonth, -6), 6)
          : null,
      ]);

      const inScope = (areaKey: string) => !areaId || areaKey === areaId;
      const unique = people(peopleRows.total, threshold);
      let named = 0;
      let heads = 0;
      let minutes = 0;
      let volunteer = 0;
      const byMonth = new Map<string, { attendances: number; minutes: number }>();
      const byWard = new Map<string, { attendances: number; minutes: number }>();
      for (const d of daily) {
        const w = byWard.get(d.areaKey) ?? { attendances: 0, minutes: 0 };
        w.attendances += d.named + d.heads;
        w.minutes += d.minutes;
        byWard.set(d.areaKey, w);
        if (!inScope(d.areaKey)) continue;
        named += d.named;
        heads += d.heads;
        minutes += d.minutes;
        volunteer += d.volunteer;
        const m = byMonth.get(d.month) ?? { attendances: 0, minutes: 0 };
        m.attendances += d.named + d.heads;
        m.minutes += d.minutes;
        byMonth.set(d.month, m);
      }
      const scopedSessions = sessionRows.filter((s) => inScope(s.areaKey));
      const offered = scopedSessions.reduce((sum, r) => sum + r.offered, 0);
      const population = ward
        ? ward.population
        : wards.some((w) => w.population)
          ? wards.reduce((sum, w) => sum + (w.population ?? 0), 0)
          : null;
      const reach = (count: PeopleCount, pop: number | null) =>
        count.value !== null && pop ? Math.round((count.value / pop) * 10_000) / 10 : null;

      const retention = (r: { cohort: number; returned: number } | null) => {
        if (!r || r.cohort === 0) return { rate: null, suppressed: false };
        if (r.cohort < threshold) return { rate: null, suppressed: true };
        return { rate: ratio(r.returned, r.cohort), suppressed: false };
      };
      const r3 = retention(ret3);
      const r6 = retention(ret6);
      // Regular participation is measured over the period's whole months (see docs/participation.md).
      const whole = peopleRows.whole;
      const wholeRange = splitPeriod(from, to).months;
      const wholeMonths = wholeRange ? monthsBetween(wholeRange.from, wholeRange.to) : [];

      return {
        from,
        to,
        ward: ward ? { id: ward.id, code: ward.code, name: ward.name } : null,
        population,
        suppressBelow: threshold,
        uniqueParticipants: unique,
        attendances: named + heads,
        namedAttendances: named,
        headcountAttendances: heads,
        participationHours: hours(minutes),
        volunteerHours: hours(volunteer),
        hoursOffered: hours(offered),
        participationMinutes: minutes,
        volunteerMinutes: volunteer,
        minutesOffered: offered,
        sessions: scopedSessions.reduce((s, r) => s + r.sessions, 0),
        activeProjects: active.active,
        newProjects,
        residentLedShare: ratio(active.residentLed, active.active),
        regularParticipants:
          whole && wholeMonths.length >= REGULAR_MONTHS && whole.people >= threshold ? whole.regular : null,
        regularParticipationRate:
          whole && wholeMonths.length >= REGULAR_MONTHS && whole.people >= threshold
            ? ratio(whole.regular, whole.people)
            : null,
        regularParticipationSuppressed:
          whole !== null && wholeMonths.length >= REGULAR_MONTHS && whole.people > 0 && whole.people < threshold,
        retention3Months: r3.rate,
        retention3MonthsSuppressed: r3.suppressed,
        retention6Months: r6.rate,
        retention6MonthsSuppressed: r6.suppressed,
        reachPer1000: reach(unique, population),
        reachSuppressed: unique.suppressed,
        months: months.map((month) => ({
          month,
          participants: people(peopleRows.byMonth.get(month) ?? 0, threshold),
          attendances: byMonth.get(month)?.attendances ?? 0,
          hours: hours(byMonth.get(month)?.minutes ?? 0),
          minutes: byMonth.get(month)?.minutes ?? 0,
        })),
        wards: [
          ...wards.map((w) => ({ key: w.id, code: w.code, name: w.name, population: w.population })),
          { key: NO_AREA, code: '', name: 'No ward (online or unplaced)', population: null },
        ]
          .map((w) => {
            const participants = people(peopleRows.byScope.get(w.key) ?? 0, threshold);
            return {
              code: w.code,
              name: w.name,
              population: w.population,
              participants,
              attendances: byWard.get(w.key)?.attendances ?? 0,
              hours: hours(byWard.get(w.key)?.minutes ?? 0),
              minutes: byWard.get(w.key)?.minutes ?? 0,
              reachPer1000: reach(participants, w.population),
            };
          })
          .filter((w) => w.code !== '' || w.attendances > 0),
      };
    },

    /**
     * Every ward's figures over a period in one go: the same numbers as {@link participation} for
     * each ward (unique participants, attendances, hours, volunteer hours, active and resident-led
     * projects, regular participation), from a handful of queries whatever the number of wards.
     */
    async wardParticipation(
      placeId: string,
      input: { from: string; to: string },
    ): Promise<{ suppressBelow: number; wards: WardParticipation[] }> {
      const { from, to } = input;
      const [settings, wards] = await Promise.all([settingsOf(placeId), deps.areas.listWards(placeId)]);
      const threshold = settings.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
      const start = londonStartOfDay(from);
      const end = londonEndOfDay(to);
      const published = await projects.published(placeId);
      const [peopleRows, daily, whole, active] = await Promise.all([
        repo.people(placeId, { from, to }, null),
        repo.daily(placeId, { from, to }),
        repo.wholeMonthsByScope(placeId, { from, to }),
        repo.projectsWithSessionsByWard(
          placeId,
          published.map((p) => p.id),
          start,
          end,
        ),
      ]);
      const wholeMonths = splitPeriod(from, to).months;
      const enoughMonths =
        wholeMonths !== null && monthsBetween(wholeMonths.from, wholeMonths.to).length >= REGULAR_MONTHS;
      const leadOf = new Map(published.map((p) => [p.id, p.leadType]));
      const figures = wards.map((w) => {
        let attendances = 0;
        let minutes = 0;
        let volunteer = 0;
        for (const d of daily) {
          if (d.areaKey !== w.id) continue;
          attendances += d.named + d.heads;
          minutes += d.minutes;
          volunteer += d.volunteer;
        }
        const led = active.filter((a) => a.areaKey === w.id).map((a) => leadOf.get(a.projectId));
        const residentLed = led.filter((l) => l === 'resident' || l === 'community_group').length;
        const wm = whole.get(w.id) ?? { people: 0, regular: 0 };
        return {
          wardId: w.id,
          participants: people(peopleRows.byScope.get(w.id) ?? 0, threshold),
          attendances,
          participationHours: hours(minutes),
          volunteerHours: hours(volunteer),
          activeProjects: led.length,
          residentLedShare: ratio(residentLed, led.length),
          regularParticipationRate: enoughMonths && wm.people >= threshold ? ratio(wm.regular, wm.people) : null,
        };
      });
      return { suppressBelow: threshold, wards: figures };
    },

    /**
     * One project's figures over a period, in the same shape as the place's: unique participants,
     * attendances, hours, volunteer hours, hours offered, sessions and regulars, per month, with
     * the place's suppression. Ward breakdowns, retention and reach are place measures and are
     * left empty (null) here.
     */
    async projectParticipation(
      placeId: string,
      projectId: string,
      input: { from: string; to: string },
    ): Promise<ParticipationStats> {
      const { from, to } = input;
      const settings = await settingsOf(placeId);
      const threshold = settings.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
      const p = await repo.project(placeId, projectId, { from, to }, londonStartOfDay(from), londonEndOfDay(to));
      const heads = p.sessions.reduce((sum, r) => sum + r.heads, 0);
      const sessions = p.sessions.reduce((sum, r) => sum + r.sessions, 0);
      const unique = people(p.people, threshold);
      const wholeRange = splitPeriod(from, to).months;
      const wholeMonths = wholeRange ? monthsBetween(wholeRange.from, wholeRange.to) : [];
      const regularShown = p.whole !== null && wholeMonths.length >= REGULAR_MONTHS && p.whole.people >= threshold;
      const byMonth = new Map(p.months.map((m) => [m.month, m]));
      const participationMinutes = p.minutes + p.sessions.reduce((sum, r) => sum + r.headMinutes, 0);
      const minutesOffered = p.sessions.reduce((sum, r) => sum + r.offered, 0);
      const sessionsByMonth = new Map(p.sessions.map((m) => [m.month, m]));
      return {
        from,
        to,
        ward: null,
        population: null,
        suppressBelow: threshold,
        uniqueParticipants: unique,
        attendances: p.named + heads,
        namedAttendances: p.named,
        headcountAttendances: heads,
        participationHours: hours(participationMinutes),
        volunteerHours: hours(p.volunteer),
        hoursOffered: hours(minutesOffered),
        participationMinutes,
        volunteerMinutes: p.volunteer,
        minutesOffered,
        sessions,
        activeProjects: sessions > 0 ? 1 : 0,
        newProjects: 0,
        residentLedShare: null,
        regularParticipants: regularShown ? p.whole!.regular : null,
        regularParticipationRate: regularShown ? ratio(p.whole!.regular, p.whole!.people) : null,
        regularParticipationSuppressed:
          p.whole !== null && wholeMonths.length >= REGULAR_MONTHS && p.whole.people > 0 && !regularShown,
        retention3Months: null,
        retention3MonthsSuppressed: false,
        retention6Months: null,
        retention6MonthsSuppressed: false,
        reachPer1000: null,
        reachSuppressed: unique.suppressed,
        months: monthsBetween(from, to).map((month) => {
          const m = byMonth.get(month);
          const s = sessionsByMonth.get(month);
          return {
            month,
            participants: people(m?.people ?? 0, threshold),
            attendances: (m?.named ?? 0) + (s?.heads ?? 0),
            hours: hours((m?.minutes ?? 0) + (s?.headMinutes ?? 0)),
            minutes: (m?.minutes ?? 0) + (s?.headMinutes ?? 0),
          };
        }),
        wards: [],
      };
    },

    /**
     * Progress toward the place's scale target: distinct people from the start date to today,
     * and a straight line through the last 12 months' newcomers, carried on to the target date.
     */
    async targetProgress(placeId: string, today: string): Promise<TargetProgress | null> {
      const settings = await settingsOf(placeId);
      const threshold = settings.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
      const configured = settings.participationTarget;
      const startDate = configured?.startDate ?? (await repo.firstSessionDay(placeId));
      if (!startDate) return null;
      const target = configured?.residents ?? DEFAULT_TARGET.residents;
      const years = configured?.years ?? DEFAULT_TARGET.years;
      const targetDate = addMonths(startDate, years * 12).slice(0, 8) + startDate.slice(8);
      const cutoff = addMonths(monthOf(today), -11);
      const { total, before } = await repo.cumulative(placeId, monthOf(startDate), cutoff);
      const toDate = people(total, threshold);
      let projected: number | null = null;
      if (toDate.value !== null && targetDate > today) {
        // Newcomers per day over the last 12 months (or since the start, when that is shorter).
        const windowStart = startDate > cutoff ? startDate : cutoff;
        const days = Math.max(1, (Date.parse(today) - Date.parse(windowStart)) / 86_400_000);
        const perDay = (total - before) / days;
        const remaining = (Date.parse(targetDate) - Date.parse(today)) / 86_400_000;
        projected = Math.round(total + perDay * remaining);
      } else if (toDate.value !== null) {
        projected = total;
      }
      return {
        target,
        startDate,
        targetDate,
        toDate,
        projected,
        projectedPercent: projected === null ? null : Math.round((projected / target) * 100),
        isDefault: !configured,
      };
    },

    /** A person's attendances, minutes and step on the participation ladder. */
    async ladderFor(placeId: string, userId: string, now = new Date()) {
      const [history, memberships] = await Promise.all([
        repo.historyOf(placeId, userId),
        projects.membershipsOf(placeId, userId),
      ]);
      const held = await repo.projectsThatHeldSessions(
        placeId,
        memberships.map((m) => m.projectId),
        now,
      );
      const step: LadderStep = ladderStep({
        attendances: history.map((h) => ({ day: h.day, role: h.role })),
        memberships: memberships.map((m) => ({
          role: m.role,
          stage: m.stage,
          published: m.status === 'published',
          hasHeldSessions: held.has(m.projectId),
        })),
      });
      const minutes = history.reduce((s, h) => s + h.minutes, 0);
      return { attendances: history.length, minutes, step, next: nextStep(step) };
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
