import type { TableName } from '@clinicsync/schema';
import { countUnsynced } from '../store/read-records.js';
import { checkAborted, pullAllPages } from './pull-all-pages.js';
import { pushAllChanges } from './push-all-changes.js';
import { readSyncState } from './sync-state.js';
import type { SyncRun } from './sync-run.js';
import { startingProgress } from './sync-types.js';
import type { SyncReport, TableCounts } from './sync-types.js';

function record(
  counts: ReadonlyMap<TableName, TableCounts>,
): Partial<Record<TableName, TableCounts>> {
  return Object.fromEntries(counts);
}

/**
 * One sync: pull every page and apply it (local changes to a column win),
 * then push a snapshot of local changes based on that pull, then mark as
 * synced what the server took and nobody changed meanwhile. Each step
 * stores its progress as it goes, so a sync stopped anywhere is continued
 * by the next one. Errors: any ClinicSyncError of the steps; `aborted` when
 * `run.signal` fires (between pages or pushes; what was applied stays).
 */
export async function synchronize(run: SyncRun): Promise<SyncReport> {
  const startedAt = performance.now();
  const state = await readSyncState(run.store);
  const client = { ...run.client, deviceId: state.deviceId };
  const steps: SyncRun = { ...run, client };

  run.progress(startingProgress);
  const pulled = await pullAllPages(steps, state);

  checkAborted(run.signal);
  const pending = Object.values(await countUnsynced(run.store.driver));
  run.progress({ phase: 'push', pushTotal: pending.reduce((sum, n) => sum + n, 0) });
  const pushed = await pushAllChanges(steps, pulled.timestamp);

  run.progress({ phase: 'done' });
  return {
    pulled: record(pulled.counts),
    pushed: record(pushed.counts),
    rejected: pushed.rejected,
    discarded: pulled.discarded,
    removed: pulled.removed,
    departedPatients: pulled.departed,
    pages: pulled.pages,
    pushes: pushed.requests,
    resumed: pulled.resumed,
    lastPulledAt: pulled.timestamp,
    durationMs: Math.round(performance.now() - startedAt),
  };
}
