import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppraisalDocument, AppraisalResult } from '../src/lib/appraisal/index.js';
import { runCommand } from './command.js';

/**
 * `commonground impact appraise` run as a person would run it: a separate Node process. The
 * command needs no database, so each run points DATABASE_URL at a port nobody listens on and
 * DATA_DIR at an empty folder: if it tried to open either, it would fail or leave files behind.
 */
const TEXTBOOK = path.resolve('docs/examples/sroi-textbook.appraisal.json');

let dir: string;

const cg = (...args: string[]) =>
  runCommand(
    {
      DATA_DIR: path.join(dir, 'data'),
      DATABASE_URL: 'postgres://nobody@127.0.0.1:9/nothing',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    },
    args,
  );

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cg-impact-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('commonground impact appraise', () => {
  it('computes the textbook SROI case from its file, as JSON and as a summary, without a database', async () => {
    const badFile = path.join(dir, 'bad.appraisal.json');
    const json = JSON.parse(readFileSync(TEXTBOOK, 'utf8')) as AppraisalDocument;
    json.benefits[0]!.deadweight = 1.4;
    json.costs[0]!.amounts[0]!.year = -1;
    writeFileSync(badFile, JSON.stringify(json));
    const notJson = path.join(dir, 'broken.json');
    writeFileSync(notJson, '{"formatVersion": 1,');

    const [asJson, summary, bad, broken, missing, noArg, schema, help] = await Promise.all([
      cg('impact', 'appraise', TEXTBOOK, '--json'),
      cg('impact', 'appraise', TEXTBOOK),
      cg('impact', 'appraise', badFile, '--json'),
      cg('impact', 'appraise', notJson),
      cg('impact', 'appraise', path.join(dir, 'nowhere.json')),
      cg('impact', 'appraise'),
      cg('impact', 'schema'),
      cg('--help'),
    ]);

    // 60 × £8,500 × 0.6 × 0.7 = £214,200 in year 0; × 0.7 = £149,940 in year 1, ÷ 1.035 = £144,869.57;
    // PV £359,069.57 (the guide's £359,070); SROI 359,069.57 ÷ 250,000 = 1.436.
    expect(asJson.code, asJson.stderr).toBe(0);
    const r = JSON.parse(asJson.stdout) as AppraisalResult;
    expect(r.pvCosts).toBe(250_000);
    expect(r.pvBenefits).toBe(359_069.57);
    expect(Math.round(r.pvBenefits)).toBe(359_070);
    expect(r.pvByValueType).toEqual({ fiscalCashable: 0, fiscalNonCashable: 0, economic: 0, social: 359_069.57 });
    expect(r.npv).toBe(109_069.57);
    expect(r.financialRoi).toBe(0);
    expect(r.sroi?.toFixed(3)).toBe('1.436');
    expect(r.paybackYear).toBe(1);
    expect(r.byAgency.map((a) => a.agency)).toEqual(['residents', 'council']);
    expect(r.years.map((y) => [y.year, y.benefitsTotal])).toEqual([
      [0, 214_200],
      [1, 149_940],
    ]);
    expect(r.years[1]!.discountedBenefitsTotal).toBe(144_869.57);

    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout).toMatch(/Present value of benefits\s+£359,070/);
    expect(summary.stdout).toMatch(/Public value return, SROI \(all ÷ costs\)\s+1\.436/);
    expect(summary.stdout).toMatch(/Payback year\s+year 1/);

    // Bad files: exit 1, every problem named by its path, nothing printed on stdout.
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('Nothing was computed');
    expect(bad.stderr).toContain('benefits[0].deadweight: must be between 0 and 1');
    expect(bad.stderr).toContain('costs[0].amounts[0].year: must be 0 or later');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('(file): is not valid JSON');

    // Calling it wrongly: exit 2 with the usage.
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('there is no such file');
    expect(noArg.code).toBe(2);
    expect(noArg.stderr).toContain('Usage: commonground impact appraise FILE [--json]');

    // The schema command prints the published schema.
    expect(schema.code).toBe(0);
    expect(JSON.parse(schema.stdout)).toEqual(
      JSON.parse(readFileSync(path.resolve('src/lib/appraisal/appraisal.schema.json'), 'utf8')),
    );

    expect(help.stdout).toContain('impact appraise');
    expect(help.stdout).toContain('impact schema');

    // No database was opened: the data folder was never created.
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['bad.appraisal.json', 'broken.json']);
  }, 120_000);
});
