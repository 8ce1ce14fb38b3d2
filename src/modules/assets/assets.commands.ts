import { readFile, stat } from 'node:fs/promises';
import type { AreasService } from '../../core/areas/index.js';
import type { PlacesService } from '../../core/places/index.js';
import { systemContext } from '../../platform/context.js';
import { UsageError, type ModuleCommand } from '../../platform/modules.js';
import { countByCategory, readAssetsCsv } from './assets.import.js';
import type { AssetsService } from './assets.service.js';

/** Asset files are small; anything bigger is a mistake, and is refused unread. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

type Needs = { assets: AssetsService; areas: AreasService; places: PlacesService };

/**
 * `commonground assets import FILE`: a council's existing register, checked row by row, all or
 * nothing. Generic in the services the CLI passes, which hold at least what it needs.
 */
export const assetsCommands = <S extends Needs>(): Record<string, ModuleCommand<S>> => ({
  'assets import': {
    summary: 'Import community assets from a CSV file (all rows or none; every problem listed by row)',
    usage: 'commonground assets import FILE [--place HOST] [--dry-run]',
    options: { place: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    positionals: { min: 1, max: 1 },
    async run(command) {
      const {
        values: v,
        positionals: [file],
      } = command;
      const size = await stat(file!).then(
        (s) => (s.isFile() ? s.size : null),
        () => null,
      );
      if (size === null) throw new UsageError(`There is no file at ${file}.`);
      if (size > MAX_FILE_BYTES) throw new UsageError(`${file} is larger than 5 MB; split it into smaller files.`);
      const s = await command.services();
      const where = typeof v.place === 'string' ? v.place : undefined;
      const place = where ? await s.places.findByHostOrSlug(where) : await s.places.findDefault();
      if (!place)
        throw new UsageError(where ? `No place answers on "${where}" or has that slug.` : 'There is no default place.');
      const result = readAssetsCsv(await readFile(file!, 'utf8'), await s.areas.listWards(place.id), file);
      if (!result.ok) {
        console.error(`Nothing was imported. ${result.problems.length} problem(s) in ${file}:`);
        for (const p of result.problems) console.error(`  row ${p.row}: ${p.message}`);
        return 1;
      }
      const summary = `${result.assets.length} assets (${countByCategory(result.assets)})`;
      if (v['dry-run']) {
        console.log(`${file} is good: ${summary}. Nothing was imported (--dry-run).`);
        return 0;
      }
      await s.assets.importMany(systemContext(place.id), result.assets);
      console.log(`Imported ${summary} into ${place.name}'s register, public at once.`);
      return 0;
    },
  },
});
