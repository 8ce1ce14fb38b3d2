import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatDayName,
  formatMonth,
  formatTime,
  formatWhen,
  fromLondon,
  isCalendarDate,
  londonDay,
  londonDayAndTime,
  londonEndOfDay,
  londonStartOfDay,
  londonToday,
} from './london-time.js';

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

describe('London clock times', () => {
  it('writes every time from 12:00 to 12:59 as 12:xxpm, not 0:xxpm (the defect of en-GB with hour12 in Node)', () => {
    // 11:30 UTC is 12:30 in summer (BST); 12:30 UTC is 12:30 in winter (GMT).
    expect(formatTime(new Date('2026-07-01T11:30:00Z'))).toBe('12:30pm');
    expect(formatTime(new Date('2026-01-15T12:00:00Z'))).toBe('12:00pm');
    expect(formatTime(new Date('2026-01-15T12:59:00Z'))).toBe('12:59pm');
    expect(formatTime(new Date('2026-01-15T00:05:00Z'))).toBe('12:05am');
    expect(formatTime(new Date('2026-01-15T09:05:00Z'))).toBe('9:05am');
    expect(formatTime(new Date('2026-01-15T23:45:00Z'))).toBe('11:45pm');
    for (let m = 0; m < 60; m++) {
      const at = new Date(Date.UTC(2026, 6, 1, 11, m));
      expect(formatTime(at)).toBe(`12:${String(m).padStart(2, '0')}pm`);
    }
  });

  it('names the day and date in London, which differs from UTC after 23:00 in summer', () => {
    const lateSummer = new Date('2027-07-01T23:30:00Z');
    expect(formatDayName(lateSummer)).toBe('Friday 2 July 2027');
    expect(formatDate(lateSummer)).toBe('2 July 2027');
    expect(formatDateTime(lateSummer)).toBe('2 July 2027, 12:30am');
    expect(formatWhen(new Date('2027-06-08T11:15:00Z'))).toBe('Tuesday 8 June 2027, 12:15pm');
    expect(londonDay(lateSummer)).toBe('2027-07-02');
  });

  it("takes today's date in London: from 00:00 to 01:00 BST the UTC date is still yesterday", () => {
    expect(londonToday(new Date('2026-06-09T23:30:00Z'))).toBe('2026-06-10');
    expect(londonToday(new Date('2026-12-09T23:30:00Z'))).toBe('2026-12-09');
  });

  it('reads London wall-clock times back into instants across the changes', () => {
    expect(fromLondon('2026-07-02', '00:30').toISOString()).toBe('2026-07-01T23:30:00.000Z');
    expect(fromLondon('2026-10-25', '10:00').toISOString()).toBe('2026-10-25T10:00:00.000Z');
    expect(londonDayAndTime(fromLondon('2026-03-29', '12:30'))).toEqual({ day: '2026-03-29', time: '12:30' });
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(formatMonth('2026-03')).toBe('March 2026');
    expect(formatCalendarDate('2026-04-07')).toBe('7 April 2026');
  });
});
