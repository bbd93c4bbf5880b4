// The Node entry: everything of the platform-neutral one, plus SQLite on better-sqlite3.
export * from './index.js';
export { createNodeDriver } from './node/better-sqlite3-driver.js';
export type { NodeDriver, NodeDriverOptions } from './node/better-sqlite3-driver.js';
export { openNodeDevice } from './node/open-node-device.js';
export type { NodeDevice, NodeDeviceOptions } from './node/open-node-device.js';
