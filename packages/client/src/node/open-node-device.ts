import { openStore } from '../store/open-store.js';
import type { LocalStore, StoreOptions } from '../store/local-store.js';
import { createSyncEngine } from '../sync/sync-engine.js';
import type { SyncEngine } from '../sync/sync-engine.js';
import type { SyncEngineOptions } from '../sync/sync-types.js';
import { createNodeDriver } from './better-sqlite3-driver.js';
import type { NodeDriver } from './better-sqlite3-driver.js';

export interface NodeDeviceOptions extends SyncEngineOptions, StoreOptions {
  /** The database file (created if missing); `:memory:` by default. */
  readonly file?: string;
}

/** A store and its sync engine on one better-sqlite3 database. */
export interface NodeDevice {
  readonly store: LocalStore;
  readonly engine: SyncEngine;
  readonly driver: NodeDriver;
  /** Closes the database; a sync still running fails with `store_closed`. */
  close(): Promise<void>;
}

/**
 * Opens (or creates) a device database in Node and its sync engine: what a
 * Node app, a test or a command-line tool needs to work offline and sync.
 * Errors: those of `createNodeDriver` and `openStore` (`schema_mismatch`).
 *
 * @example
 * const device = await openNodeDevice({
 *   file: 'clinic.db',
 *   serverUrl: 'https://sync.example.org',
 *   auth: { type: 'bearer', token },
 * });
 * await device.store.create('patients', { given_name: 'Amina' });
 * const report = await device.engine.sync();
 * await device.close();
 */
export async function openNodeDevice(options: NodeDeviceOptions): Promise<NodeDevice> {
  const driver = createNodeDriver(options.file === undefined ? {} : { file: options.file });
  let store: LocalStore;
  try {
    store = await openStore(driver, options);
  } catch (error) {
    await driver.close();
    throw error;
  }
  return {
    store,
    engine: createSyncEngine(store, options),
    driver,
    close: () => store.close(),
  };
}
