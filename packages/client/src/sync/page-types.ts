import type { TableName } from '@clinicsync/schema';
import type { SqlRows } from '../driver/sql-driver.js';

/** One table of a pulled page, its rows checked and encoded for SQLite. */
export interface PageTable {
  readonly name: TableName;
  readonly created: number;
  readonly updated: number;
  /**
   * The created and updated rows as `[id, ...columns]` (mergeRemoteRowSql's
   * order), or, where a PageStager read the page, those rows packed
   * (packed-rows.ts).
   */
  readonly upserts: SqlRows | { readonly packed: ArrayBuffer };
  /** For `patients`, the ids of `upserts` in order (the search index and departures need them); empty otherwise. */
  readonly patientIds: readonly string[];
  readonly deletedIds: readonly string[];
}

/** One page of a pull, checked and encoded, ready to be applied. */
export interface PulledPage {
  readonly tables: readonly PageTable[];
  readonly timestamp: number;
  /** The token of the next page, or null when this page is the last. */
  readonly next: string | null;
  /** What the whole pull holds, as a first page may say (PROTOCOL.md, "Paged pull"). */
  readonly estimate: { readonly records: number; readonly bytes: number } | null;
  /** The page's size as received, in bytes. */
  readonly bytes: number;
}
