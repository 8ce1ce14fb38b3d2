import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { $, errorSummary } from '../../../../../test/helpers.js';
import { expectNothingStored, useWorld } from '../../../../../test/kit/index.js';
import { impactValues } from '../../../../../test/schema.js';
import { readGmcaWorkbook, zipUnpackedSize } from '../values.gmca.js';
import { gmcaWorkbook, uploader } from '../../test/impact.fixtures.js';

const good = {
  Crime: [
    ['CR1.0', 'Arrest: average cost', 'Per arrest', 'Police', 744, '2019/20'],
    ['CR2.1', 'Anti-social behaviour incident', 'Per incident', 'Police', 676.5, '2019/20'],
  ],
  Health: [['HE2.0', 'GP appointment (9.22 minutes)', 'Per appointment', 'NHS', 39, '2021/22']],
  Housing: [['HO1.0', 'Statutory homelessness application', 'Per application', 'Local authority', 3107, 2018]],
};

const w = useWorld('impact-gmca');
/** A signed-in officer of place A who can upload files. */
const officerUploader = () => uploader(w.t.app, w.a.host, w.a.staff.officer.email);

const imported = () =>
  w.services.db
    .select()
    .from(impactValues)
    .where(and(eq(impactValues.placeId, w.a.place.id), eq(impactValues.origin, 'gmca_ucd')));

describe('reading the GMCA Unit Cost Database workbook', () => {
  it('reads every theme sheet’s rows, whatever row the header is on', async () => {
    const r = await readGmcaWorkbook(await gmcaWorkbook(good, { headerRow: 5 }));
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => [x.code, x.valuePence, x.priceYear, x.priceYearLabel, x.agency])).toEqual([
      ['CR1.0', 74_400, 2019, '2019/20', 'Police'],
      ['CR2.1', 67_650, 2019, '2019/20', 'Police'],
      ['HE2.0', 3_900, 2021, '2021/22', 'NHS'],
      ['HO1.0', 310_700, 2018, '2018', 'Local authority'],
    ]);
    expect(r.sheets).toEqual([
      { name: 'Crime', rows: 2 },
      { name: 'Health', rows: 1 },
      { name: 'Housing', rows: 1 },
    ]);
  });

  it.each([
    [
      { Crime: [['CR1.0', 'Arrest', 'Per arrest', 'Police', 'about 700', '2019/20']] },
      'Crime',
      4,
      'is not an amount in pounds above zero',
    ],
    [
      { Crime: [['CR1.0', 'Arrest', 'Per arrest', 'Police', -5, '2019/20']] },
      'Crime',
      4,
      'is not an amount in pounds above zero',
    ],
    [{ Crime: [['CR1.0', 'Arrest', 'Per arrest', 'Police', 700, '2019/21']] }, 'Crime', 4, 'is not a year like 2019'],
    [
      { Crime: [['=cmd|calc', 'Arrest', 'Per arrest', 'Police', 700, '2019']] },
      'Crime',
      4,
      'is not in the form of a code like CR1.0',
    ],
    [{ Crime: [['CR1.0', '', 'Per arrest', 'Police', 700, '2019']] }, 'Crime', 4, 'The detail is empty.'],
    [
      { Crime: [['CR1.0', 'Arrest', 'Per arrest', 'Police', { formula: 'A1*2' }, '2019']] },
      'Crime',
      4,
      'formula without a saved result',
    ],
    [
      {
        Crime: [['CR1.0', 'Arrest', 'Per arrest', 'Police', 700, '2019']],
        Health: [['CR1.0', 'Again', 'Per x', 'NHS', 5, '2019']],
      },
      'Health',
      4,
      'appears twice',
    ],
  ])('reports a bad row: %o', async (sheets, sheet, row, problem) => {
    const r = await readGmcaWorkbook(await gmcaWorkbook(sheets));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ sheet, row });
    expect(r.problems[0]!.problem).toContain(problem);
  });

  it('refuses files that are not the workbook', async () => {
    expect((await readGmcaWorkbook(Buffer.from('code,detail\nCR1.0,x'))).problems[0]!.problem).toContain(
      'not an Excel workbook',
    );
    expect((await readGmcaWorkbook(Buffer.from('PK\u0003\u0004garbage'))).problems[0]!.problem).toContain(
      'could not be read',
    );
    expect((await readGmcaWorkbook(Buffer.alloc(0))).problems[0]!.problem).toContain('empty');
    const noThemes = await gmcaWorkbook({ Sheet1: [['CR1.0', 'x', 'y', 'z', 1, '2019']] });
    expect((await readGmcaWorkbook(noThemes)).problems[0]!.problem).toContain(
      'none of the Unit Cost Database’s theme sheets',
    );
  });
});

