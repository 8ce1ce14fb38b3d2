import type { Linter } from 'eslint';

export type BoundaryException = { files: string[]; imports: string[]; reason: string };
export type KnownViolation = { file: string; imports: string };
export const TEST_EXCEPTIONS: BoundaryException[];
export const KNOWN_VIOLATIONS: KnownViolation[];
export function boundariesConfig(options?: { known?: KnownViolation[] }): Linter.Config;
