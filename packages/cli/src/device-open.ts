import { existsSync } from 'node:fs';
import {
  ClinicSyncError,
  createNodeDriver,
  createSyncEngine,
  openStore,
} from '@clinicsync/client/node';
import type { LocalStore, NodeDriver, SyncEngine } from '@clinicsync/client/node';
import { CliError } from './cli-error.js';
import { readDeviceState } from './device-state.js';
import type { DeviceState } from './device-state.js';

/** A device database set up by `device init`: its store, its sync engine and what init stored. */
export interface CliDevice {
  readonly file: string;
  readonly store: LocalStore;
  readonly engine: SyncEngine;
  readonly driver: NodeDriver;
  readonly state: DeviceState;
  close(): Promise<void>;
}

/** An SDK or SQLite error as one line for the command line. */
export function deviceFailure(error: unknown, file: string): unknown {
  if (error instanceof CliError) return error;
  if (error instanceof ClinicSyncError) return new CliError(error.message);
  if (error instanceof Error && error.name === 'SqliteError') {
    return new CliError(`${file} is not a usable device database: ${error.message}`);
  }
  return error;
}

/**
 * Opens the SQLite file without touching anything beyond the SDK's own
 * set-up (which creates its tables if they are missing).
 */
export async function openDeviceFile(
  file: string,
): Promise<{ driver: NodeDriver; store: LocalStore }> {
  let driver: NodeDriver;
  try {
    driver = createNodeDriver({ file });
  } catch (error) {
    throw deviceFailure(error, file);
  }
  try {
    return { driver, store: await openStore(driver) };
  } catch (error) {
    await driver.close();
    throw deviceFailure(error, file);
  }
}

/**
 * Opens a device database made by `device init`. Errors (CliError): no such
 * file, a file init never set up, not a device database.
 *
 * @example
 * const device = await openCliDevice('clinic-a.db');
 * try { await device.engine.sync(); } finally { await device.close(); }
 */
export async function openCliDevice(file: string): Promise<CliDevice> {
  if (!existsSync(file)) {
    throw new CliError(
      `There is no device database at ${file}; run \`clinicsync device init --db ${file} …\` first.`,
    );
  }
  const { driver, store } = await openDeviceFile(file);
  const state = await readDeviceState(driver).catch(async (error: unknown) => {
    await store.close();
    throw deviceFailure(error, file);
  });
  if (!state) {
    await store.close();
    throw new CliError(
      `${file} was not set up by \`clinicsync device init\`; run it with --db ${file} first.`,
    );
  }
  const engine = createSyncEngine(store, {
    serverUrl: state.serverUrl,
    auth: { type: 'bearer', token: state.token },
  });
  return { file, store, engine, driver, state, close: () => store.close() };
}

/** Runs `work` on the device and closes it, turning SDK errors into one line. */
export async function withCliDevice<R>(
  file: string,
  work: (device: CliDevice) => Promise<R>,
): Promise<R> {
  const device = await openCliDevice(file);
  try {
    return await work(device);
  } catch (error) {
    throw deviceFailure(error, file);
  } finally {
    await device.close();
  }
}
