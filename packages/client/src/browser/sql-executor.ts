import type { SqlStatement, SqlValue } from '../driver/sql-driver.js';
import { searchFunctions, textArgument } from '../search/search-functions.js';
import type { RowWriter } from './wasm-row-writer.js';

/**
 * The part of SQLite WASM's oo1 `DB` the executor uses; also what the Node
 * build of SQLite WASM offers, so the executor is tested without a browser.
 */
export interface Oo1Database {
  exec(
    sqlOrOptions:
      | string
      | {
          sql: string;
          bind?: readonly SqlValue[];
          rowMode: 'object';
          returnValue: 'resultRows';
        },
  ): unknown;
  prepare(sql: string): Oo1Statement;
  createFunction(options: {
    name: string;
    xFunc: (context: number, ...values: unknown[]) => unknown;
    arity: number;
    deterministic: boolean;
  }): unknown;
  close(): void;
}

export interface Oo1Statement {
  /** The C statement, for the row writer; undefined once finalized. */
  readonly pointer: number | undefined;
  bind(values: readonly SqlValue[]): unknown;
  stepReset(): unknown;
  clearBindings(): unknown;
  finalize(): unknown;
}

function toSqlValue(value: unknown): SqlValue {
  // Integers beyond 2^53 come back as BigInt; the schema never stores them,
  // but a number keeps the SqlValue contract if one ever appears.
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return null;
  return value as SqlValue;
}

/** Runs one statement that returns rows, as objects keyed by column name. */
export function runQuery(
  db: Oo1Database,
  sql: string,
  params: readonly SqlValue[],
): Record<string, SqlValue>[] {
  const rows = db.exec(
    params.length > 0
      ? { sql, bind: params, rowMode: 'object', returnValue: 'resultRows' }
      : { sql, rowMode: 'object', returnValue: 'resultRows' },
  ) as Record<string, unknown>[];
  for (const row of rows) {
    for (const key of Object.keys(row)) row[key] = toSqlValue(row[key]);
  }
  return rows as Record<string, SqlValue>[];
}

/** Registers the SQL functions the patient search index is written with; run on every open. */
export function registerSearchFunctions(db: Oo1Database): void {
  for (const { name, apply } of searchFunctions) {
    db.createFunction({
      name,
      xFunc: (_context, value) => apply(textArgument(value)),
      arity: 1,
      deterministic: true,
    });
  }
}

/** Keys of the latest batches applied, so a batch resent after a change of leader is skipped. */
const batchLog = '_clinicsync_batches';
const batchLogKept = 1000;

/** Creates the log of applied batch keys; run once when a database is opened. */
export function createBatchLog(db: Oo1Database): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${batchLog} (n INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)`,
  );
}

/**
 * Runs statements in order in one transaction: all commit or, when one
 * fails, none do and the error is rethrown. A statement with `rows` or
 * `packed` is prepared once and run once per row by `writer`.
 *
 * With `key` (the database needs `createBatchLog`), a batch whose key was
 * applied already is skipped and `false` returned: a tab resends its batch
 * when the tab that held the database closed before answering, and cannot
 * know whether it was committed. The key commits with the batch.
 */
export function runBatch(
  db: Oo1Database,
  writer: RowWriter,
  statements: readonly SqlStatement[],
  key?: string,
): boolean {
  db.exec('BEGIN IMMEDIATE');
  try {
    if (key !== undefined) {
      const seen = runQuery(db, `SELECT 1 AS seen FROM ${batchLog} WHERE key = ?`, [key]);
      if (seen.length > 0) {
        db.exec('COMMIT');
        return false;
      }
    }
    for (const statement of statements) {
      if ('rows' in statement) {
        const prepared = db.prepare(statement.sql);
        try {
          writer.runRows(prepared, statement.rows);
        } finally {
          prepared.finalize();
        }
      } else if ('packed' in statement) {
        const prepared = db.prepare(statement.sql);
        try {
          writer.runPacked(prepared, statement.packed);
        } finally {
          prepared.finalize();
        }
      } else if (statement.params !== undefined && statement.params.length > 0) {
        const prepared = db.prepare(statement.sql);
        try {
          prepared.bind(statement.params);
          prepared.stepReset();
        } finally {
          prepared.finalize();
        }
      } else {
        db.exec(statement.sql);
      }
    }
    if (key !== undefined) {
      db.exec({
        sql: `INSERT INTO ${batchLog} (key) VALUES (?)`,
        bind: [key],
        rowMode: 'object',
        returnValue: 'resultRows',
      });
      db.exec(
        `DELETE FROM ${batchLog} WHERE n <= (SELECT max(n) FROM ${batchLog}) - ${batchLogKept}`,
      );
    }
    db.exec('COMMIT');
    return true;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
