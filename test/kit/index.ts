// The shared test kit: import from here. test/helpers.ts keeps the app, database and browser helpers.
export { apiClient, problemOf, type ApiClient, type Problem } from './api.js';
export { placeWithStaff, systemCtx, tokenFor, twoPlaces, type TestPlace, type TestUser } from './places.js';
export {
  CHANGES_EXPECTED,
  discoverTables,
  expectNothingStored,
  expectSameTables,
  snapshotTables,
  type Table,
  type TableSnapshot,
} from './tables.js';