describe('the import pages', () => {
  const upload = async (bytes: Buffer) => {
    const u = await officerUploader();
    const res = await u.upload('/impact/values/import', '/impact/values/import', 'workbook', 'ucd.xlsx', bytes);
    return { res, u };
  };

  it('imports nothing from a workbook with any problem, and lists each one', async () => {
    const bad = await gmcaWorkbook({ ...good, Health: [['HE2.0', 'GP', 'Per appointment', 'NHS', 'free', '2021/22']] });
    const { res } = await upload(bad);
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)[0]).toBe(
      'The workbook has 1 problem. Nothing has been imported: fix the workbook and try again.',
    );
    expect($(res.body)('#problems tbody tr').first().text()).toContain('Health');
    expect(await imported()).toHaveLength(0);
  });

  it('refuses a workbook that claims to unpack to gigabytes without opening it', async () => {
    const bytes = await gmcaWorkbook(good);
    expect(zipUnpackedSize(bytes)).toBeGreaterThan(0);
    expect(zipUnpackedSize(bytes)).toBeLessThan(1024 * 1024);
    // Rewrite the first central-directory entry's unpacked size to 4 GB − 2.
    const bomb = Buffer.from(bytes);
    const entry = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(0xfffffffe, entry + 24);
    const { res } = await upload(bomb);
    expect(res.statusCode).toBe(422);
    expect($(res.body)('#problems').text()).toContain('unpacks to far more data');
    expect(await imported()).toHaveLength(0);
  });

  it('checks, confirms, then imports with the GMCA licence and attribution', async () => {
    const { res, u } = await upload(await gmcaWorkbook(good));
    expect(res.statusCode).toBe(200);
    expect($(res.body)('h1').text()).toBe('Check the values before importing');
    expect(await imported()).toHaveLength(0);
    expect((await u.postHidden(res.body, '/impact/values/import/confirm')).statusCode).toBe(303);
    const rows = await imported();
    expect(rows).toHaveLength(4);
    const arrest = rows.find((r) => r.code === 'CR1.0')!;
    expect(arrest).toMatchObject({
      theme: 'Crime',
      valuePence: 74_400,
      priceYear: 2019,
      valueType: 'fiscalNonCashable',
      agency: 'Police',
      licence: 'Creative Commons Attribution 4.0 (CC BY 4.0)',
    });
    expect(arrest.attribution).toContain('Greater Manchester Combined Authority');
    // A second import replaces the first rather than doubling it; codes still there keep their ids
    // (appraisals link to them) and take the new figures; codes no longer there go.
    const changed = [['CR1.0', 'Arrest: average cost', 'Per arrest', 'Police', 800, '2020/21'], good.Crime[1]!];
    const again = await upload(await gmcaWorkbook({ Crime: changed }));
    expect((await again.u.postHidden(again.res.body, '/impact/values/import/confirm')).statusCode).toBe(303);
    const after = await imported();
    expect(after.map((r) => r.code).sort()).toEqual(['CR1.0', 'CR2.1']);
    expect(after.find((r) => r.code === 'CR1.0')).toMatchObject({ id: arrest.id, valuePence: 80_000, priceYear: 2020 });
  });

  it('asks for a file when none is chosen', async () => {
    const { res } = await upload(Buffer.alloc(0));
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toContain('Choose the Unit Cost Database workbook (.xlsx) to upload');
  });
});

describe('importing an appraisal file as an upload', () => {
  it('imports a good file and refuses one that is not UTF-8 text, saving nothing', async () => {
    const u = await officerUploader();
    const count = async () => (await w.services.impactAppraisals.list(w.a.place.id)).length;
    const before = await count();
    const latin1 = Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]);
    const bad = await expectNothingStored(w.t.database, () =>
      u.upload('/impact/appraisals/import', '/impact/appraisals/import', 'file', 'a.json', latin1),
    );
    expect(bad.statusCode).toBe(422);
    expect(errorSummary(bad.body)).toContain('The file is not UTF-8 text. Choose the appraisal’s .json file.');
    const file = {
      formatVersion: 1,
      title: 'Uploaded',
      scope: { type: 'place' },
      priceYear: 2019,
      costs: [
        {
          id: 'c',
          name: 'Inputs',
          category: 'revenue',
          agency: 'Council',
          confidenceGrade: 1,
          amounts: [{ year: 0, amount: 250000 }],
        },
      ],
      benefits: [
        {
          id: 'b',
          name: 'Wellbeing',
          cohort: { source: 'typed', size: 60 },
          unitValue: 8500,
          valueType: 'social',
          agency: 'Residents',
          deadweight: 0.4,
          attribution: 0.3,
          dropOff: 0.3,
          durationYears: 2,
          confidenceGrade: 1,
        },
      ],
    };
    const good = await u.upload(
      '/impact/appraisals/import',
      '/impact/appraisals/import',
      'file',
      'a.json',
      Buffer.from(JSON.stringify(file)),
    );
    expect(good.statusCode).toBe(303);
    expect(await count()).toBe(before + 1);
  });
});
