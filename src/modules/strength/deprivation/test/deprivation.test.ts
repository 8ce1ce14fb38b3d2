import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BEXLEY, bexleyFile as file, haveBexleyData, importBexleyAreas } from '../../../../../test/kit/bexley.js';
import { useWorld } from '../../../../../test/kit/world.js';
import { systemContext, type ActionContext } from '../../../../platform/context.js';
import { Invalid } from '../../../../platform/errors.js';
import type { NamedFile } from '../deprivation.service.js';

const haveData = haveBexleyData('the deprivation import tests');
/** The published files' names, as problems name them. */
const FILES = {
  imd: path.basename(BEXLEY.imd),
  domains: path.basename(BEXLEY.domains),
  population: path.basename(BEXLEY.population),
};

/** The real file with its text changed by `edit`. */
const edited = (kind: 'imd' | 'domains' | 'population', edit: (text: string) => string): NamedFile => {
  const f = file(kind);
  return { name: f.name, text: edit(f.text) };
};

describe.skipIf(!haveData)('the Indices of Deprivation 2019 for Bexley', () => {
  const w = useWorld('deprivation');
  let ctx: ActionContext;
  const problems = async (files: NamedFile[]) => {
    const err = await w.services.deprivation.importFiles(ctx, files).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Invalid);
    return (err as Invalid).errors.map((e) => e.message);
  };
  const wardNamed = async (name: string) =>
    (await w.services.deprivation.wards(ctx.placeId))?.wards.find((x) => x.ward.name === name);

  beforeAll(async () => {
    const place = await w.services.places.create({
      slug: 'bexley',
      name: 'London Borough of Bexley',
      hostnames: ['bexley.test'],
      isDefault: false,
    });
    ctx = systemContext(place.id);
    await importBexleyAreas(w.services.db, ctx, 'wards');
  });

  it('asks for the LSOAs before their deprivation', async () => {
    expect(await problems([file('imd')])).toEqual([
      'This place has no LSOAs yet: import them first (commonground areas import --kind lsoa --within ward).',
    ]);
    await importBexleyAreas(w.services.db, ctx, 'lsoas');
  });

  it('imports File 1 alone, reading "29,599" as 29599, and works out unweighted ward figures', async () => {
    expect((await w.services.deprivation.importFiles(ctx, [file('imd')])).summary).toBe(
      "Imported the 2019 Indices of Deprivation (File 1): 146 of this place's 146 LSOAs.",
    );
    const lsoa = await w.services.areas.findByCode(ctx.placeId, 'E01000325');
    expect(await w.services.deprivation.forLsoa(ctx.placeId, lsoa!.id, 2019)).toMatchObject({
      imdRank: 29_599,
      imdDecile: 10,
      domains: null,
      population: null,
    });
    const northEnd = await wardNamed('North End');
    expect(northEnd?.figures).toMatchObject({ lsoas: 7, lsoasWithData: 7, weighted: false, population: null });
    // Without populations each LSOA counts once: (3591 + 17477 + 5493 + 11135 + 5702 + 4809 + 7461) ÷ 7.
    expect(northEnd?.figures?.imd?.meanRank).toBeCloseTo(55_668 / 7, 6);
  });

  it('adds Files 2 and 6 later, keeping File 1’s ranks, and weights by population', async () => {
    expect((await w.services.deprivation.importFiles(ctx, [file('domains'), file('population')])).summary).toBe(
      "Imported the 2019 Indices of Deprivation (File 2 and File 6): 146 of this place's 146 LSOAs.",
    );
    const lsoa = await w.services.areas.findByCode(ctx.placeId, 'E01000325');
    expect(await w.services.deprivation.forLsoa(ctx.placeId, lsoa!.id, 2019)).toMatchObject({
      imdRank: 29_599,
      population: 1630,
      populationYear: 2015,
      domains: expect.objectContaining({
        income: { rank: 28_876, decile: 9 },
        environment: { rank: 19_790, decile: 7 },
      }),
    });
  });

  // Checked by hand from the three files, with each LSOA's ward found independently (the ward
  // holding its centroid). North End's LSOAs, as (population mid-2015, IMD rank, decile):
  //   E01000429 (1656, 3591, 2)   E01000430 (2058, 17477, 6)   E01000431 (1848, 5493, 2)
  //   E01000432 (1813, 11135, 4)  E01000433 (1980, 5702, 2)    E01000434 (1675, 4809, 2)
  //   E01000435 (1407, 7461, 3)
  // Population 12,437; Σ population × rank = 102,095,829, so the mean rank is 8,209.04; the
  // people in decile 1 or 2 LSOAs are 1656 + 1848 + 1980 + 1675 = 7,159, a share of 0.5756.
  it.each([
    [
      'North End',
      {
        population: 12_437,
        meanRank: 8209.04,
        shareMost10: 0,
        shareMost20: 0.5756,
        income: 6686.71,
        incomeMost20: 0.6888,
        rank: 1,
      },
    ],
    [
      'Thamesmead East',
      {
        population: 13_209,
        meanRank: 11_844.65,
        shareMost10: 0,
        shareMost20: 0.1033,
        income: 8103.36,
        incomeMost20: 0.3507,
        rank: 3,
      },
    ],
    [
      'Barnehurst',
      {
        population: 10_760,
        meanRank: 20_733.56,
        shareMost10: 0,
        shareMost20: 0,
        income: 21_386.61,
        incomeMost20: 0,
        rank: 11,
      },
    ],
  ] as const)('derives %s’s figures as computed by hand', async (name, want) => {
    const ward = await wardNamed(name);
    const f = ward?.figures;
    expect(f).toMatchObject({ lsoas: 7, lsoasWithData: 7, weighted: true, population: want.population });
    expect(f?.imd?.meanRank).toBeCloseTo(want.meanRank, 2);
    expect(f?.imd?.shareMost10).toBe(want.shareMost10);
    expect(f?.imd?.shareMost20).toBeCloseTo(want.shareMost20, 4);
    expect(f?.domains?.income.meanRank).toBeCloseTo(want.income, 2);
    expect(f?.domains?.income.shareMost20).toBeCloseTo(want.incomeMost20, 4);
    // 1 is the most deprived of Bexley's 21 wards by mean IMD rank.
    expect(ward?.rank).toBe(want.rank);
  });

  it('adds up to the published total population of Bexley', async () => {
    const table = await w.services.deprivation.wards(ctx.placeId);
    expect(table?.populationYear).toBe(2015);
    expect(table?.wards.reduce((sum, x) => sum + (x.figures?.population ?? 0), 0)).toBe(242_387);
  });

  it('passes over rows for LSOAs elsewhere, as in the national files', async () => {
    const withOthers = edited(
      'imd',
      (t) => `${t.trimEnd()}\r\nE01999999,Elsewhere 001A,E09000099,Elsewhere,"1,234",1\r\n`,
    );
    expect((await w.services.deprivation.importFiles(ctx, [withOthers], { dryRun: true })).summary).toBe(
      "The files are good: 2019 Indices of Deprivation (File 1): 146 of this place's 146 LSOAs; 1 row for LSOAs elsewhere passed over. Nothing was imported (--dry-run).",
    );
  });

  describe('a file with any problem imports nothing and names every problem', () => {
    const before = async () => {
      const lsoa = await w.services.areas.findByCode(ctx.placeId, 'E01000326');
      return w.services.deprivation.forLsoa(ctx.placeId, lsoa!.id, 2019);
    };
    const bad: [string, () => NamedFile[], string[]][] = [
      [
        'a bad rank, a bad decile and a repeated LSOA',
        () => [
          edited('imd', (t) =>
            t
              .replace(
                'E01000326,Bexley 014B,E09000004,Bexley,"22,206",7',
                'E01000326,Bexley 014B,E09000004,Bexley,"22,206",11',
              )
              .replace(
                'E01000327,Bexley 017A,E09000004,Bexley,"27,457",9',
                'E01000327,Bexley 017A,E09000004,Bexley,lots,9',
              )
              .trimEnd()
              .concat('\r\nE01000325,Bexley 014A,E09000004,Bexley,"29,599",10\r\n'),
          ),
        ],
        [
          `${FILES.imd}, row 3: E01000326: the IMD decile "11" is not a whole number from 1 to 10.`,
          `${FILES.imd}, row 4: E01000327: the IMD rank "lots" is not a whole number from 1 to 32,844.`,
          `${FILES.imd}, row 148: E01000325: it is also on row 2.`,
        ],
      ],
      [
        'a file of something else',
        () => [{ name: 'wards.csv', text: 'code,population\nE05000064,100\n' }],
        [
          'wards.csv, row 1: wards.csv is not one of the Indices of Deprivation files this reads: its header has no "LSOA code (2011)" or "LSOA code (2021)" column. Use File 1, 2 or 6 as MHCLG publishes them, saved as CSV.',
        ],
      ],
      [
        'a population that is not a number',
        () => [
          edited('population', (t) =>
            t.replace(
              'E01000326,Bexley 014B,E09000004,Bexley,"1,326"',
              'E01000326,Bexley 014B,E09000004,Bexley,"1.326"',
            ),
          ),
        ],
        [`${FILES.population}, row 3: E01000326: the population "1.326" is not a whole number of people.`],
      ],
      [
        'File 1 twice',
        () => [file('imd'), { ...file('imd'), name: 'copy.csv' }],
        [`${FILES.imd} and copy.csv are all File 1 (Index of Multiple Deprivation); give each file once.`],
      ],
      [
        'File 1 and File 2 disagreeing',
        () => [
          file('imd'),
          edited('domains', (t) =>
            t.replace(
              'E01000326,Bexley 014B,E09000004,Bexley,22206,7',
              'E01000326,Bexley 014B,E09000004,Bexley,22207,7',
            ),
          ),
        ],
        [`${FILES.domains} gives E01000326 an IMD rank of 22207 (decile 7) but ${FILES.imd} gives 22206 (decile 7).`],
      ],
      [
        'a 2025 file beside 2019 ones',
        () => [file('imd'), edited('population', (t) => t.replace('LSOA code (2011)', 'LSOA code (2021)'))],
        [
          `The files mix the 2019 and 2025 releases (${FILES.imd}: 2019, ${FILES.population}: 2025); import one release at a time.`,
        ],
      ],
      [
        'File 2 without a domain’s decile column',
        () => [edited('domains', (t) => t.replace('Crime Decile', 'Crime Band'))],
        [
          `${FILES.domains}, row 1: ${FILES.domains} looks like File 2 (domains of deprivation) but has no Crime Decile column.`,
        ],
      ],
    ];
    it.each(bad)('%s', async (_label, make, messages) => {
      const was = await before();
      expect(await problems(make())).toEqual(messages);
      expect(await before()).toEqual(was);
    });
  });
});
