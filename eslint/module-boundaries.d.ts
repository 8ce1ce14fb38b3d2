import type { ESLint, Linter } from 'eslint';

export const IO_PACKAGES: string[];
export function classify(file: string): { kind: string; name?: string };
export function boundaryProblem(
  file: string,
  target: string | undefined,
  packageName: string | undefined,
): string | null;
export const boundariesPlugin: ESLint.Plugin;
export type { Linter };
