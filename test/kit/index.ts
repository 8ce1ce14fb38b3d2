// The shared test kit: import from here. test/helpers.ts keeps the app, database and browser helpers.
export { apiClient, problemOf } from './api.js';
export { systemCtx, tokenFor, twoPlaces, type TestPlace, type TestUser } from './places.js';
export { discoverTables, expectNothingStored, expectSameTables, snapshotTables, type TableSnapshot } from './tables.js';
export { useWorld, type ApiClient, type World } from './world.js';
