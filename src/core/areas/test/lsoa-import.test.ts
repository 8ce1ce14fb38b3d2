import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testConfig } from '../../../../test/helpers.js';
import type { ActionContext } from '../../../platform/context.js';
import { Invalid } from '../../../platform/errors.js';
import { createServices, type Services } from '../../../services.js';
import { importAreasFromFiles, type ImportOptions } from '../index.js';

const geoDir = path.resolve('..', 'shared/data/geo');
const WARDS = path.join(geoDir, 'martinjc_wards_by_lad_E09000004.geojson');
const LSOAS = path.join(geoDir, 'martinjc_lsoa_by_lad_E09000004.geojson');
const haveData = existsSync(WARDS) && existsSync(LSOAS);
if (!haveData) console.warn(`SKIPPED: the LSOA import tests need ${geoDir}, which is not there.`);

describe.skipIf(!haveData)('importing Bexley’s LSOAs into its wards', () => {
  let s: Services;
  let drop: () => Promise<void>;
  let ctx: ActionContext;
  let dir: string;

  const lsoas = (o: Partial<ImportOptions> = {}): ImportOptions => ({
    geojsonPath: LSOAS,
    codeProperty: 'LSOA11CD',
    nameProperty: 'LSOA11NM',
    kind: 'lsoa',
    within: 'ward',
    ...o,
  });
  const write = (name: string, content: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const wardOf = async (code: string) => {
    const area = await s.areas.findByCode(ctx.placeId, code);
    const parent = area?.parentId ? await s.areas.findInPlace(ctx.placeId, area.parentId) : undefined;
    return { ward: parent?.name, basis: area?.parentBasis, share: area?.parentShare };
  };

  beforeAll(async () => {
    const tdb = await createTestDatabase();
    drop = tdb.drop;
    s = createServices({ config: testConfig(), database: tdb.database, logger: pino({ level: 'silent' }) });
    const place = await s.places.create({
      slug: 'bexley',
      name: 'Bexley',
      hostnames: ['bexley.test'],
      isDefault: false,
    });
    ctx = { placeId: place.id, actor: { type: 'system' }, ip: null, requestId: null };
    dir = mkdtempSync(path.join(tmpdir(), 'cg-lsoa-'));
  });
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to place LSOAs in wards before there are any', async () => {
    const err = await importAreasFromFiles(s.db, ctx, lsoas()).catch((e: unknown) => e);
    expect((err as Invalid).errors[0]?.message).toBe(
      'There are no ward areas in this place to place these in: import them first.',
    );
    expect(await s.areas.list(ctx.placeId)).toEqual([]);
  });

  it('places every LSOA in the ward holding most of its land, and says how', async () => {
    await importAreasFromFiles(s.db, ctx, {
      geojsonPath: WARDS,
      codeProperty: 'WD13CD',
      nameProperty: 'WD13NM',
      kind: 'ward',
    });
    const summary = await importAreasFromFiles(s.db, ctx, lsoas());
    expect(summary).toMatch(
      /^Imported 146 lsoa areas: 146 new, 0 updated\. Placed in ward areas: 146 by best fit \(the smallest share of an area's land in its ward is (9\d|100)%\)\.$/,
    );
    const all = await s.areas.list(ctx.placeId, { kind: 'lsoa' });
    expect(all.every((a) => a.parentBasis === 'best-fit' && a.parentId !== null)).toBe(true);
    // Checked independently: the ward holding each LSOA's centroid (a point-in-polygon test on the
    // same files) puts 7 LSOAs in each ward but Longlands, which has 6; and these three here.
    const wards = await s.areas.list(ctx.placeId, { kind: 'ward' });
    const counts = new Map(wards.map((w) => [w.name, all.filter((a) => a.parentId === w.id).length]));
    expect(counts.get('Longlands')).toBe(6);
    expect([...counts].filter(([name]) => name !== 'Longlands').every(([, n]) => n === 7)).toBe(true);
    expect((await wardOf('E01000325')).ward).toBe('Barnehurst');
    expect((await wardOf('E01000400')).ward).toBe('East Wickham');
    expect((await wardOf('E01000470')).ward).toBe('Thamesmead East');
  });

  it('follows a lookup file where it has a row, and best fit for the rest', async () => {
    // A lookup (ONS column names) that moves one LSOA, as a council's own lookup may.
    const lookup = write(
      'lookup.csv',
      'LSOA11CD,LSOA11NM,WD13CD,WD13NM\r\nE01000325,Bexley 014A,E05000065,Belvedere\r\nE99999999,Elsewhere 001A,E05999999,Elsewhere\r\n',
    );
    const summary = await importAreasFromFiles(s.db, ctx, lsoas({ lookupCsvPath: lookup }));
    expect(summary).toMatch(/Placed in ward areas: 1 from the lookup file, 145 by best fit/);
    expect(await wardOf('E01000325')).toEqual({ ward: 'Belvedere', basis: 'lookup', share: null });
    expect((await wardOf('E01000326')).basis).toBe('best-fit');
  });

  it('keeps each LSOA’s ward when the LSOAs are imported again without --within', async () => {
    await importAreasFromFiles(s.db, ctx, lsoas({ within: undefined }));
    expect((await wardOf('E01000325')).basis).toBe('lookup');
  });

  const bad: [string, () => Partial<ImportOptions>, RegExp][] = [
    [
      'a lookup naming a ward that is not in the place',
      () => ({ lookupCsvPath: write('unknown.csv', 'LSOA11CD,WD13CD\nE01000326,E05999999\n') }),
      /^Lookup row 2 \(E01000326\): there is no ward with the code "E05999999" in this place\.$/,
    ],
    [
      'a lookup placing one LSOA in two wards',
      () => ({
        lookupCsvPath: write('twice.csv', 'LSOA11CD,WD13CD\nE01000326,E05000064\nE01000326,E05000065\n'),
      }),
      /^Lookup row 3 \(E01000326\): it is also placed in E05000064 on an earlier row\.$/,
    ],
    [
      'a lookup without a ward column',
      () => ({ lookupCsvPath: write('nocol.csv', 'LSOA11CD,name\nE01000326,x\n') }),
      /nocol\.csv needs a column of ward codes/,
    ],
    ['--lookup-csv without --within', () => ({ within: undefined, lookupCsvPath: 'x.csv' }), /needs --within/],
    ['--within the same kind', () => ({ within: 'lsoa' }), /must be another kind of area/],
  ];
  it.each(bad)('refuses %s and changes nothing', async (_label, make, message) => {
    const before = await wardOf('E01000326');
    const err = await importAreasFromFiles(s.db, ctx, lsoas(make())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Invalid);
    expect((err as Invalid).errors.map((e) => e.message).join('\n')).toMatch(message);
    expect(await wardOf('E01000326')).toEqual(before);
  });
});
