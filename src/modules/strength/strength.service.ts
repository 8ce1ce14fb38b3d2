import type { Area, AreasService } from '../../core/areas/index.js';
import {
  compositeStrength,
  placeInQuadrants,
  strengthMeasures,
  type QuadrantKey,
  type QuadrantPlacement,
  type StrengthMeasure,
  type StrengthMeasureId,
} from '../../lib/strength/index.js';
import type { AssetsService } from '../assets/index.js';
import type { CapacityService } from '../capacity/index.js';
import type { GroupsService } from '../groups/index.js';
import type { StatsService } from '../participation/index.js';
import type { WardDeprivation } from './deprivation/deprivation.figures.js';
import type { Release } from './deprivation/deprivation.files.js';
import type { DeprivationService } from './deprivation/deprivation.service.js';

export type Period = { from: string; to: string };

/** What a ward's rates are per: its own population, or the deprivation denominators' sum. */
export type Denominator = { population: number; year: number | null; source: 'ward' | 'deprivation' } | null;

export type WardStrengthFigures = {
  ward: Area;
  denominator: Denominator;
  /** Each measure's value; null when unknown or suppressed (too few people to show). */
  measures: Record<StrengthMeasureId, number | null>;
  /** The counts behind the rates, for the profile and the CSV. */
  counts: {
    participants: number | null;
    participantsSuppressed: boolean;
    participationHours: number;
    volunteerHours: number;
    activeProjects: number;
    assets: number;
    /** People offering to share something, counted in their home ward; null when too few to show. */
    offers: number | null;
  };
  deprivation: WardDeprivation | null;
  /** 1 for the most deprived ward of the place by mean IMD rank. */
  deprivationRank: number | null;
  score: number | null;
  scoreRank: number | null;
  measuresUsed: number;
  quadrant: QuadrantKey | null;
};

export type StrengthTable = {
  period: Period;
  /** The measures with a value for at least one ward, in the catalogue's order. */
  measures: StrengthMeasure[];
  /** The measures the composite score combines (those that tell wards apart). */
  scored: StrengthMeasureId[];
  release: Release | null;
  deprivationPopulationYear: number | null;
  suppressBelow: number;
  wards: WardStrengthFigures[];
  placement: QuadrantPlacement;
};

const per = (count: number | null, population: number | undefined, base: number) =>
  count === null || !population ? null : (count / population) * base;

/**
 * Community strength per ward over a period: the strength measures (from participation, projects
 * and the asset register, read through their modules' services), a composite score made as the
 * Community Needs Index makes its scores, deprivation beside them, and need against strength in
 * four quarters. Rates are per the ward's population where it has one, otherwise per the sum of
 * its LSOAs' deprivation denominators; each ward says which, and the year.
 */
/** How long a place's figures for a period are reused; the pages say they are a few minutes old at most. */
export const STRENGTH_CACHE_MS = 2 * 60 * 1000;
const CACHE_ENTRIES = 200;

