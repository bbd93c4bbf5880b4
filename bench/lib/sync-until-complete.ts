import { ClinicSyncError } from '@clinicsync/client/node';
import type { SyncEngine, SyncReport } from '@clinicsync/client/node';

export interface SyncAttempts {
  readonly completed: boolean;
  /** Syncs started, the one that completed among them. */
  readonly syncs: number;
  readonly ms: number;
  /** Why each failed sync failed. */
  readonly failures: readonly string[];
  /** The report of the sync that completed. */
  readonly report: SyncReport | null;
}

/**
 * Syncs until a sync completes, as an app does on a bad link: each sync
 * that fails on the network is followed by another at once, which goes on
 * from where the failed one stopped. Gives up after `maxSyncs`. Errors: any
 * error other than a `network` ClinicSyncError is thrown at once, since
 * syncing again cannot fix it.
 */
export async function syncUntilComplete(
  engine: SyncEngine,
  maxSyncs: number,
): Promise<SyncAttempts> {
  const started = performance.now();
  const failures: string[] = [];
  for (let syncs = 1; syncs <= maxSyncs; syncs++) {
    try {
      const report = await engine.sync();
      return { completed: true, syncs, ms: performance.now() - started, failures, report };
    } catch (error) {
      if (!(error instanceof ClinicSyncError) || error.code !== 'network') throw error;
      failures.push(error.message);
    }
  }
  return {
    completed: false,
    syncs: maxSyncs,
    ms: performance.now() - started,
    failures,
    report: null,
  };
}
