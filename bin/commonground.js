#!/usr/bin/env node
// Runs the TypeScript source directly (no build step), through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
