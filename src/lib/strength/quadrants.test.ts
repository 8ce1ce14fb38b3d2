import { describe, expect, it } from 'vitest';
import { needStrengthChart, placeInQuadrants, quadrants, type NeedStrengthInput } from './quadrants.js';

// Need as a population-weighted mean IMD rank (rank 1 = most deprived, so lower = more need).
const fourWards: NeedStrengthInput[] = [
  { id: 'w1', label: 'Thamesmead East', need: 5000, strength: -1 },
  { id: 'w2', label: 'Erith', need: 8000, strength: 1 },
  { id: 'w3', label: 'Sidcup', need: 20000, strength: 0.5 },
  { id: 'w4', label: 'Longlands', need: 25000, strength: -0.5 },
];

describe('quadrants', () => {
  it('has four quarters, one for each mix of high and low need and strength, with stable keys', () => {
    expect(quadrants.map((q) => q.key)).toEqual(['invest-first', 'build-on', 'move-first', 'watch']);
    expect(new Set(quadrants.map((q) => `${q.highNeed}/${q.highStrength}`)).size).toBe(4);
    expect(quadrants.find((q) => q.key === 'invest-first')?.title).toBe('High need, low strength');
    for (const q of quadrants) expect(q.meaning, q.key).toMatch(/\.$/);
  });
});

describe('placeInQuadrants', () => {
  it('splits at the medians, with a lower IMD rank meaning more need', () => {
    // need median (8000 + 20000) / 2 = 14000; strength median (−0.5 + 0.5) / 2 = 0
    // w1: rank 5000 < 14000 → high need; −1 < 0 → low strength → invest first
    // w2: high need, 1 > 0 → build on; w3: rank 20000 → low need, 0.5 → move first; w4: low, low → watch
    const p = placeInQuadrants(fourWards, 'lower-is-more-need');
    expect(p.needMedian).toBe(14000);
    expect(p.strengthMedian).toBe(0);
    expect(p.wards.map((w) => w.quadrant)).toEqual(['invest-first', 'build-on', 'move-first', 'watch']);
  });

  it('turns the need round when a higher value means more need', () => {
    const p = placeInQuadrants(fourWards, 'higher-is-more-need');
    expect(p.wards.map((w) => w.quadrant)).toEqual(['watch', 'move-first', 'build-on', 'invest-first']);
  });

  it('breaks ties at a median on the side of caution: high need, low strength', () => {
    // need 10, 20, 30 → median 20; strength 0, 1, 2 → median 1: the middle ward sits on both
    const p = placeInQuadrants(
      [
        { id: 'a', label: 'A', need: 10, strength: 0 },
        { id: 'b', label: 'B', need: 20, strength: 1 },
        { id: 'c', label: 'C', need: 30, strength: 2 },
      ],
      'higher-is-more-need',
    );
    expect(p.wards.map((w) => w.quadrant)).toEqual(['watch', 'invest-first', 'build-on']);
    // and the same with the need turned round: B is still on the need median, so high need
    const q = placeInQuadrants(p.wards, 'lower-is-more-need');
    expect(q.wards.map((w) => w.quadrant)).toEqual(['invest-first', 'invest-first', 'move-first']);
  });

  it('puts equal strength scores all on the low side', () => {
    const p = placeInQuadrants(
      [
        { id: 'a', label: 'A', need: 1, strength: 0 },
        { id: 'b', label: 'B', need: 2, strength: 0 },
      ],
      'higher-is-more-need',
    );
    // need median 1.5: A low need, B high need; strength median 0, both on it → low strength
    expect(p.wards.map((w) => w.quadrant)).toEqual(['watch', 'invest-first']);
  });

  it('places a place’s only ward in "invest first"', () => {
    const p = placeInQuadrants([{ id: 'a', label: 'A', need: 12000, strength: 0 }], 'lower-is-more-need');
    expect(p.wards[0]?.quadrant).toBe('invest-first');
  });

  it('leaves a ward with an unknown value out of the quarters and out of the medians', () => {
    const p = placeInQuadrants(
      [
        ...fourWards,
        { id: 'w5', label: 'No data', need: null, strength: 2 },
        { id: 'w6', label: 'No score', need: 1, strength: Number.NaN },
      ],
      'lower-is-more-need',
    );
    expect(p.needMedian).toBe(14000);
    expect(p.strengthMedian).toBe(0);
    expect(p.wards.map((w) => w.quadrant)).toEqual(['invest-first', 'build-on', 'move-first', 'watch', null, null]);
  });

  it('has no medians when no ward has both values', () => {
    const p = placeInQuadrants([{ id: 'a', label: 'A', need: null, strength: null }], 'lower-is-more-need');
    expect(p).toMatchObject({ needMedian: null, strengthMedian: null });
    expect(p.wards[0]?.quadrant).toBeNull();
  });
});

