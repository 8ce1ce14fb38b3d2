/**
 * A ward's deprivation, derived from its LSOAs' (the Indices are published for LSOAs only). Pure.
 *
 * For the Index of Multiple Deprivation and each domain:
 * - the population-weighted mean rank: Σ(population × rank) ÷ Σ population over the ward's LSOAs
 *   (a lower rank is more deprived; 1 is the most deprived LSOA in England);
 * - the share of the ward's people living in LSOAs among the most deprived 10% in England
 *   (decile 1), and among the most deprived 20% (deciles 1 and 2).
 * Weights are the population denominators published with the Indices (File 6). Where any of the
 * ward's LSOAs lacks one, every LSOA counts once instead, and the figures say they are unweighted.
 */
import { DOMAINS, type DomainKey, type RankDecile } from './deprivation.files.js';

export type LsoaFigures = {
  parentId: string | null;
  population: number | null;
  imd: RankDecile | null;
  domains: Record<DomainKey, RankDecile> | null;
};

export type DeprivationMeasure = {
  /** Population-weighted mean rank (unweighted when `weighted` is false). */
  meanRank: number;
  /** Share (0 to 1) of the ward's people in LSOAs in England's most deprived 10%. */
  shareMost10: number;
  /** Share (0 to 1) of the ward's people in LSOAs in England's most deprived 20%. */
  shareMost20: number;
};

export type WardDeprivation = {
  /** LSOAs placed in the ward, and how many of them the Indices cover. */
  lsoas: number;
  lsoasWithData: number;
  /** Σ of the LSOAs' population denominators; null when any is missing. */
  population: number | null;
  weighted: boolean;
  imd: DeprivationMeasure | null;
  domains: Record<DomainKey, DeprivationMeasure> | null;
};

function measure(items: { weight: number; value: RankDecile }[]): DeprivationMeasure | null {
  const total = items.reduce((sum, i) => sum + i.weight, 0);
  if (items.length === 0 || total <= 0) return null;
  const sum = (pick: (i: { weight: number; value: RankDecile }) => number) =>
    items.reduce((s, i) => s + i.weight * pick(i), 0);
  return {
    meanRank: sum((i) => i.value.rank) / total,
    shareMost10: sum((i) => (i.value.decile === 1 ? 1 : 0)) / total,
    shareMost20: sum((i) => (i.value.decile <= 2 ? 1 : 0)) / total,
  };
}

/** Each ward's figures, keyed by the ward's id, from the LSOAs placed in it. */
export function wardDeprivation(lsoas: readonly LsoaFigures[]): Map<string, WardDeprivation> {
  const byWard = new Map<string, LsoaFigures[]>();
  for (const l of lsoas) {
    if (!l.parentId) continue;
    const list = byWard.get(l.parentId) ?? [];
    list.push(l);
    byWard.set(l.parentId, list);
  }
  const result = new Map<string, WardDeprivation>();
  for (const [wardId, list] of byWard) {
    const withImd = list.filter((l) => l.imd !== null);
    const weighted = withImd.length > 0 && withImd.every((l) => l.population !== null && l.population > 0);
    const weightOf = (l: LsoaFigures) => (weighted ? (l.population ?? 0) : 1);
    const withDomains = list.filter((l) => l.domains !== null);
    const domains =
      withDomains.length > 0
        ? (Object.fromEntries(
            DOMAINS.map((d) => [
              d.key,
              measure(
                withDomains.map((l) => ({
                  weight: weightOf(l),
                  value: (l.domains as Record<DomainKey, RankDecile>)[d.key],
                })),
              ),
            ]),
          ) as Record<DomainKey, DeprivationMeasure>)
        : null;
    result.set(wardId, {
      lsoas: list.length,
      lsoasWithData: withImd.length,
      population: list.every((l) => l.population !== null)
        ? list.reduce((sum, l) => sum + (l.population ?? 0), 0)
        : null,
      weighted,
      imd: measure(withImd.map((l) => ({ weight: weightOf(l), value: l.imd as RankDecile }))),
      domains,
    });
  }
  return result;
}
