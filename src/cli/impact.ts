import { impactCommands as moduleCommands } from '../modules/impact/index.js';
import { UsageError as ModuleUsageError } from '../platform/modules.js';
import { UsageError, type Command } from './command.js';

/**
 * The impact module's commands in the shape src/cli.ts runs today. Goes once the CLI collects the
 * manifests' `commands` (the commands themselves live in src/modules/impact/impact.commands.ts).
 */
export const impactCommands: Record<string, Command> = Object.fromEntries(
  Object.entries(moduleCommands).map(([name, command]) => [
    name,
    {
      summary: command.summary,
      usage: command.usage,
      options: command.options,
      ...(command.positionals ? { positionals: command.positionals } : {}),
      async run(values, config, positionals) {
        try {
          return await command.run({
            values,
            positionals,
            config,
            services: () => Promise.reject(new Error('The impact commands need no database.')),
          });
        } catch (err) {
          if (err instanceof ModuleUsageError) throw new UsageError(err.message);
          throw err;
        }
      },
    } satisfies Command,
  ]),
);
