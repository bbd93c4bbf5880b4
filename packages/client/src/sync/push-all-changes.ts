import type { TableName } from '@clinicsync/schema';
import { fetchLocalChanges } from './fetch-local-changes.js';
import type { LocalChange } from './fetch-local-changes.js';
import { markAsSynced } from './mark-as-synced.js';
import { checkAborted } from './pull-all-pages.js';
import { PushChunker, pushChanges } from './push-changes.js';
import type { SyncRun } from './sync-run.js';
import type { RejectedRecord, TableCounts } from './sync-types.js';

export interface PushResult {
  readonly counts: ReadonlyMap<TableName, TableCounts>;
  readonly rejected: readonly RejectedRecord[];
  readonly requests: number;
  readonly sent: number;
}

/**
 * Pushes every pending record in pushes of at most `maxPushBytes`, parents
 * first, each with `last_pulled_at` = the pull just done; after each push,
 * marks its records as synced (those unchanged since they were read and
 * not refused). A failure stops the sync; pushes already confirmed stay
 * marked, the rest is pushed next time (a replay changes nothing on the
 * server).
 */
export async function pushAllChanges(run: SyncRun, lastPulledAt: number): Promise<PushResult> {
  const counts = new Map<TableName, TableCounts>();
  const rejected: RejectedRecord[] = [];
  let requests = 0;
  let sent = 0;

  const send = async (records: LocalChange[]): Promise<void> => {
    checkAborted(run.signal);
    const pushed = await pushChanges(run.client, records, lastPulledAt, run.retry, run.signal);
    await markAsSynced(run.store, records, pushed.rejected);
    const refused = new Set(pushed.rejected.map((r) => `${r.table}\u0000${r.id}`));
    for (const record of records) {
      if (refused.has(`${record.table.name}\u0000${record.id}`)) continue;
      const c = counts.get(record.table.name) ?? { created: 0, updated: 0, deleted: 0 };
      c[record.kind] += 1;
      counts.set(record.table.name, c);
    }
    rejected.push(...pushed.rejected);
    requests += pushed.requests;
    sent += records.length;
    run.progress({ phase: 'push', pushed: sent });
  };

  const chunker = new PushChunker(run.maxPushBytes);
  for await (const change of fetchLocalChanges(run.store.driver)) {
    const full = chunker.add(change);
    if (full) await send(full);
  }
  const rest = chunker.take();
  if (rest.length > 0) await send(rest);
  return { counts, rejected, requests, sent };
}
