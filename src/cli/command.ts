import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config.js';

/** A mistake in how the command was called: shown with the command's help, exit code 2. */
export class UsageError extends Error {}

export type CommandValues = Record<string, string | boolean | string[] | undefined>;

/** One `commonground` command. Commands live in src/cli.ts or in a file of src/cli/ per area. */
export type Command = {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positional arguments (for example FILE or DIR) the command takes; none if left out. */
  positionals?: { min: number; max: number };
  run(values: CommandValues, config: Config, positionals: string[]): Promise<number>;
};
