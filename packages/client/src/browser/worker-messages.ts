import type { SqlStatement, SqlValue } from '../driver/sql-driver.js';

/** Where the worker keeps the database: OPFS (kept across reloads) or memory (lost on reload). */
export type StorageKind = 'opfs' | 'memory';

/** A request from the page to the database worker; `id` pairs it with its answer. */
export type WorkerRequest =
  | { readonly id: number; readonly type: 'open'; readonly file: string }
  | {
      readonly id: number;
      readonly type: 'query';
      readonly sql: string;
      readonly params: readonly SqlValue[];
    }
  | { readonly id: number; readonly type: 'batch'; readonly statements: readonly SqlStatement[] }
  | { readonly id: number; readonly type: 'close' };

/** What `open` answers: where the data lives, and why not OPFS when it could not be used. */
export interface OpenResult {
  readonly storage: StorageKind;
  readonly warning: string | null;
  readonly sqliteVersion: string;
}

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };
