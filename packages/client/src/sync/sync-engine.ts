import { createPatientAccess } from '../access/patient-access.js';
import type { PatientAccess } from '../access/patient-access.js';
import type { LocalStore } from '../store/local-store.js';
import { storeInternals } from '../store/store-internals.js';
import { readSyncState } from './sync-state.js';
import { synchronize } from './synchronize.js';
import type { HttpClient } from './http-client.js';
import { startingProgress } from './sync-types.js';
import type { SyncEngineOptions, SyncProgress, SyncReport } from './sync-types.js';
import { defaultRetry } from './with-retry.js';

/** The device's sync, and the online calls that change what it syncs (PatientAccess). */
export interface SyncEngine extends PatientAccess {
  /**
   * Syncs with the server. Only one sync runs at a time: a call while one
   * runs waits for it and then starts one more sync (calls made meanwhile
   * all share that one), so changes made during a sync are pushed by the
   * sync that follows. `signal` stops the sync it starts between pages or
   * pushes; the next sync continues from there.
   */
  sync(options?: { readonly signal?: AbortSignal }): Promise<SyncReport>;
  /** Calls `listener` with every progress step; returns the unsubscribe function. */
  onProgress(listener: (progress: SyncProgress) => void): () => void;
  /** Whether a sync is running. */
  readonly syncing: boolean;
  /** This device's id, generated on first use and kept in the store. */
  deviceId(): Promise<string>;
}

/**
 * Creates the sync engine of a store. Nothing is sent until `sync()`.
 * `sync()` rejects with a ClinicSyncError: `unauthorized` (sign in again),
 * `forbidden`, `network` and `server` (after the retries), `too_many_requests`,
 * `invalid_push` (details: the server's problems), `payload_too_large`,
 * `conflict` (a server in reject mode), `bad_response`, `aborted`,
 * `store_closed`. Records the server refuses are not errors: they are in
 * the report's `rejected` and stay pending.
 *
 * @example
 * const engine = createSyncEngine(store, { serverUrl, auth: { type: 'bearer', token } });
 * engine.onProgress((p) => bar.update(p.pulled, p.pushed));
 * const report = await engine.sync();
 */
export function createSyncEngine(store: LocalStore, options: SyncEngineOptions): SyncEngine {
  const internals = storeInternals(store);
  const listeners = new Set<(progress: SyncProgress) => void>();
  let running: Promise<SyncReport> | null = null;
  let queued: Promise<SyncReport> | null = null;
  const client = (): HttpClient => ({
    serverUrl: options.serverUrl,
    fetch: options.fetch,
    auth: options.auth,
    deviceId: null,
    timeoutMs: options.requestTimeoutMs ?? 120_000,
  });

  const start = (signal: AbortSignal | undefined): Promise<SyncReport> => {
    let progress: SyncProgress = startingProgress;
    const sync = () =>
      synchronize({
        store: internals,
        client: client(),
        pageSize: options.pageSize ?? 5000,
        pageSeconds: options.pageSeconds ?? 3,
        maxPushBytes: options.maxPushBytes ?? 32 * 1024 * 1024,
        retry: { ...defaultRetry, ...options.retry },
        signal,
        progress(patch) {
          progress = { ...progress, ...patch };
          for (const listener of listeners) {
            try {
              listener(progress);
            } catch {
              // A broken progress bar must not break the sync.
            }
          }
        },
      });
    // Other processes sharing the database (browser tabs) sync one at a time too.
    const shared = internals.driver.shared;
    const run = shared ? shared.exclusive('sync', sync) : sync();
    running = run.finally(() => {
      running = null;
    });
    return running;
  };

  return {
    ...createPatientAccess(internals, client),
    sync(syncOptions = {}) {
      if (!running) return start(syncOptions.signal);
      queued ??= running
        .catch(() => undefined)
        .then(() => {
          queued = null;
          return start(syncOptions.signal);
        });
      return queued;
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get syncing() {
      return running !== null;
    },
    async deviceId() {
      return (await readSyncState(internals)).deviceId;
    },
  };
}
