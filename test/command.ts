import { execFile } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve('bin/commonground.js');

/** How a run of the command ended: its exit code (-1 when it was killed) and what it printed. */
export type CommandRun = { code: number; stdout: string; stderr: string };

/**
 * Runs the real `commonground` command as a person would: a separate Node process, with this
 * process's environment changed by `env` (a variable set to undefined is removed).
 */
export function runCommand(env: Record<string, string | undefined>, args: string[]): Promise<CommandRun> {
  const merged = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined));
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: merged, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}
