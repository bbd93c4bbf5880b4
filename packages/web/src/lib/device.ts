import {
  createSyncEngine,
  deleteWorkerDatabase,
  openStore,
  openWorkerDriver,
} from '@clinicsync/client/browser';
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

function lastSyncedKey(session: Session): string {
  return `clinicsync.lastSynced.${session.user.id}`;
}

/**
 * Opens the user's local database (one for every tab of the app) and
 * creates its sync engine (nothing is sent until `engine.sync()`).
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
    // Half the commits of the SDK's 5,000: each rewrites the index pages the
    // page's random ids touch. A 20,000-patient clinic's first sync: the
    // database worker's share 6.0 → 4.7 s (docs/performance.md).
    pageSize: 10_000,
  });
  return { session, store, engine, storage: driver.storage };
}

/** When the user's last sync finished (epoch ms), or null. */
export function loadLastSynced(session: Session): number | null {
  const last = Number(localStorage.getItem(lastSyncedKey(session)));
  return Number.isFinite(last) && last > 0 ? last : null;
}

export function saveLastSynced(session: Session, at: number): void {
  localStorage.setItem(lastSyncedKey(session), String(at));
}

/**
 * Deletes the user's local database from this browser (every tab's view of
 * it) and what the app remembers of its syncs. The caller has closed its
 * own store and made sure no unsynced change is dropped unasked.
 */
export async function wipeDevice(session: Session): Promise<void> {
  await deleteWorkerDatabase(databaseFile(session));
  localStorage.removeItem(lastSyncedKey(session));
}
