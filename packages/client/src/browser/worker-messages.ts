import type { SqlStatement, SqlValue } from '../driver/sql-driver.js';
import type { ErrorCode } from '../errors.js';
import type { AnswerContext, PreparedRequest } from '../sync/http-client.js';

/** Where the database lives: OPFS (kept across reloads) or memory (lost when the app closes). */
export type StorageKind = 'opfs' | 'memory';

/**
 * One call on a database file, as the tab that holds the database (the
 * leader) runs it: for its own page, or for another tab's worker. A batch
 * carries a `key` so that one resent after a change of leader is applied
 * at most once.
 */
export type DatabaseRequest =
  | { readonly type: 'open'; readonly file: string }
  | {
      readonly type: 'query';
      readonly file: string;
      readonly sql: string;
      readonly params: readonly SqlValue[];
    }
  | {
      readonly type: 'batch';
      readonly file: string;
      readonly key: string;
      readonly statements: readonly SqlStatement[];
    }
  | { readonly type: 'delete'; readonly file: string };

/** A message from the page to its database worker; `id` pairs it with its answer. */
export type WorkerRequest =
  (DatabaseRequest & { readonly id: number }) | { readonly id: number; readonly type: 'close' };

/**
 * To the page fetch worker: `readers` gives it the ports of its page reader
 * workers (first, once); `pull` fetches and reads a page (answered with a
 * PulledPage, its packed rows transferred); `abort` stops pull number
 * `pull` (the sync was stopped). Only `pull` is answered.
 */
export type FetchRequest =
  | { readonly type: 'readers'; readonly ports: readonly MessagePort[] }
  | {
      readonly id: number;
      readonly type: 'pull';
      readonly pull: number;
      readonly request: PreparedRequest;
    }
  | { readonly type: 'abort'; readonly pull: number };

/** To a page reader worker, on its port: a page's body (transferred) to read. */
export interface ReadRequest {
  readonly id: number;
  readonly body: ArrayBuffer;
  readonly context: AnswerContext;
}

/** What `open` answers: where the data lives, and why not OPFS when it could not be used. */
export interface OpenResult {
  readonly storage: StorageKind;
  readonly warning: string | null;
  readonly sqliteVersion: string;
}

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | {
      readonly id: number;
      readonly ok: false;
      readonly error: string;
      /** A ClinicSyncError's code and details, rethrown as one in the page. */
      readonly code?: ErrorCode;
      readonly details?: unknown;
      readonly status?: number;
    };

/**
 * What the database workers of all tabs say to each other on one
 * BroadcastChannel: a follower's request, the leader's answer to it (every
 * follower hears it; only `to` takes it), and a new leader's arrival (each
 * follower then sends again what is still unanswered).
 */
export type ChannelMessage =
  | {
      readonly kind: 'request';
      readonly from: string;
      readonly id: number;
      readonly request: DatabaseRequest;
    }
  | ({ readonly kind: 'response'; readonly to: string } & WorkerResponse)
  | { readonly kind: 'leader'; readonly id: string };

/** The BroadcastChannel of the database workers, and the Web Lock its leader holds. */
export const databaseChannelName = 'clinicsync-sqlite';
export const leaderLockName = 'clinicsync-sqlite-leader';
