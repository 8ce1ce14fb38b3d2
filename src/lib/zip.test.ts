import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { zip } from './zip.js';

describe('zip', () => {
  it('writes an archive another reader opens, with the same bytes back', async () => {
    const big = 'timestamp,datetime,comment-id,voter-id,vote\n'.repeat(2000);
    const archive = zip([
      { name: 'votes.csv', data: big, modified: new Date(Date.UTC(2026, 2, 1, 12, 30, 10)) },
      { name: 'café.txt', data: 'é' },
      { name: 'empty.csv', data: '' },
    ]);
    const read = await JSZip.loadAsync(archive);
    expect(Object.keys(read.files)).toEqual(['votes.csv', 'café.txt', 'empty.csv']);
    expect(await read.file('votes.csv')!.async('string')).toBe(big);
    expect(await read.file('café.txt')!.async('string')).toBe('é');
    expect(await read.file('empty.csv')!.async('string')).toBe('');
    // Deflated: far smaller than the repeated text.
    expect(archive.length).toBeLessThan(big.length / 10);
    expect(read.file('votes.csv')!.date.toISOString()).toBe('2026-03-01T12:30:10.000Z');
  });

  it('passes unzip -t when the tool is installed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cg-zip-'));
    try {
      const file = path.join(dir, 'a.zip');
      writeFileSync(file, zip([{ name: 'a.csv', data: 'a,b\n1,2\n' }]));
      let out: string;
      try {
        out = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          console.warn('unzip is not installed: skipping the unzip -t check');
          return;
        }
        throw err;
      }
      expect(out).toContain('No errors detected');
      expect(readFileSync(file).subarray(0, 4).toString('hex')).toBe('504b0304');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
