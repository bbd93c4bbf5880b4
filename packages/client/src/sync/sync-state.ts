import type { SqlStatement } from '../driver/sql-driver.js';
import { deleteMeta, metaKeys, readMeta, setMeta } from '../store/local-meta.js';
import type { StoreInternals } from '../store/store-internals.js';

/** A paged pull that stopped before its last page: where to go on. */
export interface PullPosition {
  /** The `last_pulled_at` the pull was started from. */
  readonly since: number;
  /** The `next` token of the last applied page. */
  readonly next: string;
  /** Rows, pages and bytes applied so far by this pull. */
  readonly rows: number;
  readonly pages: number;
  readonly bytes: number;
  /** The first page's estimate of the whole pull, when the server gave one. */
  readonly estimate: { readonly records: number; readonly bytes: number } | null;
}

export interface SyncState {
  readonly deviceId: string;
  /** The timestamp of the last completed pull; 0 before the first. */
  readonly lastPulledAt: number;
  readonly position: PullPosition | null;
}

/**
 * Reads the sync bookkeeping; on the first call, generates the device id
 * and stores it (under the write lock, so two engines on one store agree).
 */
export async function readSyncState(store: StoreInternals): Promise<SyncState> {
  return store.lock.run(async () => {
    store.assertOpen();
    const meta = await readMeta(store.driver);
    let deviceId = meta.get(metaKeys.deviceId);
    if (!deviceId) {
      deviceId = crypto.randomUUID();
      await store.driver.batch([setMeta(metaKeys.deviceId, deviceId)]);
    }
    const since = meta.get(metaKeys.pullSince);
    const next = meta.get(metaKeys.pullNext);
    return {
      deviceId,
      lastPulledAt: Number(meta.get(metaKeys.lastPulledAt) ?? 0),
      position:
        since !== undefined && next !== undefined
          ? {
              since: Number(since),
              next,
              rows: Number(meta.get(metaKeys.pullRows) ?? 0),
              pages: Number(meta.get(metaKeys.pullPages) ?? 0),
              bytes: Number(meta.get(metaKeys.pullBytes) ?? 0),
              estimate: meta.has(metaKeys.pullTotalRecords)
                ? {
                    records: Number(meta.get(metaKeys.pullTotalRecords)),
                    bytes: Number(meta.get(metaKeys.pullTotalBytes) ?? 0),
                  }
                : null,
            }
          : null,
    };
  });
}

/** Statements that record a page's position; they commit in the page's own transaction. */
export function savePosition(position: PullPosition): SqlStatement[] {
  return [
    setMeta(metaKeys.pullSince, position.since),
    setMeta(metaKeys.pullNext, position.next),
    setMeta(metaKeys.pullRows, position.rows),
    setMeta(metaKeys.pullPages, position.pages),
    setMeta(metaKeys.pullBytes, position.bytes),
    ...(position.estimate
      ? [
          setMeta(metaKeys.pullTotalRecords, position.estimate.records),
          setMeta(metaKeys.pullTotalBytes, position.estimate.bytes),
        ]
      : []),
  ];
}

/** The meta keys of a pull in progress. */
const positionKeys = [
  metaKeys.pullSince,
  metaKeys.pullNext,
  metaKeys.pullRows,
  metaKeys.pullPages,
  metaKeys.pullBytes,
  metaKeys.pullTotalRecords,
  metaKeys.pullTotalBytes,
] as const;

/** Statements that end a pull: the new `last_pulled_at`, and no position left. */
export function finishPull(timestamp: number): SqlStatement[] {
  return [setMeta(metaKeys.lastPulledAt, timestamp), deleteMeta(...positionKeys)];
}

/** Statements that forget a position the server no longer accepts. */
export function forgetPosition(): SqlStatement[] {
  return [deleteMeta(...positionKeys)];
}
