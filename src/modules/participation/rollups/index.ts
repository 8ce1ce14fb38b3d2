// What the other parts of participation use of the rollups: the updates a recording makes in its
// transaction, and the full rebuild.
export {
  createRollupsRepository,
  rebuildRollups,
  type DailyDelta,
  type RollupsRepository,
} from './rollups.repository.js';
