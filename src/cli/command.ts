import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config.js';
import type { CommandValues } from '../platform/modules.js';

export { UsageError, type CommandValues } from '../platform/modules.js';

/** A command in the older shape (values, config, positionals); modules' commands use ModuleCommand. */
export type Command = {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals?: { min: number; max: number };
  run(values: CommandValues, config: Config, positionals: string[]): Promise<number>;
};
