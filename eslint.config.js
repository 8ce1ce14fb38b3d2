import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import tseslint from 'typescript-eslint';
import { boundariesConfig } from './eslint/boundaries.config.js';

const TESTS = ['**/*.test.ts', 'test/**/*.ts', 'src/**/test/**/*.ts'];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/', 'db/migrations/'] },
  js.configs.recommended,
  // Type-aware: the rules that need the type checker, over every TypeScript file of the project.
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
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
      // Numbers read naturally in messages and paths; objects and nullish values still may not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(x) => expect(x).toBe(1)` and `(g) => list.push(g)` are idiomatic; a void value used elsewhere is still refused.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      'no-console': 'off',
    },
  },
  // Plain JavaScript (this file, bin/, eslint/) and its declarations are outside the TypeScript project.
  { files: ['**/*.js', 'eslint/**/*.d.ts'], ...tseslint.configs.disableTypeChecked },
  {
    files: TESTS,
    ...vitest.configs.recommended,
    rules: {
      ...vitest.configs.recommended.rules,
      // Vitest's expect takes a message as its second argument.
      'vitest/valid-expect': ['error', { maxArgs: 2 }],
      // Helpers named expect… or problemOf assert.
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'problemOf', 'assert*'] }],
      // Vitest's asymmetric matchers (expect.any, expect.objectContaining) are typed any.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  boundariesConfig(),
);
