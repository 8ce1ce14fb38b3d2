import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Another module's internals: anything in ../<module>/ but its index.ts (schemas may reference each other's tables for foreign keys). */
const moduleInternals = '^\\.\\./[^/.][^/]*/(?!index\\.js$)(?![^/]+\\.schema\\.js$).+';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/', 'db/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        crypto: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        URLSearchParams: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/modules/**/*.ts'],
    ignores: ['src/modules/**/test/**', 'src/modules/**/*.test.ts', 'src/modules/registry.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: moduleInternals,
              message:
                "Import another module only through its index.ts (see ARCHITECTURE.md: modules talk through each other's public API).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/platform/**/*.ts', 'src/lib/**/*.ts'],
    ignores: ['src/platform/schema.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '/modules/',
              message:
                'The platform and lib never import a module: modules register with the core, not the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/lib/**/*.ts'],
    ignores: ['src/lib/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(fastify|drizzle-orm|pg|@electric-sql/pglite|node:fs|node:net|node:http)',
              message: 'lib/ is pure: no I/O and no framework.',
            },
            { regex: '/(modules|platform)/', message: 'lib/ imports nothing from the app.' },
          ],
        },
      ],
    },
  },
);
