import { describe, expect, it } from 'vitest';
import { buildRule, describeRepeat, expandOccurrences, ruleProblem, type ExpandInput } from './recurrence.js';
import { fromLondon, londonDayAndTime } from './london-time.js';

const now = new Date('2026-01-01T00:00:00Z');
const run = (over: Partial<ExpandInput>) =>
  expandOccurrences({ startDate: '2026-03-24', startTime: '10:00', durationMinutes: 90, rrule: null, now, ...over });
const starts = (r: ReturnType<typeof expandOccurrences>) => {
  if (!r.ok) throw new Error(r.error.message);
  return r.occurrences.map((o) => o.startsAt.toISOString());
};

describe('London wall-clock time', () => {
  it('converts across the spring and autumn changes of 2026', () => {
    expect(fromLondon('2026-03-28', '10:00').toISOString()).toBe('2026-03-28T10:00:00.000Z');
    expect(fromLondon('2026-03-29', '10:00').toISOString()).toBe('2026-03-29T09:00:00.000Z');
    expect(fromLondon('2026-10-24', '10:00').toISOString()).toBe('2026-10-24T09:00:00.000Z');
    expect(fromLondon('2026-10-25', '10:00').toISOString()).toBe('2026-10-25T10:00:00.000Z');
    // 01:30 on 29 March does not exist in London: read an hour later, 02:30 BST.
    expect(fromLondon('2026-03-29', '01:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(londonDayAndTime(new Date('2026-07-01T23:30:00Z'))).toEqual({ day: '2026-07-02', time: '00:30' });
  });
});

describe('building rules from the form', () => {
  it('writes weekly, fortnightly and monthly rules with an end', () => {
    expect(buildRule('none', '2026-03-24', {})).toBeNull();
    expect(buildRule('weekly', '2026-03-24', { count: 3 })).toBe('FREQ=WEEKLY;BYDAY=TU;COUNT=3');
    expect(buildRule('fortnightly', '2026-03-24', { until: '2026-06-30' })).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20260630T235959',
    );
    expect(buildRule('monthly', '2026-03-10', { count: 3 })).toBe('FREQ=MONTHLY;BYDAY=2TU;COUNT=3');
    expect(buildRule('monthly', '2026-03-31', { count: 3 })).toBe('FREQ=MONTHLY;BYDAY=-1TU;COUNT=3');
    expect(describeRepeat('monthly', '2026-03-10')).toBe('The second Tuesday of each month');
    expect(describeRepeat('fortnightly', '2026-03-24')).toBe('Every other Tuesday');
  });
});

describe('expanding occurrences', () => {
  it('keeps a weekly 10:00 session at 10:00 London time across the spring change', () => {
    const r = run({ rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=3' });
    // 24 March is GMT (10:00Z); 31 March and 7 April are BST (09:00Z).
    expect(starts(r)).toEqual(['2026-03-24T10:00:00.000Z', '2026-03-31T09:00:00.000Z', '2026-04-07T09:00:00.000Z']);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.occurrences[1]!.endsAt.toISOString()).toBe('2026-03-31T10:30:00.000Z');
  });

  it('keeps it at 10:00 across the autumn change', () => {
    const r = run({ startDate: '2026-10-17', rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=3' });
    expect(starts(r)).toEqual(['2026-10-17T09:00:00.000Z', '2026-10-24T09:00:00.000Z', '2026-10-31T10:00:00.000Z']);
  });

  it('repeats monthly on the same weekday position, and the last one for a fifth', () => {
    expect(starts(run({ startDate: '2026-03-10', rrule: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=3' }))).toEqual([
      '2026-03-10T10:00:00.000Z',
      '2026-04-14T09:00:00.000Z',
      '2026-05-12T09:00:00.000Z',
    ]);
    expect(starts(run({ startDate: '2026-03-31', rrule: 'FREQ=MONTHLY;BYDAY=-1TU;COUNT=3' }))).toEqual([
      '2026-03-31T09:00:00.000Z',
      '2026-04-28T09:00:00.000Z',
      '2026-05-26T09:00:00.000Z',
    ]);
  });

  it('runs every two weeks until a date, inclusive, and skips exception days', () => {
    const r = run({
      startDate: '2026-03-03',
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20260414T235959',
      exdates: ['2026-03-17'],
    });
    // 3, 17, 31 March and 14 April, less 17 March.
    expect(r.ok && r.occurrences.map((o) => o.localDate)).toEqual(['2026-03-03', '2026-03-31', '2026-04-14']);
  });

  it('stops at two years for an open-ended rule', () => {
    const r = run({ startDate: '2026-03-02', rrule: 'FREQ=MONTHLY;BYDAY=1MO' });
    // First Mondays, March 2026 to February 2028: the horizon ends on 2 March 2028, and March 2028's is the 6th.
    expect(r.ok && r.occurrences.length).toBe(24);
    expect(r.ok && r.occurrences.at(-1)!.localDate).toBe('2028-02-07');
  });

  it('is one occurrence when it does not repeat', () => {
    expect(starts(run({}))).toEqual(['2026-03-24T10:00:00.000Z']);
  });
});

describe('refusals', () => {
  const code = (r: ReturnType<typeof expandOccurrences>) => (r.ok ? 'ok' : r.error.code);
  it('refuses impossible dates and times', () => {
    expect(code(run({ startDate: '2026-02-31' }))).toBe('invalid-date');
    expect(code(run({ startTime: '24:00' }))).toBe('invalid-time');
  });
  it('refuses a session past midnight', () => {
    expect(code(run({ startTime: '23:00', durationMinutes: 61 }))).toBe('past-midnight');
    expect(code(run({ startTime: '23:00', durationMinutes: 60 }))).toBe('ok');
  });
  it('refuses a start in the past', () => {
    expect(code(run({ now: new Date('2026-03-24T10:00:01Z') }))).toBe('in-past');
  });
  it('refuses a rule with no occurrences', () => {
    expect(code(run({ rrule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260301T235959' }))).toBe('no-occurrences');
    expect(code(run({ rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=2', exdates: ['2026-03-24', '2026-03-31'] }))).toBe(
      'no-occurrences',
    );
  });
  it('refuses exception days that are not session days', () => {
    const r = run({ rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=2', exdates: ['2026-03-25'] });
    expect(!r.ok && r.error.message).toBe('25 March 2026 is not one of the dates this session repeats on.');
  });
  it('refuses more than 200 occurrences', () => {
    expect(code(run({ rrule: 'FREQ=WEEKLY;COUNT=201' }))).toBe('too-many');
    expect(code(run({ rrule: 'FREQ=DAILY' }))).toBe('too-many');
    expect(code(run({ rrule: 'FREQ=WEEKLY;COUNT=200' }))).toBe('ok');
  });
  it('refuses malformed rules', () => {
    for (const bad of [
      'garbage',
      'COUNT=3',
      'FREQ=HOURLY',
      'FREQ=WEEKLY;BYDAY=XX',
      'FREQ=WEEKLY;COUNT=abc',
      'FREQ=WEEKLY;COUNT=2;UNTIL=20260601',
      'FREQ=WEEKLY;FREQ=DAILY',
      'FREQ=WEEKLY;BYHOUR=10',
      'FREQ=WEEKLY;UNTIL=20260231',
      '',
    ]) {
      expect(ruleProblem(bad), bad).not.toBeNull();
      expect(code(run({ rrule: bad })), bad).toBe('invalid-rule');
    }
    expect(ruleProblem('RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;WKST=MO;COUNT=4')).toBeNull();
  });
});
