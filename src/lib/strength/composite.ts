/**
 * The composite strength score, made the way the Community Needs Index makes its scores (OCSI for
 * Local Trust; shared/reference/domain-notes.md §4.2 and §4.5): each measure is standardised
 * across the place's wards as a z-score, (x − mean) ÷ population standard deviation, and the
 * z-scores are combined with equal weights. Wards count equally (not weighted by population), as
 * in the index.
 *
 * Two rules for reading it, which every page that shows it must keep:
 * - The score is published beside its inputs, never instead of them: it hides which measures
 *   make a ward strong, and a table of the measures always sits next to it.
 * - It is relative to the place: 0 is the place's average ward and +1 a ward one standard
 *   deviation above it on average. It says nothing about how strong the place is, and scores from
 *   two councils cannot be compared.
 *
 * Unlike the Community Needs Index, where a higher score means more need, here a higher score
 * means a stronger community: a measure where lower is stronger has its z-scores turned round.
 */
import { isKnown, mean, populationSd, sameNumber } from './numbers.js';

/** One ward's values: a missing, null or non-finite value is unknown (or suppressed). */
export type WardMeasures<K extends string> = {
  id: string;
  values: Partial<Record<K, number | null>>;
};

/** A measure to combine, with its direction (the catalogue entries fit). */
export type CompositeMeasure<K extends string> = { id: K; higherIsStronger: boolean };

export type WardStrength<K extends string> = {
  id: string;
  /** Mean of the ward's z-scores; null when it has no known value for any measure. */
  score: number | null;
  /** Per measure, turned round where lower is stronger; null where the ward's value is unknown. */
  zScores: Record<K, number | null>;
  /** How many measures the score averages. */
  measuresUsed: number;
  /** 1 for the strongest ward; wards with the same score share a rank (1, 2, 2, 4); null with no score. */
  rank: number | null;
};

export type MeasureSpread<K extends string> = {
  id: K;
  /** Wards with a known value. */
  wards: number;
  mean: number | null;
  /** Population standard deviation across those wards. */
  sd: number | null;
  /**
   * False when every known value is the same (or there are none): the measure cannot tell wards
   * apart, so it gives everyone a z-score of 0.
   */
  discriminating: boolean;
};

export type CompositeStrength<K extends string> = {
  /** In the order given. */
  wards: WardStrength<K>[];
  /** In the order given. */
  measures: MeasureSpread<K>[];
};

/**
 * The composite strength score of every ward in a place.
 *
 * A ward with an unknown value for a measure is scored on the measures it has, and
 * `measuresUsed` says how many. A measure whose known values are all equal contributes 0 to each
 * ward that has it (and counts among its measures used), and is reported as not discriminating.
 */
export function compositeStrength<K extends string>(
  wards: readonly WardMeasures<K>[],
  measures: readonly CompositeMeasure<K>[],
): CompositeStrength<K> {
  const spreads = measures.map((m) => spreadOf(m.id, wards));
  const scored = wards.map((ward) => {
    const zScores = {} as Record<K, number | null>;
    const known: number[] = [];
    measures.forEach((m, i) => {
      const z = zScore(ward.values[m.id], spreads[i]);
      const oriented = z === null ? null : m.higherIsStronger || z === 0 ? z : -z;
      zScores[m.id] = oriented;
      if (oriented !== null) known.push(oriented);
    });
    return { id: ward.id, score: mean(known), zScores, measuresUsed: known.length };
  });
  return { wards: withRanks(scored), measures: spreads };
}

function spreadOf<K extends string>(id: K, wards: readonly WardMeasures<K>[]): MeasureSpread<K> {
  const values = wards.map((w) => w.values[id]).filter(isKnown);
  const first = values[0];
  // Equal values can still give a tiny non-zero sd through rounding, so test equality itself.
  const discriminating = values.some((v) => v !== first);
  const sd = discriminating ? populationSd(values) : values.length > 0 ? 0 : null;
  return { id, wards: values.length, mean: mean(values), sd, discriminating };
}

function zScore<K extends string>(
  value: number | null | undefined,
  spread: MeasureSpread<K> | undefined,
): number | null {
  if (!isKnown(value) || !spread || spread.mean === null) return null;
  if (!spread.discriminating || !spread.sd) return 0;
  return (value - spread.mean) / spread.sd;
}

/** Ranks by score, highest first; equal scores share the better rank (standard competition ranking). */
function withRanks<K extends string>(wards: Omit<WardStrength<K>, 'rank'>[]): WardStrength<K>[] {
  const scores = wards.map((w) => w.score).filter(isKnown);
  return wards.map((w) => {
    const score = w.score;
    if (score === null) return { ...w, rank: null };
    const above = scores.filter((s) => s > score && !sameNumber(s, score)).length;
    return { ...w, rank: above + 1 };
  });
}
