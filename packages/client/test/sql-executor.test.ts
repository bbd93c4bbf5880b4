import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createBatchLog,
  registerSearchFunctions,
  runBatch,
  runQuery,
} from '../src/browser/sql-executor.js';
import type { Oo1Database } from '../src/browser/sql-executor.js';
import { WasmRowWriter } from '../src/browser/wasm-row-writer.js';
import { packRows } from '../src/driver/packed-rows.js';
import { openStore } from '../src/index.js';
import type { SqlDriver, SqlStatement, SqlValue } from '../src/index.js';

// The worker's logic on the same SQLite WASM build, in memory (its Node build).
let newDb: () => Oo1Database;
let writer: WasmRowWriter;

beforeAll(async () => {
  const sqlite3 = await sqlite3InitModule();
  writer = new WasmRowWriter(sqlite3);
  newDb = () => {
    const db = new sqlite3.oo1.DB(':memory:', 'c') as unknown as Oo1Database;
    registerSearchFunctions(db);
    return db;
  };
});

/** `rows` for `sql` as a statement with `rows`, or packed as the page reader packs a pulled page. */
function rowsOf(sql: string, rows: SqlValue[][], kind: 'rows' | 'packed'): SqlStatement {
  return kind === 'rows' ? { sql, rows } : { sql, packed: packRows(rows) };
}

/** The worker driver's calls, without the worker. */
function inProcessDriver(db: Oo1Database): SqlDriver {
  return {
    query: async <Row extends object>(sql: string, params: readonly SqlValue[] = []) =>
      runQuery(db, sql, params) as unknown as Row[],
    batch: async (statements: readonly SqlStatement[]) => {
      runBatch(db, writer, statements);
    },
    close: async () => db.close(),
  };
}

