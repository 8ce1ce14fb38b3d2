import type { Command } from './command.js';

/** `commonground conversations …`: opinion-mapping commands (issue 5). */
export const conversationsCommands: Record<string, Command> = {};
