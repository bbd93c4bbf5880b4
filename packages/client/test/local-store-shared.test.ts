import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSearchFunctions, runBatch, runQuery } from '../src/browser/sql-executor.js';
import type { Oo1Database } from '../src/browser/sql-executor.js';
import { WasmRowWriter } from '../src/browser/wasm-row-writer.js';
import { openStore } from '../src/index.js';
import type { SharedDatabase, SqlDriver, SqlStatement, SqlValue } from '../src/index.js';

// Two stores on one database, as two browser tabs are: the same SQLite
// database behind both drivers, and what the tabs share (one lock per name,
// and announcements heard by every other store).
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

function tabs(db: Oo1Database): () => SqlDriver {
  const locks = new Map<string, Promise<unknown>>();
  const listeners = new Set<{
    readonly tab: number;
    readonly hear: (t: readonly string[]) => void;
  }>();
  let tabCount = 0;
  return () => {
    const tab = ++tabCount;
    const shared: SharedDatabase = {
      exclusive<T>(lock: 'write' | 'sync', work: () => Promise<T>): Promise<T> {
        const result = (locks.get(lock) ?? Promise.resolve()).then(work);
        locks.set(
          lock,
          result.catch(() => undefined),
        );
        return result;
      },
      announce(tables) {
        for (const listener of listeners) if (listener.tab !== tab) listener.hear(tables);
      },
      listen(hear) {
        const listener = { tab, hear };
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    return {
      shared,
      query: async <Row extends object>(sql: string, params: readonly SqlValue[] = []) =>
        runQuery(db, sql, params) as unknown as Row[],
      batch: async (statements: readonly SqlStatement[]) => {
        runBatch(db, writer, statements);
      },
      close: async () => undefined,
    };
  };
}

describe('two stores sharing one database (two tabs)', () => {
  it("never stamp the same _rev, so a push never marks the other tab's edit as synced", async () => {
    const openTab = tabs(newDb());
    const first = await openStore(openTab());
    const second = await openStore(openTab());
    const a = await first.create('patients', { given_name: 'Amina' });
    const b = await second.create('patients', { given_name: 'Omar' });
    await first.update('patients', b.id, { surname: 'Nasser' });
    await second.update('patients', a.id, { surname: 'Haddad' });
    const revs = await openTab().query<{ id: string; _rev: number }>(
      'SELECT id, _rev FROM patients ORDER BY _rev',
    );
    expect(revs.map((r) => r._rev)).toEqual([3, 4]);
    expect(revs.map((r) => r.id)).toEqual([b.id, a.id]);
    await first.close();
    await second.close();
  });

  it("hears the other store's writes, and never its own twice", async () => {
    const openTab = tabs(newDb());
    const first = await openStore(openTab());
    const second = await openStore(openTab());
    const heardBySecond: string[][] = [];
    const heardByFirst: string[][] = [];
    second.subscribe(['patients', 'visits'], (tables) => heardBySecond.push([...tables]));
    first.subscribe(['patients', 'visits'], (tables) => heardByFirst.push([...tables]));
    const patient = await first.create('patients', { given_name: 'Layla' });
    await first.create('visits', { patient_id: patient.id });
    expect(heardBySecond).toEqual([['patients'], ['visits']]);
    expect(heardByFirst).toEqual([['patients'], ['visits']]);
    const names: string[] = [];
    const stop = second.observe('patients', {}, (rows) =>
      names.push(rows.map((p) => p.given_name).join(',')),
    );
    await first.create('patients', { given_name: 'Yusuf' });
    await expect.poll(() => names.at(-1)).toBe('Layla,Yusuf');
    stop();
    await first.close();
    await second.close();
  });
});
