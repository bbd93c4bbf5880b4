// The database worker: SQLite WASM on OPFS (the opfs-sahpool VFS, which needs
// no COOP/COEP headers), answering the page's driver calls one at a time so
// the page never blocks on the database.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { runBatch, runQuery } from './sql-executor.js';
import type { Oo1Database } from './sql-executor.js';
import type { OpenResult, WorkerRequest, WorkerResponse } from './worker-messages.js';

let db: Oo1Database | null = null;

function reply(response: WorkerResponse): void {
  self.postMessage(response);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function open(file: string): Promise<OpenResult> {
  const sqlite3 = await sqlite3InitModule();
  const sqliteVersion = sqlite3.version.libVersion;
  let lastError: unknown = null;
  // A reloaded page can start before the previous page's worker has let go
  // of the OPFS access handles: wait a little before giving up on OPFS.
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'clinicsync-sahpool' });
      db = new pool.OpfsSAHPoolDb(file) as unknown as Oo1Database;
      return { storage: 'opfs', warning: null, sqliteVersion };
    } catch (error) {
      lastError = error;
      if (typeof navigator.storage?.getDirectory !== 'function') break;
      await sleep(250 * (attempt + 1));
    }
  }
  db = new sqlite3.oo1.DB(':memory:', 'c') as unknown as Oo1Database;
  return {
    storage: 'memory',
    warning: `This browser cannot keep the database on this device (${errorText(lastError)}). Records are kept only until the page is closed: sync before closing it, or open the app in one tab only.`,
    sqliteVersion,
  };
}

function requireDb(): Oo1Database {
  if (db === null) throw new Error('The database is not open.');
  return db;
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.type) {
    case 'open':
      return open(request.file);
    case 'query':
      return runQuery(requireDb(), request.sql, request.params);
    case 'batch':
      runBatch(requireDb(), request.statements);
      return null;
    case 'close':
      db?.close();
      db = null;
      return null;
  }
}

// Requests are handled strictly in order: an `open` that waits must not let
// a later query run first.
let queue: Promise<void> = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  queue = queue.then(async () => {
    try {
      reply({ id: request.id, ok: true, result: await handle(request) });
    } catch (error) {
      reply({ id: request.id, ok: false, error: errorText(error) });
    }
  });
});
