import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // A big module's feature folders (conversations/outcomes/) may own tables too.
  schema: ['./src/modules/*/*.schema.ts', './src/modules/*/*/*.schema.ts'],
  out: './db/migrations',
});
