// The database itself, in the worker of the tab that holds it (the leader):
// SQLite WASM on OPFS through the opfs-sahpool VFS, which needs no COOP/COEP
// headers but only works in a dedicated worker and in one of them at a time.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { createBatchLog, registerSearchFunctions, runBatch, runQuery } from './sql-executor.js';
import type { Oo1Database } from './sql-executor.js';
import { WasmRowWriter } from './wasm-row-writer.js';
import type { DatabaseRequest, OpenResult } from './worker-messages.js';

type Sqlite3 = Awaited<ReturnType<typeof sqlite3InitModule>>;
type Pool = Awaited<ReturnType<Sqlite3['installOpfsSAHPoolVfs']>>;

interface OpenFile {
  readonly db: Oo1Database;
  readonly writer: WasmRowWriter;
  readonly result: OpenResult;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs the calls of every tab on the database files, strictly one at a
 * time in the order they arrive. Files open on first use and stay open
 * until the worker closes (or the file is deleted).
 */
export class DatabaseHost {
  private sqlite3: Promise<Sqlite3> | null = null;
  private pool: Pool | null = null;
  private poolError: unknown = null;
  private readonly files = new Map<string, OpenFile>();
  /** Files deleted by this host: a late call from a tab still showing one must not bring it back. */
  private readonly deleted = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  handle(request: DatabaseRequest): Promise<unknown> {
    const result = this.queue.then(() => this.run(request));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Closes every file once the calls already queued are done, and lets go
   * of the OPFS files so the next leader can open them at once.
   */
  close(): Promise<void> {
    const done = this.queue.then(() => {
      for (const file of this.files.values()) {
        file.db.close();
        file.writer.dispose();
      }
      this.files.clear();
      // pauseVfs lets go of the access handles (removeVfs would delete every file).
      this.pool?.pauseVfs();
      this.pool = null;
    });
    this.queue = done.catch(() => undefined);
    return done;
  }

  private async run(request: DatabaseRequest): Promise<unknown> {
    switch (request.type) {
      case 'open':
        this.deleted.delete(request.file);
        return (await this.open(request.file)).result;
      case 'query':
        return runQuery((await this.use(request.file)).db, request.sql, request.params);
      case 'batch': {
        const { db, writer } = await this.use(request.file);
        runBatch(db, writer, request.statements, request.key);
        return null;
      }
      case 'delete':
        await this.delete(request.file);
        return null;
    }
  }

  private async use(file: string): Promise<OpenFile> {
    if (this.deleted.has(file)) {
      throw new Error('The local database was deleted (signed out in another tab).');
    }
    return this.open(file);
  }

  private async open(file: string): Promise<OpenFile> {
    const known = this.files.get(file);
    if (known) return known;
    const sqlite3 = await this.init();
    const sqliteVersion = sqlite3.version.libVersion;
    const pool = await this.installPool(sqlite3);
    const writer = new WasmRowWriter(sqlite3);
    let opened: OpenFile;
    if (pool) {
      const db = new pool.OpfsSAHPoolDb(file) as unknown as Oo1Database;
      // A pulled page's transaction writes several MB: with SQLite's 2 MB
      // cache it spilled pages to OPFS mid-transaction, and each commit
      // deleted and made again its journal file. A 32 MB cache (taken only
      // as used) and a journal kept between commits, as safe as DELETE: the
      // web app's first sync of a 20,000-patient clinic 19.2 s → 17.1 s.
      db.exec('PRAGMA cache_size = -32768');
      db.exec('PRAGMA journal_mode = TRUNCATE');
      opened = { db, writer, result: { storage: 'opfs', warning: null, sqliteVersion } };
    } else {
      const db = new sqlite3.oo1.DB(':memory:', 'c') as unknown as Oo1Database;
      opened = {
        db,
        writer,
        result: {
          storage: 'memory',
          warning: `This browser cannot keep the database on this device (${errorText(this.poolError)}). Records are kept only while the app is open: sync before closing it.`,
          sqliteVersion,
        },
      };
    }
    registerSearchFunctions(opened.db);
    createBatchLog(opened.db);
    this.files.set(file, opened);
    return opened;
  }

  private init(): Promise<Sqlite3> {
    this.sqlite3 ??= sqlite3InitModule();
    return this.sqlite3;
  }

  /** The OPFS pool, or null when this browser has no usable OPFS. */
  private async installPool(sqlite3: Sqlite3): Promise<Pool | null> {
    if (this.pool || this.poolError) return this.pool;
    // The previous holder of the database (a page being reloaded) may take a
    // moment to let go of the OPFS access handles after its lock is released.
    for (let attempt = 0; attempt < 6; attempt++) {
      try {
        this.pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'clinicsync-sahpool' });
        return this.pool;
      } catch (error) {
        this.poolError = error;
        if (typeof navigator.storage?.getDirectory !== 'function') break;
        await sleep(250 * (attempt + 1));
        this.poolError = null;
      }
    }
    this.poolError ??= new Error('OPFS is not available');
    return null;
  }

  private async delete(file: string): Promise<void> {
    const open = this.files.get(file);
    open?.db.close();
    open?.writer.dispose();
    this.files.delete(file);
    this.deleted.add(file);
    const pool = await this.installPool(await this.init());
    if (!pool) return;
    // The database and whatever journal SQLite left beside it.
    for (const name of pool.getFileNames()) {
      if (name === file || name.startsWith(`${file}-`)) pool.unlink(name);
    }
  }
}
