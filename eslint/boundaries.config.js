// Where the module boundary rule applies, and the few places it knowingly does not.
// test/structure/boundaries.test.ts lints planted files with this block and checks both lists.
import tseslint from 'typescript-eslint';
import { boundariesPlugin } from './module-boundaries.js';

const TESTS = ['test/**', 'src/**/test/**', 'src/**/*.test.ts'];

/** Test-only exceptions, each with its reason. These stay. */
export const TEST_EXCEPTIONS = [
  {
    files: TESTS,
    imports: ['src/modules/**/*.schema.ts', 'src/core/**/*.schema.ts'],
    reason: 'A test asserts on the database afterwards (ARCHITECTURE.md, Tests), so it may read any table.',
  },
  {
    files: ['src/modules/**/test/**'],
    imports: ['src/services.ts'],
    reason: "A module's tests build the whole app from its services, as test/helpers.ts does.",
  },
  {
    files: TESTS,
    imports: ['src/modules/*/test/**', 'src/modules/*/*/test/**'],
    reason: "Shared fixtures in a module's test folder, until they move to test/factories/.",
  },
  {
    files: ['test/helpers.ts'],
    imports: ['src/core/areas/areas.repository.ts'],
    reason:
      "A test place gets its wards without audit rows, so a test that counts a place's audit log sees only its own actions.",
  },
  {
    files: ['test/browser/impact-journey.test.ts'],
    imports: ['src/modules/impact/impact.view-models.ts'],
    reason: 'The journey compares figures on the page with the formatting the pages use.',
  },
  {
    files: ['bench/conversations-report.ts'],
    imports: [
      'src/modules/conversations/import-export.ts',
      'src/modules/conversations/import-export.service.ts',
      'src/modules/conversations/**/import-export*.ts',
    ],
    reason: 'Benchmarks the Polis import plan and service directly; index.ts does not export them.',
  },
  {
    files: ['bench/impact.ts'],
    imports: ['src/modules/impact/impact.gmca.ts', 'src/modules/impact/**/impact.gmca.ts'],
    reason: 'Benchmarks the GMCA workbook reader directly; index.ts does not export it.',
  },
  {
    files: ['bench/participation.ts'],
    imports: ['src/modules/participation/**/stats.repository.ts', 'src/modules/participation/**/stats.service.ts'],
    reason: 'Benchmarks the stats queries below the service, at ten million attendances.',
  },
];

/**
 * Imports that break the boundary today, one per file and import.
 * test/structure/boundaries.test.ts fails when one is fixed and still listed, and lint fails on any new one.
 */
// Empty since issue 10: a violation is fixed, not listed.
export const KNOWN_VIOLATIONS = [];

/** The rule's flat-config block: every TypeScript file of the app, its tests and its benchmarks. */
export function boundariesConfig({ known = KNOWN_VIOLATIONS } = {}) {
  const exceptions = [
    ...TEST_EXCEPTIONS,
    ...known.map((v) => ({ files: [v.file], imports: [v.imports], reason: 'issue 10: being removed' })),
  ];
  return {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { boundaries: boundariesPlugin },
    rules: { 'boundaries/module-boundaries': ['error', { exceptions }] },
  };
}
