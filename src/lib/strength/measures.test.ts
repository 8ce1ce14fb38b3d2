import { describe, expect, it } from 'vitest';
import { STRENGTH_MEASURE_IDS, formatMeasure, strengthMeasure, strengthMeasures } from './measures.js';

describe('strengthMeasures', () => {
  it('lists every measure once, in the order of the ids', () => {
    expect(strengthMeasures.map((m) => m.id)).toEqual([...STRENGTH_MEASURE_IDS]);
  });

  it('gives each measure a label, a unit in words and a one-sentence definition', () => {
    for (const m of strengthMeasures) {
      expect(m.label.length, m.id).toBeGreaterThan(0);
      expect(m.unitLabel.length, m.id).toBeGreaterThan(0);
      expect(m.definition, m.id).toMatch(/^[A-Z][^.]*\.$/);
    }
  });

  it('looks a measure up by id, and refuses an unknown one', () => {
    expect(strengthMeasure('regularShare').unit).toBe('share');
    expect(() => strengthMeasure('nope' as 'regularShare')).toThrow(/unknown strength measure/);
  });
});

describe('formatMeasure', () => {
  it('writes each unit as the page shows it', () => {
    expect(formatMeasure('reachPer1000', 12.34)).toBe('12.3 per 1,000');
    expect(formatMeasure('capacityOffersPer1000', 1500)).toBe('1,500.0 per 1,000');
    expect(formatMeasure('projectsPer10000', 3)).toBe('3.0 per 10,000');
    expect(formatMeasure('assetsPer10000', 1234.56)).toBe('1,234.6 per 10,000');
    expect(formatMeasure('regularShare', 0.45)).toBe('45%');
    expect(formatMeasure('ladderProgression', 0.125)).toBe('13%'); // 12.5 rounds half away from zero
    expect(formatMeasure('residentLedShare', 0)).toBe('0%');
    expect(formatMeasure('hoursPerResident', 2.5)).toBe('2.5 hours');
    expect(formatMeasure('volunteerHoursPer1000', 1234.4)).toBe('1,234 hours per 1,000');
  });

  it('writes a dash for an unknown or suppressed value, never NaN', () => {
    expect(formatMeasure('reachPer1000', null)).toBe('—');
    expect(formatMeasure('regularShare', Number.NaN)).toBe('—');
    expect(formatMeasure('hoursPerResident', Number.POSITIVE_INFINITY)).toBe('—');
  });
});