export function createStrengthService(deps: {
  areas: AreasService;
  stats: StatsService;
  assets: AssetsService;
  deprivation: DeprivationService;
  capacity: CapacityService;
  groups: GroupsService;
  /** 0 turns the cache off (tests that change figures between reads). */
  cacheMs?: number;
}) {
  const ttl = deps.cacheMs ?? STRENGTH_CACHE_MS;
  // Every ward's figures cost one participation query set per ward, so a place's table for a period
  // is worked out once and shared, by concurrent requests too (the promise is cached, not the result).
  const cache = new Map<string, { at: number; table: Promise<StrengthTable> }>();

  return {
    /** Forgets a place's figures, after something they depend on changes at once (a deprivation import). */
    forget(placeId: string): void {
      for (const key of cache.keys()) if (key.startsWith(`${placeId}|`)) cache.delete(key);
    },

    /** Every ward's strength figures over a period (at most a few minutes old). */
    wards(placeId: string, period: Period): Promise<StrengthTable> {
      const key = `${placeId}|${period.from}|${period.to}`;
      const now = Date.now();
      const hit = cache.get(key);
      if (hit && now - hit.at < ttl) return hit.table;
      const table = compute(placeId, period);
      if (ttl > 0) {
        cache.delete(key);
        cache.set(key, { at: now, table });
        // A failed computation is not kept; the oldest entries go first when the cache is full.
        table.catch(() => cache.delete(key));
        while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
      }
      return table;
    },
  };

  async function compute(placeId: string, period: Period): Promise<StrengthTable> {
    const [wards, deprivation, assetCounts, offers, groupCounts] = await Promise.all([
      deps.areas.listWards(placeId),
      deps.deprivation.wards(placeId),
      deps.assets.countPublic(placeId),
      deps.capacity.offersByWard(placeId),
      deps.groups.groupsByWard(placeId),
    ]);
    const offersIn = new Map(offers.map((o) => [o.wardId, o.people]));
    const groupsIn = new Map(groupCounts.map((g) => [g.wardId, g.groups]));
    // Every ward's participation from one set of queries (the participation module's own reading).
    const participation = await deps.stats.wardParticipation(placeId, period);
    const byWard = new Map(participation.wards.map((p) => [p.wardId, p]));
    const assetsIn = new Map<string, number>();
    for (const a of assetCounts) if (a.areaId) assetsIn.set(a.areaId, (assetsIn.get(a.areaId) ?? 0) + a.assets);
    const depByWard = new Map(deprivation?.wards.map((d) => [d.ward.id, d]) ?? []);

    const rows = wards.map((ward) => {
      const s = byWard.get(ward.id);
      const dep = depByWard.get(ward.id);
      const denominator: Denominator = ward.population
        ? { population: ward.population, year: ward.populationYear, source: 'ward' }
        : dep?.figures?.population
          ? { population: dep.figures.population, year: deprivation?.populationYear ?? null, source: 'deprivation' }
          : null;
      const pop = denominator?.population;
      // No attendance at all is nobody, which discloses no one: 0, not "too few to show".
      const participants = s?.attendances === 0 ? 0 : (s?.participants.value ?? null);
      const assets = assetsIn.get(ward.id) ?? 0;
      const threshold = participation.suppressBelow;
      const offeredBy = (n: number) => (n > 0 && n < threshold ? null : n);
      const measures: Record<StrengthMeasureId, number | null> = {
        reachPer1000: per(participants, pop, 1000),
        regularShare: s?.regularParticipationRate ?? null,
        hoursPerResident: per(s?.participationHours ?? null, pop, 1),
        volunteerHoursPer1000: per(s?.volunteerHours ?? null, pop, 1000),
        projectsPer10000: per(s?.activeProjects ?? null, pop, 10_000),
        groupsPer10000: per(groupsIn.get(ward.id) ?? 0, pop, 10_000),
        residentLedShare: s?.residentLedShare ?? null,
        assetsPer10000: per(assets, pop, 10_000),
        // People offering (with consent to be counted), by their home ward; small counts hidden.
        capacityOffersPer1000: per(offeredBy(offersIn.get(ward.id) ?? 0), pop, 1000),
        // Not yet counted per ward: steps up the ladder.
        ladderProgression: null,
      };
      return {
        ward,
        denominator,
        measures,
        counts: {
          participants,
          participantsSuppressed: s?.participants.suppressed ?? false,
          participationHours: s?.participationHours ?? 0,
          volunteerHours: s?.volunteerHours ?? 0,
          activeProjects: s?.activeProjects ?? 0,
          assets,
          offers: offeredBy(offersIn.get(ward.id) ?? 0),
        },
        deprivation: dep?.figures ?? null,
        deprivationRank: dep?.rank ?? null,
      };
    });

    const shown = strengthMeasures.filter((m) => rows.some((r) => r.measures[m.id] !== null));
    // Only measures that tell wards apart make the score; with none (no activity yet) there is
    // no score, rather than every ward scoring the same 0.
    const spread = compositeStrength(
      rows.map((r) => ({ id: r.ward.id, values: r.measures })),
      shown,
    ).measures.filter((m) => m.discriminating);
    const scored = shown.filter((m) => spread.some((x) => x.id === m.id));
    const composite = compositeStrength(
      rows.map((r) => ({ id: r.ward.id, values: r.measures })),
      scored,
    );
    const scoreOf = new Map(scored.length ? composite.wards.map((w) => [w.id, w]) : []);
    const placement = placeInQuadrants(
      rows.map((r) => ({
        id: r.ward.id,
        label: r.ward.name,
        need: r.deprivation?.imd?.meanRank ?? null,
        strength: scoreOf.get(r.ward.id)?.score ?? null,
      })),
      'lower-is-more-need',
    );
    const quadrantOf = new Map(placement.wards.map((w) => [w.id, w.quadrant]));
    return {
      period,
      measures: shown,
      scored: scored.map((m) => m.id),
      release: deprivation?.release ?? null,
      deprivationPopulationYear: deprivation?.populationYear ?? null,
      suppressBelow: participation.suppressBelow,
      wards: rows.map((r) => {
        const c = scoreOf.get(r.ward.id);
        return {
          ...r,
          score: c?.score ?? null,
          scoreRank: c?.rank ?? null,
          measuresUsed: c?.measuresUsed ?? 0,
          quadrant: quadrantOf.get(r.ward.id) ?? null,
        };
      }),
      placement,
    };
  }
}
export type StrengthService = ReturnType<typeof createStrengthService>;
