import type { TableName } from '@clinicsync/schema';

/** How the device proves who it is: a token from `signIn`, or the user's email and password. */
export type SyncAuth =
  | { readonly type: 'bearer'; readonly token: string }
  | { readonly type: 'basic'; readonly email: string; readonly password: string };

export interface RetryOptions {
  /** Attempts after the first one, per request (default 5). */
  readonly retries?: number;
  /** First back-off delay; each retry doubles it, with full jitter (default 500 ms). */
  readonly baseDelayMs?: number;
  /** Longest back-off delay (default 30 s). */
  readonly maxDelayMs?: number;
  /** A `Retry-After` longer than this fails the sync with `too_many_requests` instead of waiting (default 60 s). */
  readonly maxRetryAfterMs?: number;
}

export interface SyncEngineOptions {
  /** The server's base URL, e.g. `https://sync.example.org`. */
  readonly serverUrl: string;
  /** Credentials, or a function asked before each request (for a token that can change). */
  readonly auth: SyncAuth | (() => SyncAuth | Promise<SyncAuth>);
  /** Rows per pulled page, all tables together (default 5000; the server allows up to 50,000). */
  readonly pageSize?: number;
  /**
   * About how long one page should take to arrive, in seconds (default 3).
   * On a slow link pages shrink below `pageSize` (to 250 rows at least), so
   * progress moves and a cut connection loses little; 0 keeps every page at
   * `pageSize`.
   */
  readonly pageSeconds?: number;
  /** Largest push body in bytes; bigger pushes are split (default 32 MiB, the server's MAX_BODY_MB). */
  readonly maxPushBytes?: number;
  readonly retry?: RetryOptions;
  /** Time allowed for one request, answer included (default 120 s). */
  readonly requestTimeoutMs?: number;
  /** The fetch to use (default the global one). */
  readonly fetch?: typeof fetch;
}

/**
 * Why the server refused a record (PROTOCOL.md, "Scope"): `forbidden` (a
 * permission flag missing in the record's clinic), `out_of_scope` (not one of
 * the user's clinics or patients), `server_managed` (a table only
 * administrators change).
 */
export type RejectionReason = 'forbidden' | 'out_of_scope' | 'server_managed';

export const rejectionReasons: readonly RejectionReason[] = [
  'forbidden',
  'out_of_scope',
  'server_managed',
];

/**
 * A record the server refused, with its reason exactly as the server sent
 * it: one of RejectionReason, or the words of an older server or another
 * WatermelonDB backend ('refused by the server' when it gave none).
 */
export interface RejectedRecord {
  readonly table: string;
  readonly id: string;
  readonly reason: string;
}

/** Where a sync stands, for a progress bar. */
export interface SyncProgress {
  readonly phase: 'pull' | 'push' | 'done';
  /** Records pulled and applied so far in this sync. */
  readonly pulled: number;
  /**
   * Records this sync's pull will bring in all, from the server's estimate
   * (less what an interrupted pull applied before): null when the server
   * gave none. Records written on the server during the pull may add a few.
   */
  readonly pullTotal: number | null;
  /** Bytes of pull answers received so far in this sync. */
  readonly pulledBytes: number;
  /** About how many bytes this sync's pull will receive in all, or null. */
  readonly pullBytesTotal: number | null;
  /** About how many seconds the pull has left, from its pace so far; null before a page or a total. */
  readonly pullSecondsLeft: number | null;
  /** Pages applied so far. */
  readonly pages: number;
  /**
   * Records the pull removed from this device so far (deleted on the server,
   * or out of the user's scope now); deletes of rows the device never had
   * are not counted.
   */
  readonly removed: number;
  /** Records sent so far. */
  readonly pushed: number;
  /** Records waiting to be pushed when the push began (null before it). */
  readonly pushTotal: number | null;
}

/** Where every sync starts. */
export const startingProgress: SyncProgress = {
  phase: 'pull',
  pulled: 0,
  pullTotal: null,
  pulledBytes: 0,
  pullBytesTotal: null,
  pullSecondsLeft: null,
  pages: 0,
  removed: 0,
  pushed: 0,
  pushTotal: null,
};

export interface TableCounts {
  created: number;
  updated: number;
  deleted: number;
}

/** What one sync did. */
export interface SyncReport {
  /** Records applied from the server, per table and kind (as the server classified them). */
  readonly pulled: Partial<Record<TableName, TableCounts>>;
  /** Records the server accepted, per table and kind. */
  readonly pushed: Partial<Record<TableName, TableCounts>>;
  /**
   * Records the server refused, each with the server's `reason` as it sent
   * it (`forbidden`, `out_of_scope`, `server_managed`, or an older server's
   * words); they stay pending on the device, except edits of records already
   * removed by a pull, which the server keeps in its conflict log.
   */
  readonly rejected: readonly RejectedRecord[];
  /**
   * Local edits of records the pull removed (deleted on the server, or out of
   * the user's scope now): gone from the device, sent to the server's
   * conflict log by the push.
   */
  readonly discarded: readonly { readonly table: TableName; readonly id: string }[];
  /** Records the pull removed from this device, all tables together (see SyncProgress.removed). */
  readonly removed: number;
  /**
   * Ids of the patients the pull removed from this device: they left the
   * user's scope (no longer registered at or seen in the user's clinics, or
   * no longer followed) or were deleted on the server. `store.departedPatient(id)`
   * keeps their last name and when they left.
   */
  readonly departedPatients: readonly string[];
  readonly pages: number;
  /** Push requests sent. */
  readonly pushes: number;
  /** True when the pull continued one that an earlier sync left unfinished. */
  readonly resumed: boolean;
  /** The pull's timestamp, now the device's `last_pulled_at`. */
  readonly lastPulledAt: number;
  readonly durationMs: number;
}
