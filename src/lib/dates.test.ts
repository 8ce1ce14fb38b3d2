import { describe, expect, it } from 'vitest';
import { isCalendarDate, londonEndOfDay, londonStartOfDay } from './dates.js';

describe('UK calendar dates', () => {
  it('knows real dates from impossible ones', () => {
    expect(isCalendarDate('2026-03-31')).toBe(true);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-02-31')).toBe(false);
    expect(isCalendarDate('31/03/2026')).toBe(false);
  });

  it('starts a winter day at midnight UTC and a summer day at 23:00 UTC the day before', () => {
    expect(londonStartOfDay('2026-01-15').toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(londonStartOfDay('2026-07-01').toISOString()).toBe('2026-06-30T23:00:00.000Z');
  });

  it('handles the changeover days (clocks go forward 29 March 2026, back 25 October 2026)', () => {
    // Midnight on both changeover days is still on the old offset: the change is at 01:00 UTC.
    expect(londonStartOfDay('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(londonEndOfDay('2026-03-29').toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(londonStartOfDay('2026-10-25').toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(londonEndOfDay('2026-10-25').toISOString()).toBe('2026-10-26T00:00:00.000Z');
  });
});
