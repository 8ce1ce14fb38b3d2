import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PlacesService } from '../../../core/places/index.js';
import { systemContext } from '../../../platform/context.js';
import { Invalid } from '../../../platform/errors.js';
import { UsageError, type ModuleCommand } from '../../../platform/modules.js';
import type { DeprivationService } from './deprivation.service.js';

/** The national File 2 is about 6 MB as CSV; anything far bigger is not one of these files. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

type Needs = { deprivation: DeprivationService; places: PlacesService };

/**
 * `commonground deprivation import FILE…`: MHCLG's published files, checked row by row, all or
 * nothing. Generic in the services the CLI passes, which hold at least what it needs.
 */
export const deprivationCommands = <S extends Needs>(): Record<string, ModuleCommand<S>> => ({
  'deprivation import': {
    summary: 'Import the Indices of Deprivation (File 1, 2 and/or 6 as CSV) for the place’s LSOAs',
    usage: 'commonground deprivation import FILE [FILE…] [--place HOST] [--dry-run]',
    options: { place: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    positionals: { min: 1, max: 3 },
    async run(command) {
      const { values: v, positionals } = command;
      const files = [];
      for (const file of positionals) {
        const size = await stat(file).then(
          (s) => (s.isFile() ? s.size : null),
          () => null,
        );
        if (size === null) throw new UsageError(`There is no file at ${file}.`);
        if (size > MAX_FILE_BYTES)
          throw new UsageError(`${file} is larger than 50 MB: it is not one of the published files.`);
        files.push({ name: path.basename(file), text: await readFile(file, 'utf8') });
      }
      const s = await command.services();
      const where = typeof v.place === 'string' ? v.place : undefined;
      const place = where ? await s.places.findByHostOrSlug(where) : await s.places.findDefault();
      if (!place)
        throw new UsageError(where ? `No place answers on "${where}" or has that slug.` : 'There is no default place.');
      try {
        const result = await s.deprivation.importFiles(systemContext(place.id), files, {
          dryRun: Boolean(v['dry-run']),
        });
        console.log(result.summary);
        return 0;
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        console.error(`Nothing was imported. ${err.errors.length} problem(s):`);
        for (const e of err.errors) console.error(`  ${e.message}`);
        return 1;
      }
    },
  },
});
