import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine, formatUtc, parseLines } from './ics.js';

describe('iCalendar text', () => {
  it('escapes backslashes, semicolons, commas and newlines', () => {
    expect(escapeText('Tea, cake; and\\ chat\nall welcome')).toBe('Tea\\, cake\\; and\\\\ chat\\nall welcome');
  });

  it('writes UTC times with Z', () => {
    expect(formatUtc(new Date('2026-03-31T09:00:00.000Z'))).toBe('20260331T090000Z');
  });

  it('folds lines at 75 octets without splitting a character', () => {
    const line = 'SUMMARY:' + 'é'.repeat(80);
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('builds a calendar with one event per occurrence', () => {
    const text = buildCalendar('Repair café', [
      {
        uid: 'a@x',
        start: new Date('2026-03-31T09:00:00Z'),
        end: new Date('2026-03-31T10:30:00Z'),
        stamp: new Date('2026-01-01T00:00:00Z'),
        summary: 'Fix, mend; make',
        cancelled: true,
      },
    ]);
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = parseLines(text);
    expect(lines).toContain('X-WR-CALNAME:Repair café');
    expect(lines).toContain('DTSTART:20260331T090000Z');
    expect(lines).toContain('DTEND:20260331T103000Z');
    expect(lines).toContain('SUMMARY:Fix\\, mend\\; make');
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
  });
});
