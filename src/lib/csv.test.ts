import { describe, expect, it } from 'vitest';
import { CsvError, csvField, escapeFormula, readCsv, toCsv, unescapeFormula } from './csv.js';

describe('CSV', () => {
  it('quotes fields with commas, quotes and line breaks, and ends lines with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b,c'],
        ['say "hi"', 'two\nlines'],
      ]),
    ).toBe('a,"b,c"\r\n"say ""hi""","two\nlines"\r\n');
    expect(csvField(null)).toBe('');
    expect(csvField(-3)).toBe('-3');
  });

  it('writes a text cell a spreadsheet would run as a formula as text, and reads it back', () => {
    for (const s of ['=1+1', '+44 20', '-2', '@SUM(A1)', '\tx', '\rx']) {
      expect(escapeFormula(s)).toBe(`'${s}`);
      expect(unescapeFormula(escapeFormula(s))).toBe(s);
    }
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(unescapeFormula("'quoted'")).toBe("'quoted'");
  });

  it('reads records by header, ignoring a byte-order mark, and names the file in every problem', () => {
    expect(readCsv('\ufeffname,n\r\nAmy,1\r\n\r\nBo,2\r\n', { file: 'x.csv', required: ['name'] })).toEqual([
      { name: 'Amy', n: '1' },
      { name: 'Bo', n: '2' },
    ]);
    expect(readCsv('name,n\n', { file: 'x.csv', required: ['name'] })).toEqual([]);
    expect(() => readCsv('name\nAmy', { file: 'x.csv', required: ['email', 'role'] })).toThrow(
      new CsvError('x.csv has no email, role columns.'),
    );
    expect(() => readCsv('a,b\n"unclosed,1', { file: 'y.csv' })).toThrow(/^y\.csv is not a valid CSV file/);
  });
});
