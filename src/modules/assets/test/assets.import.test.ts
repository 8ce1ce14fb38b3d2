import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { testConfig } from '../../../../test/helpers.js';
import { expectNothingStored, useWorld } from '../../../../test/kit/index.js';
import { auditEvents } from '../../../../test/schema.js';
import { UsageError } from '../../../platform/modules.js';
import { assetsCommands } from '../assets.commands.js';
import { MAX_IMPORT_ROWS, readAssetsCsv } from '../assets.import.js';
import { communityAssets } from '../assets.schema.js';

const WARDS = [
  { id: '11111111-1111-1111-1111-111111111111', code: 'E05000001', name: 'North Ward' },
  { id: '22222222-2222-2222-2222-222222222222', code: 'E05000002', name: 'South Ward' },
];
const HEADER = 'name,category,offers,ward,address,contact,opening_times,accessibility';

describe('reading an asset file', () => {
  it('reads every column, the ward by its code or its name in any case', () => {
    const result = readAssetsCsv(
      [
        HEADER,
        'Knit and Natter,association,Wool and tea,E05000001,Library,knit@example.org,Wednesdays 2pm,Step-free',
        '"Hall, the big one",Place,"Chairs, tables",south ward,1 High St,,,',
        'Time Bank,economic,Swap hours,,,,,',
      ].join('\n'),
      WARDS,
    );
    expect(result).toEqual({
      ok: true,
      assets: [
        {
          name: 'Knit and Natter',
          category: 'association',
          offers: 'Wool and tea',
          areaId: WARDS[0]!.id,
          address: 'Library',
          contact: 'knit@example.org',
          openingTimes: 'Wednesdays 2pm',
          accessibility: 'Step-free',
        },
        expect.objectContaining({ name: 'Hall, the big one', category: 'place', areaId: WARDS[1]!.id }),
        expect.objectContaining({ name: 'Time Bank', areaId: null }),
      ],
    });
  });

  it('lists every problem by its spreadsheet row and returns no assets', () => {
    const result = readAssetsCsv(
      [
        HEADER,
        'Good One,place,A hall,,,,,',
        ',castle,,Nowhere,,,,',
        'Good One,place,Again,,,,,',
        '<b>Bold</b>,culture,Stories,,,,,',
      ].join('\n'),
      WARDS,
      'assets.csv',
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { row: 3, message: 'ward: there is no ward "Nowhere" (give its code or name)' },
        { row: 3, message: 'name: Enter the name of the asset' },
        { row: 3, message: 'category: Choose one of association, institution, place, economic, culture' },
        { row: 3, message: 'offers: Enter what it offers' },
        { row: 4, message: 'name: "Good One" is also in row 2' },
        { row: 5, message: 'name: The name of the asset must not contain < or >' },
      ],
    });
  });

  it('refuses a file that lacks a required column, holds no rows, or holds too many', () => {
    expect(readAssetsCsv('name,offers\nHall,Room', WARDS, 'a.csv')).toEqual({
      ok: false,
      problems: [{ row: 1, message: 'a.csv has no category column.' }],
    });
    expect(readAssetsCsv(HEADER, WARDS, 'b.csv')).toEqual({
      ok: false,
      problems: [{ row: 2, message: 'b.csv has no rows of assets.' }],
    });
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `Asset ${i},place,A room,,,,,`);
    expect(readAssetsCsv([HEADER, ...rows].join('\n'), WARDS)).toEqual({
      ok: false,
      problems: [{ row: MAX_IMPORT_ROWS + 2, message: `A file may hold up to ${MAX_IMPORT_ROWS} assets.` }],
    });
  });
});

describe('commonground assets import', () => {
  const w = useWorld('assets-import');
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-assets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const command = assetsCommands<typeof w.services>()['assets import']!;

  async function run(file: string, values: Record<string, string | boolean> = {}) {
    const out = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const code = await command.run({
        values: { place: w.a.host, ...values },
        positionals: [file],
        config: testConfig(),
        services: () => Promise.resolve(w.services),
      });
      return { code, stdout: out.mock.calls.join('\n'), stderr: err.mock.calls.join('\n') };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const imported = () =>
    w.services.db
      .select()
      .from(communityAssets)
      .where(and(eq(communityAssets.placeId, w.a.place.id)));

  it('imports a good file into the place it names, public at once, with one audit entry', async () => {
    const ward = w.a.wards[0]!;
    const file = write(
      'good.csv',
      `${HEADER}\nImported Hall,place,A room for 50,${ward.code},1 Hall Road,,,\nImported Choir,culture,Songs,,,,,\n`,
    );
    const dry = await expectNothingStored(w.t.database, () => run(file, { 'dry-run': true }));
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.stdout).toContain('is good: 2 assets (1 place, 1 culture). Nothing was imported');

    const result = await run(file);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Imported 2 assets (1 place, 1 culture) into Place A's register");
    const rows = await imported();
    expect(rows.map((r) => [r.name, r.status, r.areaId])).toEqual(
      expect.arrayContaining([
        ['Imported Hall', 'public', ward.id],
        ['Imported Choir', 'public', null],
      ]),
    );
    const audit = await w.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.placeId, w.a.place.id), eq(auditEvents.action, 'assets.imported')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toEqual({ count: 2 });
  });

  it('imports nothing from a file with any problem, and says which rows', async () => {
    const file = write('bad.csv', `${HEADER}\nFine Hall,place,A room,,,,,\nBad Row,castle,Moat,,,,,\n`);
    const result = await expectNothingStored(w.t.database, () => run(file));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Nothing was imported. 1 problem(s)');
    expect(result.stderr).toContain('row 3: category: Choose one of');
  });

  it('refuses a missing file and an unknown place as usage mistakes', async () => {
    await expect(run(path.join(dir, 'nothing.csv'))).rejects.toThrow(UsageError);
    const file = write('any.csv', `${HEADER}\nA,place,B,,,,,\n`);
    await expect(run(file, { place: 'nowhere.test' })).rejects.toThrow('No place answers on "nowhere.test"');
  });
});
