import { createSyncEngine, openStore, openWorkerDriver } from '@clinicsync/client/browser';
import type { LocalStore, OpenResult, SyncEngine } from '@clinicsync/client/browser';
import type { Session } from './session.js';

/** The signed-in user's local database and its sync engine. */
export interface Device {
  readonly session: Session;
  readonly store: LocalStore;
  readonly engine: SyncEngine;
  readonly storage: OpenResult;
}

/** One database file per user, so two clinicians on one browser never mix records. */
function databaseFile(session: Session): string {
  return `/clinicsync-${session.user.id.replace(/[^A-Za-z0-9_-]/g, '_')}.sqlite3`;
}

/**
 * Opens the user's local database in the worker and creates its sync engine
 * (nothing is sent until `engine.sync()`).
 */
export async function openDevice(session: Session): Promise<Device> {
  const driver = await openWorkerDriver(databaseFile(session));
  const store = await openStore(driver);
  const engine = createSyncEngine(store, {
    serverUrl: session.serverUrl,
    auth: { type: 'bearer', token: session.token },
    // A person is waiting and the app retries on its own schedule: fail fast.
    retry: { retries: 2, baseDelayMs: 500, maxDelayMs: 4000 },
    requestTimeoutMs: 60_000,
  });
  return { session, store, engine, storage: driver.storage };
}
