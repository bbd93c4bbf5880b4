// @clinicsync/testing/watermelon: the stock WatermelonDB client as a test
// device. Its own entry because loading WatermelonDB is heavy and installs a
// process-wide id generator; it needs @nozbe/watermelondb and better-sqlite3.
export {
  createWatermelonDevice,
  takeUnattributedDiagnostics,
} from './watermelon/watermelon-device.js';
export type {
  SyncExchange,
  WatermelonDatabase,
  WatermelonDevice,
  WatermelonDeviceOptions,
} from './watermelon/watermelon-device.js';
