import { conversationsCommands as moduleCommands } from '../modules/conversations/index.js';
import { UsageError as ModuleUsageError } from '../platform/modules.js';
import { UsageError, type Command } from './command.js';

/**
 * The conversations module's commands in this file's older shape, until the CLI collects every
 * module's `commands` from the registry (then this file goes).
 */
export const conversationsCommands: Record<string, Command> = Object.fromEntries(
  Object.entries(moduleCommands).map(([name, c]) => [
    name,
    {
      ...c,
      async run(values, config, positionals) {
        try {
          return await c.run({ values, positionals, config, services: () => Promise.resolve(undefined) });
        } catch (err) {
          if (err instanceof ModuleUsageError) throw new UsageError(err.message);
          throw err;
        }
      },
    } satisfies Command,
  ]),
);
