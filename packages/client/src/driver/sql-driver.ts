/** A value SQLite stores and returns: booleans travel as 0/1. */
export type SqlValue = string | number | null;

/** Parameter lists of one statement, one a run. */
export type SqlRows = readonly (readonly SqlValue[])[];

/**
 * One statement of a batch. With `params` it runs once; with `rows` it runs
 * once per parameter list, prepared once; with `packed`, once per row of
 * those rows packed into one buffer (packed-rows.ts, what a browser's page
 * reader makes of a pulled page). A driver in a Web Worker receives a whole
 * page as a handful of these in one message, its packed buffers transferred.
 */
export type SqlStatement =
  | { readonly sql: string; readonly params?: readonly SqlValue[] }
  | { readonly sql: string; readonly rows: SqlRows }
  | { readonly sql: string; readonly packed: ArrayBuffer };

/**
 * What the store needs from SQLite. Every call may be a message round trip
 * (SQLite WASM in a worker), so the store keeps calls few: a sync page is
 * one `batch`, plus at most one `query` per table with deletions.
 *
 * Contract:
 * - `query` runs one statement that returns rows, as objects keyed by column name.
 * - `batch` runs its statements in order inside one transaction: all commit or
 *   none do (a failed statement rolls the batch back and the promise rejects
 *   with the driver's error). A crash during a batch leaves none of it.
 * - Calls are not reentrant and need no locking of their own: the store never
 *   starts a batch while another is running.
 * - `shared` is present when other processes (browser tabs) use the same
 *   database at the same time; the store and the engine then coordinate
 *   with them through it.
 */
export interface SqlDriver {
  query<Row extends object = Record<string, SqlValue>>(
    sql: string,
    params?: readonly SqlValue[],
  ): Promise<Row[]>;
  batch(statements: readonly SqlStatement[]): Promise<void>;
  close(): Promise<void>;
  readonly shared?: SharedDatabase;
}

/**
 * What a database used by several processes at once offers, so that each
 * process's store behaves as if it were alone:
 * - `exclusive('write', work)`: no other process writes while `work` runs
 *   (a store transaction reads, then writes; a pulled page is merged with
 *   the rows it read);
 * - `exclusive('sync', work)`: no other process syncs while `work` runs (a
 *   pull stores its position, a push marks what it sent);
 * - `announce(tables)` tells the others which tables a commit changed, and
 *   `listen` hears what they announce (never one's own announcements).
 */
export interface SharedDatabase {
  exclusive<T>(lock: 'write' | 'sync', work: () => Promise<T>): Promise<T>;
  announce(tables: readonly string[]): void;
  listen(listener: (tables: readonly string[]) => void): () => void;
}
