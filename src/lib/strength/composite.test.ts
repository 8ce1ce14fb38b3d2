import { describe, expect, it } from 'vitest';
import { compositeStrength, type WardMeasures } from './composite.js';
import { strengthMeasures } from './measures.js';

type M = 'a' | 'b';
const both = [
  { id: 'a', higherIsStronger: true },
  { id: 'b', higherIsStronger: true },
] as const;

function ward(id: string, a: number | null, b?: number | null): WardMeasures<M> {
  return { id, values: b === undefined ? { a } : { a, b } };
}

describe('compositeStrength', () => {
  it('z-scores each measure across the wards and averages them with equal weights', () => {
    // a: 10, 20, 30 → mean 20; deviations −10, 0, 10; Σ squares 200; population sd √(200/3) = 8.16497
    //    → z = −10/8.16497 = −1.22474, 0, +1.22474
    // b: 4, 4, 1 → mean 3; deviations 1, 1, −2; Σ squares 6; sd √(6/3) = √2 = 1.41421
    //    → z = 0.70711, 0.70711, −1.41421
    // score = mean of the two: X (−1.22474 + 0.70711)/2 = −0.25882; Y (0 + 0.70711)/2 = 0.35355;
    //    Z (1.224745 − 1.414214)/2 = −0.09473 → ranks Y 1, Z 2, X 3
    const r = compositeStrength([ward('X', 10, 4), ward('Y', 20, 4), ward('Z', 30, 1)], both);
    const [x, y, z] = r.wards;
    expect(x?.zScores.a).toBeCloseTo(-1.22474, 5);
    expect(y?.zScores.a).toBeCloseTo(0, 10);
    expect(z?.zScores.a).toBeCloseTo(1.22474, 5);
    expect(x?.zScores.b).toBeCloseTo(0.70711, 5);
    expect(z?.zScores.b).toBeCloseTo(-1.41421, 5);
    expect(r.wards.map((w) => w.score)).toEqual([
      expect.closeTo(-0.25882, 5),
      expect.closeTo(0.35355, 5),
      expect.closeTo(-0.09473, 5),
    ]);
    expect(r.wards.map((w) => w.rank)).toEqual([3, 1, 2]);
    expect(r.wards.map((w) => w.measuresUsed)).toEqual([2, 2, 2]);
    expect(r.measures[0]).toEqual({
      id: 'a',
      wards: 3,
      mean: 20,
      sd: expect.closeTo(8.16497, 5),
      discriminating: true,
    });
  });

  it('turns the z-scores round for a measure where lower is stronger', () => {
    // the same 10, 20, 30 as above → z = +1.22474, 0, −1.22474 once turned round
    const r = compositeStrength([ward('X', 10), ward('Y', 20), ward('Z', 30)], [{ id: 'a', higherIsStronger: false }]);
    expect(r.wards.map((w) => w.score)).toEqual([expect.closeTo(1.22474, 5), 0, expect.closeTo(-1.22474, 5)]);
    expect(Object.is(r.wards[1]?.score, -0)).toBe(false);
    expect(r.wards.map((w) => w.rank)).toEqual([1, 2, 3]);
  });

  it('scores a ward with an unknown value on the measures it has, and says how many', () => {
    // a: 2, 4, (unknown), 6 → mean 4; Σ squares 4 + 0 + 4 = 8; sd √(8/3) = 1.63299 → z −1.22474, 0, –, +1.22474
    // b: 1 everywhere → no spread → z 0 for all → scores −0.61237, 0, 0, +0.61237
    const r = compositeStrength([ward('P', 2, 1), ward('Q', 4, 1), ward('R', null, 1), ward('S', 6, 1)], both);
    expect(r.wards.map((w) => w.measuresUsed)).toEqual([2, 2, 1, 2]);
    expect(r.wards[2]?.zScores).toEqual({ a: null, b: 0 });
    expect(r.wards.map((w) => w.score)).toEqual([expect.closeTo(-0.61237, 5), 0, 0, expect.closeTo(0.61237, 5)]);
    // Q and R tie on 0, so share rank 2; P comes fourth (standard competition ranking)
    expect(r.wards.map((w) => w.rank)).toEqual([4, 2, 2, 1]);
    expect(r.measures[1]).toEqual({ id: 'b', wards: 4, mean: 1, sd: 0, discriminating: false });
  });

  it('treats missing keys, NaN and Infinity as unknown, never producing NaN', () => {
    const r = compositeStrength(
      [
        { id: 'P', values: { a: 1, b: Number.NaN } },
        { id: 'Q', values: { b: 5 } },
        { id: 'R', values: { a: Number.POSITIVE_INFINITY, b: 7 } },
        { id: 'S', values: { a: 3 } },
      ],
      both,
    );
    // a known for P and S only: 1, 3 → mean 2, sd 1 → z −1, +1; b known for Q and R only: 5, 7 → z −1, +1
    expect(r.wards.map((w) => w.score)).toEqual([-1, -1, 1, 1]);
    expect(r.wards.map((w) => w.measuresUsed)).toEqual([1, 1, 1, 1]);
    expect(r.wards.map((w) => w.rank)).toEqual([3, 3, 1, 1]);
  });

  it('gives a measure nobody has no z-scores, and a ward with nothing known no score or rank', () => {
    const r = compositeStrength([ward('P', null, 2), ward('Q', null, 4), ward('R', null, null)], both);
    expect(r.measures[0]).toEqual({ id: 'a', wards: 0, mean: null, sd: null, discriminating: false });
    expect(r.wards.map((w) => w.zScores.a)).toEqual([null, null, null]);
    expect(r.wards.map((w) => w.score)).toEqual([-1, 1, null]);
    expect(r.wards[2]).toMatchObject({ measuresUsed: 0, rank: null });
  });

  it('scores a place with one ward 0, ranked first, with every measure not discriminating', () => {
    const r = compositeStrength([ward('Only', 12, 0.4)], both);
    expect(r.wards).toEqual([{ id: 'Only', score: 0, zScores: { a: 0, b: 0 }, measuresUsed: 2, rank: 1 }]);
    expect(r.measures.every((m) => !m.discriminating)).toBe(true);
  });

  it('treats equal values that do not sum exactly as no spread', () => {
    // 0.1 + 0.1 + 0.1 is 0.30000000000000004, so the mean is not exactly 0.1 and a naive sd is
    // about 1e-17: dividing by it would make noise look like ±1. Equal values must score 0.
    const r = compositeStrength([ward('P', 0.1), ward('Q', 0.1), ward('R', 0.1)], [both[0]]);
    expect(r.wards.map((w) => w.zScores.a)).toEqual([0, 0, 0]);
    expect(r.measures[0]).toMatchObject({ sd: 0, discriminating: false });
  });

  it('ties wards with the same values even when the sums round differently', () => {
    const r = compositeStrength([ward('P', 0.1, 0.2), ward('Q', 0.1, 0.2), ward('R', 0.7, 0.3)], both);
    expect(r.wards.map((w) => w.rank)).toEqual([2, 2, 1]);
  });

  it('returns nothing for no wards', () => {
    const r = compositeStrength<M>([], both);
    expect(r.wards).toEqual([]);
    expect(r.measures.map((m) => m.wards)).toEqual([0, 0]);
  });

  it('works over the whole catalogue and keeps every number finite', () => {
    const wards = ['A', 'B', 'C', 'D', 'E'].map((id, i) => ({
      id,
      values: Object.fromEntries(
        strengthMeasures.map((m, j) => [m.id, (i * 7 + j * 3) % 5 === 0 ? null : ((i + 1) * (j + 2)) % 11]),
      ),
    }));
    const r = compositeStrength(wards, strengthMeasures);
    const numbers = r.wards.flatMap((w) => [w.score, ...Object.values<number | null>(w.zScores)]);
    expect(numbers.every((n) => n === null || Number.isFinite(n))).toBe(true);
    expect(r.wards.every((w) => w.measuresUsed > 0 && w.measuresUsed <= strengthMeasures.length)).toBe(true);
    expect(r.wards.map((w) => w.rank).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
