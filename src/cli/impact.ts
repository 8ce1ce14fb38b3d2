import type { Command } from './command.js';

/** `commonground impact …`: appraisal commands (issue 4). */
export const impactCommands: Record<string, Command> = {};
