import type { TableName } from '@clinicsync/schema';
import { ClinicSyncError } from '../errors.js';
import { applyPage } from './apply-remote-changes.js';
import { pullChanges } from './pull-changes.js';
import { PageSizer } from './page-sizer.js';
import { pageStager } from './pulled-page.js';
import type { PulledPage } from './pulled-page.js';
import { finishPull, forgetPosition, savePosition } from './sync-state.js';
import type { PullPosition, SyncState } from './sync-state.js';
import type { SyncRun } from './sync-run.js';
import type { TableCounts } from './sync-types.js';
import { withRetry } from './with-retry.js';

export interface PullResult {
  readonly timestamp: number;
  readonly pages: number;
  readonly rows: number;
  readonly resumed: boolean;
  readonly counts: ReadonlyMap<TableName, TableCounts>;
  readonly discarded: readonly { table: TableName; id: string }[];
  /** Records removed from sight; patients among them, by id. */
  readonly removed: number;
  readonly departed: readonly string[];
}

const recordsOf = (page: PulledPage): number =>
  page.tables.reduce((sum, t) => sum + t.created + t.updated + t.deletedIds.length, 0);

/** Throws `aborted` once the caller's signal fired. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ClinicSyncError('aborted', 'Sync was stopped.');
}

function addCounts(
  total: Map<TableName, TableCounts>,
  page: ReadonlyMap<TableName, TableCounts>,
): void {
  for (const [table, c] of page) {
    const sum = total.get(table) ?? { created: 0, updated: 0, deleted: 0 };
    total.set(table, {
      created: sum.created + c.created,
      updated: sum.updated + c.updated,
      deleted: sum.deleted + c.deleted,
    });
  }
}

/**
 * Pulls every page and applies each in its own transaction with its
 * position, so a sync stopped at any point (crash, cut connection, abort)
 * continues from the last applied page: a stored position for the same
 * `last_pulled_at` is resumed with its `next`. While a page is applied, the
 * next one is already being fetched (at most two pages in memory). Observed
 * queries hear the pull once, when it ends (see ChangeNotifier).
 */
export async function pullAllPages(run: SyncRun, state: SyncState): Promise<PullResult> {
  const endPull = run.store.notifier.beginPull();
  try {
    return await pullPages(run, state);
  } finally {
    endPull();
  }
}

async function pullPages(run: SyncRun, state: SyncState): Promise<PullResult> {
  const since = state.lastPulledAt;
  let position: PullPosition | null = state.position?.since === since ? state.position : null;
  const stager = pageStager(run.store.driver);
  const sizer = new PageSizer(run.pageSize, run.pageSeconds);
  const fetchPage = (next: string | null): Promise<PulledPage> => {
    const limit = sizer.limit;
    const started = performance.now();
    const page = withRetry(
      () =>
        pullChanges(run.client, { lastPulledAt: since, limit, next, signal: run.signal }, stager),
      run.retry,
      run.signal,
    ).then((pulled) => {
      // Retries included: a link that cuts answers is a slow link.
      sizer.observe(
        recordsOf(pulled),
        limit,
        (performance.now() - started) / 1000,
        pulled.next === null,
      );
      return pulled;
    });
    // A prefetched page may never be awaited (the apply before it failed): not an unhandled rejection.
    page.catch(() => undefined);
    return page;
  };

  let requested = position?.next ?? null;
  let pending = fetchPage(requested);
  if (position) {
    try {
      await pending;
    } catch (error) {
      if (!(error instanceof ClinicSyncError) || error.code !== 'bad_request') throw error;
      // The server no longer knows the token (restored, or another server): start the pull again.
      await run.store.lock.run(() => run.store.driver.batch(forgetPosition()));
      position = null;
      requested = null;
      pending = fetchPage(null);
    }
  }

  const resumed = position !== null;
  const counts = new Map<TableName, TableCounts>();
  const discarded: { table: TableName; id: string }[] = [];
  const departed: string[] = [];
  let pages = 0;
  let rows = 0;
  let removed = 0;
  // The pull's totals across resumes, stored with the position.
  let pullRows = position?.rows ?? 0;
  let pullPages = position?.pages ?? 0;
  let pullBytes = position?.bytes ?? 0;
  let estimate = position?.estimate ?? null;
  let bytes = 0;
  const startedAt = performance.now();
  // What this sync has left of the pull: the estimate less what earlier syncs applied.
  const totals = () =>
    estimate && {
      records: Math.max(estimate.records - (position?.rows ?? 0), rows),
      bytes: Math.max(estimate.bytes - (position?.bytes ?? 0), bytes),
    };
  for (;;) {
    checkAborted(run.signal);
    const page = await pending;
    bytes += page.bytes;
    pullBytes += page.bytes;
    if (!estimate && page.estimate) {
      estimate = page.estimate;
      run.progress({ pullTotal: totals()!.records, pullBytesTotal: totals()!.bytes });
    }
    const next = page.next;
    if (next !== null && next === requested) {
      // A server that hands back the token it was given would page forever.
      throw new ClinicSyncError(
        'bad_response',
        'The server repeated a page of the pull; tell your administrator.',
      );
    }
    if (next !== null) pending = fetchPage((requested = next));
    const applied = await applyPage(run.store, page.tables, (pageRows) =>
      next === null
        ? finishPull(page.timestamp)
        : savePosition({
            since,
            next,
            rows: pullRows + pageRows,
            pages: pullPages + 1,
            bytes: pullBytes,
            estimate,
          }),
    );
    pullRows += applied.rows;
    pullPages += 1;
    rows += applied.rows;
    pages += 1;
    addCounts(counts, applied.counts);
    discarded.push(...applied.discarded);
    departed.push(...applied.departed);
    removed += applied.removed;
    const total = totals();
    const seconds = (performance.now() - startedAt) / 1000;
    run.progress({
      phase: 'pull',
      pulled: rows,
      pages,
      removed,
      pulledBytes: bytes,
      pullTotal: total?.records ?? null,
      pullBytesTotal: total?.bytes ?? null,
      pullSecondsLeft:
        total && rows > 0 ? (seconds / rows) * Math.max(total.records - rows, 0) : null,
    });
    if (next === null) {
      return {
        timestamp: page.timestamp,
        pages,
        rows,
        resumed,
        counts,
        discarded,
        removed,
        departed,
      };
    }
  }
}