describe('the SQLite WASM executor', () => {
  it('runs a batch with per-row statements and reads rows as objects', () => {
    const db = newDb();
    runBatch(db, writer, [
      { sql: 'CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, x REAL)' },
      {
        sql: 'INSERT INTO t VALUES (?, ?, ?)',
        rows: [
          ['a', 1, 1.5],
          ['b', 1_700_000_000_000, null],
        ],
      },
      { sql: 'UPDATE t SET n = n + ? WHERE id = ?', params: [1, 'a'] },
    ]);
    expect(runQuery(db, 'SELECT * FROM t ORDER BY id', [])).toEqual([
      { id: 'a', n: 2, x: 1.5 },
      { id: 'b', n: 1_700_000_000_000, x: null },
    ]);
  });

  it('rolls the whole batch back when one statement fails', () => {
    const db = newDb();
    runBatch(db, writer, [{ sql: 'CREATE TABLE t (id TEXT PRIMARY KEY)' }]);
    expect(() =>
      runBatch(db, writer, [
        { sql: 'INSERT INTO t VALUES (?)', params: ['a'] },
        { sql: 'INSERT INTO t VALUES (?)', rows: [['b'], ['a']] },
      ]),
    ).toThrow(/UNIQUE/);
    expect(runQuery(db, 'SELECT count(*) AS n FROM t', [])).toEqual([{ n: 0 }]);
    runBatch(db, writer, [{ sql: 'INSERT INTO t VALUES (?)', params: ['c'] }]);
    expect(runQuery(db, 'SELECT id FROM t', [])).toEqual([{ id: 'c' }]);
  });

  it('applies a keyed batch once: one resent to a new leader is skipped', () => {
    const db = newDb();
    createBatchLog(db);
    runBatch(db, writer, [{ sql: 'CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER)' }]);
    const insert = [{ sql: 'INSERT INTO t VALUES (?, ?)', params: ['a', 1] }];
    expect(runBatch(db, writer, insert, 'key-1')).toBe(true);
    expect(runBatch(db, writer, insert, 'key-1')).toBe(false);
    expect(runQuery(db, 'SELECT id, n FROM t', [])).toEqual([{ id: 'a', n: 1 }]);
    // A batch that fails leaves no key behind: sent again, it runs.
    expect(() =>
      runBatch(
        db,
        writer,
        [
          {
            sql: 'INSERT INTO t VALUES (?, ?)',
            rows: [
              ['b', 2],
              ['a', 3],
            ],
          },
        ],
        'key-2',
      ),
    ).toThrow(/UNIQUE/);
    expect(
      runBatch(db, writer, [{ sql: 'INSERT INTO t VALUES (?, ?)', params: ['b', 2] }], 'key-2'),
    ).toBe(true);
    expect(runQuery(db, 'SELECT count(*) AS n FROM t', [])).toEqual([{ n: 2 }]);
  });

  it('keeps the latest 1,000 keys only', () => {
    const db = newDb();
    createBatchLog(db);
    for (let i = 0; i < 1005; i++) runBatch(db, writer, [], `k${i}`);
    expect(runQuery(db, 'SELECT count(*) AS n FROM _clinicsync_batches', [])).toEqual([
      { n: 1000 },
    ]);
    expect(runBatch(db, writer, [], 'k1004')).toBe(false);
    expect(runBatch(db, writer, [], 'k0')).toBe(true);
  });

  it.each(['rows', 'packed'] as const)(
    'binds every kind of value in place from %s: any text, integers beyond 32 bits, reals, nulls',
    (kind) => {
      const db = newDb();
      runBatch(db, writer, [
        { sql: 'CREATE TABLE v (id TEXT PRIMARY KEY, n INTEGER, x REAL, s TEXT)' },
      ]);
      // Text long enough to outgrow the scratch buffer more than once, between short ones.
      const long = 'ئ'.repeat(70_000) + 'é';
      const rows = [
        ['ascii', 0, 0.5, 'plain'],
        ['arabic', -2_147_483_649, -1.25, 'فاطمة الزهراء'],
        ['astral', 2 ** 53 - 1, 1e-300, 'Ñoño 👩🏽‍⚕️ 𝔘'],
        ['long', 1_700_000_000_000, null, long],
        ['empty', null, 3, ''],
        ['after', 2_147_483_647, Number.MAX_VALUE, 'short again'],
        // Short ASCII is copied unit by unit; one that turns out not to be is encoded over it.
        ['ascii then not', 1, 1, `${'a'.repeat(62)}é`],
        ['ascii at the limit', 2, 2, 'b'.repeat(64)],
        ['ascii past it', 3, 3, `${'c'.repeat(65)}\u007f`],
      ];
      runBatch(db, writer, [rowsOf('INSERT INTO v VALUES (?, ?, ?, ?)', rows, kind)]);
      const read = runQuery(db, 'SELECT id, n, x, s, typeof(n) AS nt FROM v ORDER BY rowid', []);
      expect(read.map((r) => [r['id'], r['n'], r['x'], r['s']])).toEqual(rows);
      expect(read.map((r) => r['nt'])).toEqual([
        'integer',
        'integer',
        'integer',
        'integer',
        'null',
        'integer',
        'integer',
        'integer',
        'integer',
      ]);
    },
  );

  it.each(['rows', 'packed'] as const)(
    "names SQLite's error for a failing row from %s and leaves the statement usable",
    (kind) => {
      const db = newDb();
      runBatch(db, writer, [{ sql: 'CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL)' }]);
      const insert = 'INSERT INTO t VALUES (?, ?)';
      expect(() =>
        runBatch(db, writer, [
          rowsOf(
            insert,
            [
              ['a', 1],
              ['b', null],
            ],
            kind,
          ),
        ]),
      ).toThrow(/SQLITE_CONSTRAINT_NOTNULL: NOT NULL constraint failed: t\.n/);
      expect(() => runBatch(db, writer, [rowsOf(insert, [['a', 1, 'extra']], kind)])).toThrow(
        /SQLITE_RANGE/,
      );
      runBatch(db, writer, [rowsOf(insert, [['c', 3]], kind)]);
      expect(runQuery(db, 'SELECT id, n FROM t', [])).toEqual([{ id: 'c', n: 3 }]);
    },
  );

  it("carries the SDK's store: create, search, count pending", async () => {
    const store = await openStore(inProcessDriver(newDb()));
    const patient = await store.create('patients', {
      given_name: 'Amina',
      surname: 'Haddad',
      phone: '+961 1 555',
    });
    expect((await store.searchPatients('ami had')).map((p) => p.id)).toEqual([patient.id]);
    expect(await store.searchPatients('+961')).toHaveLength(1);
    expect(await store.unsyncedCounts()).toEqual({ patients: 1 });
    await store.close();
  });

  it('finds patients by name prefix among 20,000', async () => {
    const store = await openStore(inProcessDriver(newDb()));
    const names = ['Amina', 'Omar', 'Layla', 'Yusuf', 'Maryam', 'Karim', 'Nour', 'Hassan'];
    await store.transaction(async (tx) => {
      for (let i = 0; i < 20_000; i++) {
        await tx.create('patients', {
          given_name: `${names[i % names.length]}${i}`,
          surname: `Surname${i % 997}`,
          phone: `+961${String(i).padStart(7, '0')}`,
        });
      }
    });
    const found = await store.searchPatients('layla1 surname1', { limit: 50 });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => p.given_name?.startsWith('Layla1'))).toBe(true);
    await store.close();
  });
});
