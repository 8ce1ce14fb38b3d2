import { defineConfig } from 'drizzle-kit';

// Every table lives in the schema file of the core part or module that owns it.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/core/*/*.schema.ts', './src/modules/**/*.schema.ts'],
  out: './db/migrations',
});
