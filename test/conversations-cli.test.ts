import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from './command.js';

/**
 * `commonground conversations analyse`, run as a person would: a separate Node process. It needs
 * no database, so the data folder must stay empty.
 */
const GOLDEN = path.resolve('..', 'shared/data/polis-golden/below-100-ptpts');
const OPEN = path.resolve('..', 'shared/data/polis-open-data/vtaiwan.uberx');
const haveData = existsSync(GOLDEN) && existsSync(OPEN);
if (!haveData) console.warn(`SKIPPED: the conversations CLI tests on real data need ${GOLDEN} and ${OPEN}.`);

let dataDir: string;
let work: string;

const cg = (...args: string[]) =>
  runCommand({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', DATABASE_URL: undefined }, args);

type Doc = {
  participants: number;
  inConv: number;
  groups: { id: number; members: string[] }[];
  consensus: { agree: number[]; disagree: number[] };
  repness: Record<string, { statementId: number; repfulFor: 'agree' | 'disagree' }[]>;
};

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'cg-conv-data-'));
  work = mkdtempSync(path.join(tmpdir(), 'cg-conv-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!haveData)('commonground conversations analyse on real exports', () => {
  it('prints one JSON document for a polis-golden folder and an open-data export, with --groups honoured', async () => {
    const [golden, open, forced] = await Promise.all([
      cg('conversations', 'analyse', GOLDEN, '--json'),
      cg('conversations', 'analyse', OPEN, '--json'),
      cg('conversations', 'analyse', OPEN, '--json', '--groups', '3'),
    ]);
    expect(golden.code, golden.stderr).toBe(0);
    const g = JSON.parse(golden.stdout) as Doc;
    expect(Object.keys(g)).toEqual(['participants', 'inConv', 'groups', 'consensus', 'repness']);
    // Polis's own output for this fixture: 35 participants, 23 in the conversation, 3 groups of 11, 3 and 9.
    expect([g.participants, g.inConv]).toEqual([35, 23]);
    expect(g.groups.map((x) => x.members.length)).toEqual([11, 3, 9]);
    expect(g.groups.flatMap((x) => x.members).sort()).toHaveLength(23);
    expect(g.consensus).toEqual({ agree: [26, 28, 32, 30, 18], disagree: [0] });
    expect(g.repness['1']).toEqual([
      { statementId: 17, repfulFor: 'agree' },
      { statementId: 20, repfulFor: 'agree' },
      { statementId: 13, repfulFor: 'agree' },
      { statementId: 27, repfulFor: 'agree' },
      { statementId: 22, repfulFor: 'disagree' },
    ]);

    expect(open.code, open.stderr).toBe(0);
    const o = JSON.parse(open.stdout) as Doc;
    // summary.csv: 1921 voters; Polis grouped 1219 of them.
    expect([o.participants, o.inConv, o.groups.length]).toEqual([1921, 1219, 2]);
    expect(o.groups.every((x) => x.members.every((m) => /^\d+$/.test(m)))).toBe(true);

    expect(forced.code, forced.stderr).toBe(0);
    expect((JSON.parse(forced.stdout) as Doc).groups).toHaveLength(3);
    expect(readdirSync(dataDir)).toEqual([]); // no database was opened
  }, 120_000);
});

describe('commonground conversations analyse with bad input', () => {
  it('explains a missing folder, an unknown layout and a malformed CSV (exit 1) and bad usage (exit 2)', async () => {
    const empty = path.join(work, 'empty');
    mkdirSync(empty);
    const bad = path.join(work, 'bad');
    mkdirSync(bad);
    writeFileSync(
      path.join(bad, 'votes.csv'),
      'timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,1\n2,x,0,1,agree\n',
    );
    writeFileSync(path.join(bad, 'comments.csv'), 'timestamp,comment-id,moderated\n1,0,1\n');
    const [missing, unknown, malformed, noDir, badGroups] = await Promise.all([
      cg('conversations', 'analyse', path.join(work, 'nope'), '--json'),
      cg('conversations', 'analyse', empty, '--json'),
      cg('conversations', 'analyse', bad, '--json'),
      cg('conversations', 'analyse', '--json'),
      cg('conversations', 'analyse', bad, '--groups', 'three'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no folder at');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('holds neither a Polis open-data export');
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('votes.csv line 3: vote "agree" is not a whole number.');
    for (const r of [missing, unknown, malformed]) expect(r.stdout).toBe('');
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toContain('Usage: commonground conversations analyse DIR');
    expect(badGroups.code).toBe(2);
    expect(badGroups.stderr).toContain('--groups must be a whole number');
    expect(readdirSync(dataDir)).toEqual([]);
  }, 120_000);
});
