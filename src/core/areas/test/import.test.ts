import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTestDatabase, testConfig } from '../../../../test/helpers.js';
import type { ActionContext } from '../../../platform/context.js';
import { Invalid } from '../../../platform/errors.js';
import { createServices, type Services } from '../../../services.js';
import { importAreasFromFiles, type ImportOptions } from '../index.js';

const geoDir = path.resolve('..', 'shared/data/geo');
const WARDS = path.join(geoDir, 'martinjc_wards_by_lad_E09000004.geojson');
const haveData = existsSync(WARDS);
if (!haveData) console.warn(`SKIPPED: the areas import conformance tests need ${WARDS}, which is not there.`);

type Feature = {
  type: 'Feature';
  /** The ward's code and name (the file's WD13 columns); a test may delete the name. */
  properties: { WD13CD: string; WD13NM?: string; [key: string]: unknown };
  geometry: { type: string; coordinates: unknown };
};

describe.skipIf(!haveData)('importing the Bexley wards (martinjc, WD13)', () => {
  let s: Services;
  let drop: () => Promise<void>;
  let ctx: ActionContext;
  let dir: string;
  let source: { features: Feature[] };

  const opts = (o: Partial<ImportOptions> = {}): ImportOptions => ({
    geojsonPath: WARDS,
    codeProperty: 'WD13CD',
    nameProperty: 'WD13NM',
    kind: 'ward',
    ...o,
  });
  const write = (name: string, content: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  /** The real file with the features changed by `edit`. */
  const variant = (name: string, edit: (features: Feature[]) => void) => {
    const copy = structuredClone(source);
    edit(copy.features);
    return write(name, JSON.stringify(copy));
  };
  const snapshot = async () =>
    (await s.areas.list(ctx.placeId)).map((a) => ({
      code: a.code,
      name: a.name,
      population: a.population,
      updatedAt: a.updatedAt.getTime(),
    }));
  const imports = async () => (await s.audit.list(ctx.placeId, { action: 'areas.imported' })).length;

  beforeAll(async () => {
    const tdb = await createTestDatabase();
    drop = tdb.drop;
    s = createServices({ config: testConfig(), database: tdb.database, logger: pino({ level: 'silent' }) });
    const place = await s.places.create({
      slug: 'bexley',
      name: 'London Borough of Bexley',
      hostnames: ['bexley.test'],
      isDefault: false,
    });
    ctx = { placeId: place.id, actor: { type: 'system' }, ip: null, requestId: null };
    dir = mkdtempSync(path.join(tmpdir(), 'cg-import-'));
    source = JSON.parse(readFileSync(WARDS, 'utf8'));
  });
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports all 21 wards with the codes, names and boundaries in the file', async () => {
    const summary = await importAreasFromFiles(s.db, ctx, opts());
    expect(summary).toBe('Imported 21 ward areas: 21 new, 0 updated.');
    const wards = await s.areas.list(ctx.placeId, { kind: 'ward' });
    expect(wards).toHaveLength(21);
    expect(wards.map((w) => w.code).sort()).toEqual(source.features.map((f) => f.properties.WD13CD).sort());
    for (const f of [source.features[0]!, source.features[20]!]) {
      const w = wards.find((x) => x.code === f.properties.WD13CD)!;
      expect(w.name).toBe(f.properties.WD13NM);
      expect(w.boundary).toEqual(f.geometry);
    }
    // Spot checks by hand against the file, so a wrong property mapping cannot pass unnoticed.
    expect(wards.find((w) => w.code === 'E05000064')!.name).toBe('Barnehurst');
    expect(wards.find((w) => w.code === 'E05000065')!.name).toBe('Belvedere');
    expect(wards.every((w) => w.population === null)).toBe(true);
    expect(await imports()).toBe(1);
  });

  it('updates the same wards when the file is imported again', async () => {
    const summary = await importAreasFromFiles(s.db, ctx, opts());
    expect(summary).toBe('Imported 21 ward areas: 0 new, 21 updated.');
    expect(await s.areas.list(ctx.placeId)).toHaveLength(21);
  });

  it('stores populations from a CSV keyed by code', async () => {
    const rows = source.features.map((f, i) => `${f.properties.WD13CD},${10_000 + i}`);
    const csv = write('population.csv', `code,population\n${rows.join('\n')}\n`);
    const summary = await importAreasFromFiles(s.db, ctx, opts({ populationCsvPath: csv, populationYear: 2021 }));
    expect(summary).toBe('Imported 21 ward areas: 0 new, 21 updated, 21 with population.');
    const first = await s.areas.findByCode(ctx.placeId, source.features[0]!.properties.WD13CD);
    expect(first).toMatchObject({ population: 10_000, populationYear: 2021 });
    const last = await s.areas.findByCode(ctx.placeId, source.features[20]!.properties.WD13CD);
    expect(last).toMatchObject({ population: 10_020, populationYear: 2021 });
  });

  it('keeps stored populations when boundaries are re-imported without a population file', async () => {
    await importAreasFromFiles(s.db, ctx, opts());
    const first = await s.areas.findByCode(ctx.placeId, source.features[0]!.properties.WD13CD);
    expect(first).toMatchObject({ population: 10_000, populationYear: 2021 });
  });

  const lastFeature = (fs: Feature[]) => fs[fs.length - 1]!;
  const bad: [string, () => Partial<ImportOptions>, RegExp][] = [
    [
      'a file that is not JSON',
      () => ({ geojsonPath: write('not.json', '{"type": "FeatureCollection", "features": [') }),
      /not valid JSON/,
    ],
    [
      'JSON that is not a FeatureCollection',
      () => ({ geojsonPath: write('feature.json', JSON.stringify(source.features[0])) }),
      /not a GeoJSON FeatureCollection/,
    ],
    [
      'a last feature without the name property',
      () => ({ geojsonPath: variant('noname.json', (fs) => delete lastFeature(fs).properties.WD13NM) }),
      /Feature 21 \(E\d+\): property "WD13NM" is missing or empty/,
    ],
    [
      'a last feature whose ring is not closed',
      () => ({
        geojsonPath: variant('open.json', (fs) => (lastFeature(fs).geometry.coordinates as number[][][])[0]!.pop()),
      }),
      /Feature 21 \(E\d+\): a ring is not closed/,
    ],
    [
      'a last feature repeating a code',
      () => ({
        geojsonPath: variant('dup.json', (fs) => (lastFeature(fs).properties.WD13CD = fs[0]!.properties.WD13CD)),
      }),
      /Feature 21 \(E05000064\): the code E05000064 is also used by feature 1/,
    ],
    [
      'a last feature that is a Point',
      () => ({
        geojsonPath: variant(
          'point.json',
          (fs) => (lastFeature(fs).geometry = { type: 'Point', coordinates: [0.1, 51.4] }),
        ),
      }),
      /Feature 21 \(E\d+\): its geometry is Point, not Polygon or MultiPolygon/,
    ],
    ['a missing file', () => ({ geojsonPath: path.join(dir, 'nowhere.geojson') }), /There is no file at/],
    [
      'a population that is not a number',
      () => ({
        populationCsvPath: write(
          'pop-nan.csv',
          `code,population\n${source.features[0]!.properties.WD13CD},12000\n${source.features[1]!.properties.WD13CD},lots\n`,
        ),
      }),
      /Population row 3 \(E\d+\): "lots" is not a whole number/,
    ],
    [
      'a population code not in the GeoJSON',
      () => ({
        populationCsvPath: write(
          'pop-unknown.csv',
          `code,population\n${source.features[0]!.properties.WD13CD},12000\nE05999999,500\n`,
        ),
      }),
      /codes that are not in the GeoJSON: E05999999/,
    ],
    [
      'a population too large for the database, in the last row',
      () => ({
        populationCsvPath: write(
          'pop-big.csv',
          `code,population\n${source.features.map((f, i) => `${f.properties.WD13CD},${i === 20 ? 3_000_000_000 : 1000}`).join('\n')}\n`,
        ),
      }),
      /Population row 22 \(E\d+\): 3000000000 is more people than any area has/,
    ],
    [
      'a population file without a population column',
      () => ({ populationCsvPath: write('pop-cols.csv', 'code,people\nE05000064,1\n') }),
      /no "population" column/,
    ],
  ];
  it.each(bad)('refuses %s with a clear error and leaves the areas as they were', async (_label, make, message) => {
    const before = await snapshot();
    const importsBefore = await imports();
    const err = await importAreasFromFiles(s.db, ctx, opts(make())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Invalid);
    expect((err as Invalid).errors.map((e) => e.message).join('\n')).toMatch(message);
    expect(await snapshot()).toEqual(before);
    expect(await imports()).toBe(importsBefore);
  });

  it('lists every problem of a file at once', async () => {
    const file = variant('many.json', (fs) => {
      delete fs[3]!.properties.WD13NM;
      fs[7]!.geometry = {
        type: 'LineString',
        coordinates: [
          [0, 51],
          [1, 51],
        ],
      };
      fs[20]!.properties.WD13CD = fs[0]!.properties.WD13CD;
    });
    const err = (await importAreasFromFiles(s.db, ctx, opts({ geojsonPath: file })).catch(
      (e: unknown) => e,
    )) as Invalid;
    expect(err.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Feature 4 .*WD13NM/),
      expect.stringMatching(/^Feature 8 .*LineString/),
      expect.stringMatching(/^Feature 21 .*also used by feature 1/),
    ]);
  });
});