describe('needStrengthChart', () => {
  it('lays the wards out with more need to the right, even for IMD ranks', () => {
    const c = needStrengthChart(placeInQuadrants(fourWards, 'lower-is-more-need'));
    // plot: left 56, top 28, right 640 − 16 = 624, bottom 420 − 52 = 368 (568 wide, 340 high)
    expect(c.plot).toEqual({ left: 56, top: 28, right: 624, bottom: 368 });
    // need 5000..25000 → step 5000 (niceScale of 20000), axis 5000..25000, counting down left to right:
    // x(v) = 56 + (1 − (v − 5000)/20000) × 568 → x(25000) = 56, x(15000) = 340, x(5000) = 624
    expect(c.xLabels).toEqual([
      { x: 56, label: '25,000' },
      { x: 198, label: '20,000' },
      { x: 340, label: '15,000' },
      { x: 482, label: '10,000' },
      { x: 624, label: '5,000' },
    ]);
    // strength −1..1 → step 0.5 (niceScale of 2); y(v) = 368 − (v + 1)/2 × 340
    expect(c.yTicks.map((t) => t.y)).toEqual([368, 283, 198, 113, 28]);
    expect(c.yTicks.map((t) => t.label)).toEqual(['-1', '-0.5', '0', '0.5', '1']);
    // medians: need 14000 → 56 + 0.55 × 568 = 368.4; strength 0 → 198
    expect(c.medians).toEqual({ x: 368.4, y: 198 });
    // w2, rank 8000: x = 56 + 0.85 × 568 = 538.8, y(1) = 28; near the right edge, so labelled on its left
    expect(c.points[1]).toMatchObject({ id: 'w2', x: 538.8, y: 28, labelX: 531.8, labelY: 32, anchor: 'end' });
    // w3, rank 20000: x = 198, y(0.5) = 113, labelled on its right
    expect(c.points[2]).toMatchObject({ id: 'w3', x: 198, y: 113, labelX: 205, labelY: 117, anchor: 'start' });
    expect(c.points.map((p) => p.quadrant)).toEqual(['invest-first', 'build-on', 'move-first', 'watch']);
  });

  it('draws each quarter between the plot edges and the median lines, titled in its outer corner', () => {
    const c = needStrengthChart(placeInQuadrants(fourWards, 'lower-is-more-need'));
    const investFirst = c.quarters.find((q) => q.key === 'invest-first');
    // right of the need median (368.4) and below the strength median (198)
    expect(investFirst).toEqual({
      key: 'invest-first',
      title: 'High need, low strength',
      rect: { x: 368.4, y: 198, width: 255.6, height: 170 },
      labelX: 618,
      labelY: 360,
      anchor: 'end',
    });
    const moveFirst = c.quarters.find((q) => q.key === 'move-first');
    expect(moveFirst?.rect).toEqual({ x: 56, y: 28, width: 312.4, height: 170 });
    expect(moveFirst?.anchor).toBe('start');
  });

  it('runs the need axis left to right when a higher value means more need', () => {
    const c = needStrengthChart(placeInQuadrants(fourWards, 'higher-is-more-need'));
    expect(c.xLabels.map((l) => l.label)).toEqual(['5,000', '10,000', '15,000', '20,000', '25,000']);
    expect(c.points[0]).toMatchObject({ id: 'w1', x: 56 });
  });

  it('leaves out wards with no quarter and copes with one ward or none, never producing NaN', () => {
    const one = needStrengthChart(
      placeInQuadrants(
        [
          { id: 'a', label: 'A', need: 12000, strength: 0 },
          { id: 'b', label: 'B', need: null, strength: 1 },
        ],
        'lower-is-more-need',
      ),
    );
    expect(one.points.map((p) => p.id)).toEqual(['a']);
    // one need value: the axis widens 10% either side, 10800..13200; a span of 2400 over about four
    // steps is 600 a step, rounded up to a nice 1000 → 10000..14000, counting down left to right
    expect(one.xLabels.map((l) => l.label)).toEqual(['14,000', '13,000', '12,000', '11,000', '10,000']);
    // one strength value of 0: the axis widens by 1 either side
    expect(one.yTicks.map((t) => t.label)).toEqual(['-1', '-0.5', '0', '0.5', '1']);
    expect(one.medians).toEqual({ x: 340, y: 198 });
    const none = needStrengthChart(placeInQuadrants([], 'lower-is-more-need'));
    expect(none.points).toEqual([]);
    expect(none.medians).toBeNull();
    expect(none.quarters).toHaveLength(4);
    expect(JSON.stringify([one, none])).not.toMatch(/NaN|null,"y"|Infinity/);
  });
});
