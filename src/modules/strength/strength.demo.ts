import type { AreasService } from '../../core/areas/index.js';
import { seededRandom } from '../../lib/random.js';
import type { DemoContext } from '../../platform/modules.js';
import { DOMAINS, RELEASES, type DomainKey } from './deprivation/deprivation.files.js';
import type { DeprivationService, SeedRow } from './deprivation/deprivation.service.js';

/**
 * Where each demo ward stands among England's small areas, as a share of the way from the most
 * deprived (0) to the least (1), by the ward's place in the demo's ward list. A ward's LSOAs take
 * the shares in turn and are spread around them by `spread`, so neighbours differ as real ones do.
 *
 * The story: a cluster of riverside wards (the northern row and Ferry Lane) among England's most
 * deprived 10–20%; middling wards inland; an affluent south. Set against the participation the
 * demo generates, it puts wards in all four quarters of the need-and-strength chart: Quarry Wood,
 * Ferry Lane and Lamplighters are needy with little taking part (invest first); North End and
 * Heathside are needy with a lot (build on); Abbey Green and Church Manor are better off and
 * strong; Barnfield and Kingsmead better off with little.
 */
export const DEMO_NEED: readonly { ward: string; shares: readonly number[]; spread: number }[] = [
  { ward: 'Abbey Green', shares: [0.72], spread: 0.1 },
  { ward: 'Barnfield', shares: [0.8], spread: 0.08 },
  { ward: 'Brook Street', shares: [0.45], spread: 0.12 },
  // Well off, with one estate among its streets.
  { ward: 'Castle Hill', shares: [0.88, 0.88, 0.3, 0.88], spread: 0.05 },
  { ward: 'Cherry Orchard', shares: [0.4], spread: 0.12 },
  { ward: 'Church Manor', shares: [0.58], spread: 0.1 },
  { ward: 'Crossways', shares: [0.36], spread: 0.12 },
  { ward: 'East Wickham Vale', shares: [0.64], spread: 0.1 },
  { ward: 'Elm Park Rise', shares: [0.78], spread: 0.08 },
  { ward: 'Ferry Lane', shares: [0.15], spread: 0.06 },
  // A large estate with a strong tenants' association.
  { ward: 'Heathside', shares: [0.24], spread: 0.08 },
  { ward: 'Kingsmead', shares: [0.52], spread: 0.12 },
  // Riverside, half old estate and half new flats on the old wharves.
  { ward: 'Lamplighters', shares: [0.06, 0.6], spread: 0.05 },
  { ward: 'Marsh Gate', shares: [0.07], spread: 0.04 },
  { ward: 'Millbrook', shares: [0.18], spread: 0.06 },
  { ward: 'North End', shares: [0.12], spread: 0.05 },
  { ward: 'Old Farm', shares: [0.11], spread: 0.05 },
  { ward: 'Quarry Wood', shares: [0.09], spread: 0.05 },
];

/**
 * How far each domain strays from the IMD: its own spread, and a lean the whole borough shares
 * (like much of London, housing is hard to afford, so barriers to housing run more deprived than
 * the IMD, as does the living environment of older, busier streets). Income and employment make
 * up 45% of the IMD, so they stay closest to it.
 */
const DOMAIN_DRIFT: Record<DomainKey, { lean: number; spread: number }> = {
  income: { lean: 0, spread: 0.04 },
  employment: { lean: 0.02, spread: 0.05 },
  education: { lean: 0, spread: 0.1 },
  health: { lean: 0.03, spread: 0.08 },
  crime: { lean: -0.05, spread: 0.15 },
  housing: { lean: -0.25, spread: 0.15 },
  environment: { lean: -0.08, spread: 0.15 },
};

/** The 2025 release is the one the demo shows: it ranks 2021 LSOAs, as the demo's are. */
const RELEASE = 2025;
/** The 2025 release's population denominators are mid-2022 estimates: the 2021 census grown a little. */
const POPULATION_YEAR = 2022;

export type DemoLsoa = { id: string; ward: number; population: number };

/**
 * Made-up 2025 Indices of Deprivation for the demo's LSOAs, the same every time: the IMD rank from
 * the ward's share (DEMO_NEED), each domain's from the IMD's (DOMAIN_DRIFT). No two LSOAs share a
 * rank in a measure, as in the published files. Pure.
 */
export function demoDeprivation(lsoas: readonly DemoLsoa[]): SeedRow[] {
  const rand = seededRandom(2025);
  const most = RELEASES[RELEASE].lsoas;
  // Two draws added make a hump in the middle: most areas near the ward's share, a few further off.
  const wobble = () => rand() + rand() - 1;
  const taken = new Map<string, Set<number>>();
  const rankOf = (measure: string, share: number) => {
    const used = taken.get(measure) ?? new Set<number>();
    taken.set(measure, used);
    let rank = Math.min(most, Math.max(1, Math.round(share * most)));
    while (used.has(rank)) rank = rank < most ? rank + 1 : 1;
    used.add(rank);
    return rank;
  };
  const seen = new Map<number, number>();
  return lsoas.map((lsoa) => {
    const need = DEMO_NEED[lsoa.ward] ?? { shares: [0.5], spread: 0.12 };
    const nth = seen.get(lsoa.ward) ?? 0;
    seen.set(lsoa.ward, nth + 1);
    const share = (need.shares[nth % need.shares.length] ?? 0.5) + wobble() * need.spread;
    const imdRank = rankOf('imd', share);
    const imdShare = imdRank / most;
    const domainRanks = Object.fromEntries(
      DOMAINS.map((d) => {
        const drift = DOMAIN_DRIFT[d.key];
        return [d.key, rankOf(d.key, imdShare + drift.lean + wobble() * drift.spread)];
      }),
    ) as Record<DomainKey, number>;
    return {
      areaId: lsoa.id,
      imdRank,
      domainRanks,
      population: Math.round(lsoa.population * (1.006 + rand() * 0.008)),
      populationYear: POPULATION_YEAR,
    };
  });
}

/**
 * The demo borough's deprivation: made-up 2025 figures for every LSOA the core demo placed in its
 * wards, stored through the deprivation service (this module's own table only).
 */
export async function seedStrengthDemo(
  services: { areas: Pick<AreasService, 'list'>; deprivation: Pick<DeprivationService, 'seedRows'> },
  { placeId, ctx, facts }: DemoContext,
): Promise<void> {
  const { wardIds, lsoaIds } = facts;
  if (!wardIds?.length || !lsoaIds?.length)
    throw new Error('The strength demo needs the core demo first (wards and LSOAs).');
  const areas = new Map((await services.areas.list(placeId, { kind: 'lsoa' })).map((a) => [a.id, a]));
  const lsoas = lsoaIds.flatMap((id) => {
    const area = areas.get(id);
    const ward = area?.parentId ? wardIds.indexOf(area.parentId) : -1;
    return area && ward >= 0 ? [{ id, ward, population: area.population ?? 0 }] : [];
  });
  await services.deprivation.seedRows(ctx, RELEASE, demoDeprivation(lsoas));
}
