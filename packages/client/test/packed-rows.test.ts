import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runBatch, runQuery } from '../src/browser/sql-executor.js';
import type { Oo1Database } from '../src/browser/sql-executor.js';
import { WasmRowWriter } from '../src/browser/wasm-row-writer.js';
import { packRows, packedShape, unpackRows } from '../src/driver/packed-rows.js';
import type { SqlStatement, SqlValue } from '../src/driver/sql-driver.js';
import { createNodeDriver } from '../src/node.js';

// A pulled page's rows as the browser's page reader packs them: every value
// comes back as it went in, whichever engine binds it.
const value: fc.Arbitrary<SqlValue> = fc.oneof(
  fc.constant(null),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 60, maxLength: 300 }),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true }).filter((n) => !Object.is(n, -0)),
);
const rowSets = fc
  .integer({ min: 1, max: 6 })
  .chain((width) =>
    fc.array(fc.array(value, { minLength: width, maxLength: width }), { maxLength: 40 }),
  );

describe('packed rows', () => {
  it('unpack to the rows that were packed', () => {
    fc.assert(
      fc.property(rowSets, (rows) => {
        const packed = packRows(rows);
        expect(packedShape(packed)).toEqual({ rows: rows.length, width: rows[0]?.length ?? 0 });
        expect(unpackRows(packed)).toEqual(rows);
      }),
    );
  });

  it('store in SQLite WASM and in better-sqlite3 exactly what the same rows store there', async () => {
    const sqlite3 = await sqlite3InitModule();
    const writer = new WasmRowWriter(sqlite3);
    await fc.assert(
      fc.asyncProperty(rowSets, async (rows) => {
        const width = rows[0]?.length ?? 1;
        const create = `CREATE TABLE t (${Array.from({ length: width }, (_, i) => `c${i}`).join(', ')})`;
        const insert = `INSERT INTO t VALUES (${Array(width).fill('?').join(', ')})`;
        const read = `SELECT ${Array.from({ length: width }, (_, i) => `c${i}, typeof(c${i}) AS t${i}`).join(', ')} FROM t ORDER BY rowid`;

        const wasm = (
          statement: { sql: string; rows: SqlValue[][] } | { sql: string; packed: ArrayBuffer },
        ) => {
          const db = new sqlite3.oo1.DB(':memory:', 'c') as unknown as Oo1Database;
          try {
            runBatch(db, writer, [{ sql: create }, statement]);
            return runQuery(db, read, []);
          } finally {
            db.close();
          }
        };
        const fromRows = wasm({ sql: insert, rows });
        expect(wasm({ sql: insert, packed: packRows(rows) })).toEqual(fromRows);

        // better-sqlite3 binds every number as a real where SQLite WASM binds integers: each engine against itself.
        const node = async (statement: SqlStatement) => {
          const driver = createNodeDriver({});
          try {
            await driver.batch([{ sql: create }, statement]);
            return await driver.query(read);
          } finally {
            await driver.close();
          }
        };
        expect(await node({ sql: insert, packed: packRows(rows) })).toEqual(
          await node({ sql: insert, rows }),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('refuse rows of different lengths', () => {
    expect(() => packRows([['a'], ['b', 1]])).toThrow(/same length/);
  });
});
