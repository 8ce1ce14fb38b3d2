import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import tseslint from 'typescript-eslint';
import { boundariesConfig } from './eslint/boundaries.config.js';

const TESTS = ['**/*.test.ts', 'test/**/*.ts', 'src/**/test/**/*.ts'];

/**
 * issue 10: type-aware and Vitest rules with findings in code that others are moving and splitting
 * now, switched off there only (every rule is on for test/, bench/ and src/lib/). The
 * counts at the time are in the merge note; switch each back on when its count is zero. This list
 * must end empty. src/core/ shares the modules' list because code moves there from src/modules/.
 */
const OFF_UNTIL_MOVED = [
  {
    files: ['src/modules/**/*.ts', 'src/core/**/*.ts'],
    ignores: TESTS,
    rules: [
      'no-base-to-string',
      'no-confusing-void-expression',
      'no-misused-spread',
      'no-unnecessary-condition',
      'no-unnecessary-template-expression',
      'no-unnecessary-type-arguments',
      'no-unnecessary-type-assertion',
      'no-unnecessary-type-conversion',
      'no-unsafe-argument',
      'no-unsafe-return',
      'require-await',
      'return-await',
      'unbound-method',
      'no-meaningless-void-operator',
    ],
  },
  {
    files: [
      'src/modules/**/test/**/*.ts',
      'src/modules/**/*.test.ts',
      'src/core/**/test/**/*.ts',
      'src/core/**/*.test.ts',
    ],
    rules: [
      'no-unnecessary-condition',
      'no-unnecessary-type-assertion',
      'no-unnecessary-type-conversion',
      'no-unsafe-argument',
      'no-unsafe-call',
      'no-unsafe-member-access',
      'no-unsafe-return',
      'restrict-template-expressions',
      'vitest/no-conditional-expect',
      'vitest/no-standalone-expect',
    ],
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: [
      'no-unnecessary-condition',
      'no-unnecessary-type-assertion',
      'no-unsafe-assignment',
      'require-await',
      'return-await',
    ],
  },
  { files: ['src/*.ts'], rules: ['no-unsafe-assignment', 'no-unnecessary-type-assertion'] },
].map(({ rules, ...scope }) => ({
  ...scope,
  rules: Object.fromEntries(rules.map((r) => [r.startsWith('vitest/') ? r : `@typescript-eslint/${r}`, 'off'])),
}));

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
  ...OFF_UNTIL_MOVED,
);
