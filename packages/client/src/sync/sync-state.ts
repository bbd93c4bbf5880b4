import type { SqlStatement } from '../driver/sql-driver.js';
import { deleteMeta, metaKeys, readMeta, setMeta } from '../store/local-meta.js';
import type { StoreInternals } from '../store/store-internals.js';

/** A paged pull that stopped before its last page: where to go on. */
export interface PullPosition {
  /** The `last_pulled_at` the pull was started from. */
  readonly since: number;
  /** The `next` token of the last applied page. */
  readonly next: string;
  /** Rows and pages applied so far by this pull. */
  readonly rows: number;
  readonly pages: number;
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
  ];
}

/** Statements that end a pull: the new `last_pulled_at`, and no position left. */
export function finishPull(timestamp: number): SqlStatement[] {
  return [
    setMeta(metaKeys.lastPulledAt, timestamp),
    deleteMeta(metaKeys.pullSince, metaKeys.pullNext, metaKeys.pullRows, metaKeys.pullPages),
  ];
}

/** Statements that forget a position the server no longer accepts. */
export function forgetPosition(): SqlStatement[] {
  return [deleteMeta(metaKeys.pullSince, metaKeys.pullNext, metaKeys.pullRows, metaKeys.pullPages)];
}
