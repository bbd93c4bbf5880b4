// The floor: the same rows a first sync brings, read straight from the
// database and written into SQLite, with no HTTP, no JSON, no sync logic.
// PostgreSQL: one `COPY (SELECT …) TO STDOUT` per table (text format), each
// line parsed and run through one prepared INSERT per table, all in one
// SQLite transaction. PGlite (in process, no COPY streaming to the client):
// the same SELECT in keyset pages of 20,000 rows.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { syncedTables } from '@clinicsync/schema';
import type { Column, Table } from '@clinicsync/schema';
import type { PGlite } from '@electric-sql/pglite';
import type BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { peerInput, runPeer } from '../lib/peer.js';

interface Input {
  databaseUrl?: string;
  dataDir?: string;
  file: string;
}

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof BetterSqlite3;
// pg-copy-streams ships no types: its `to` is a pg Submittable that is also a readable stream.
const { to: copyTo } = require('pg-copy-streams') as {
  to(sql: string): pg.Submittable & NodeJS.ReadableStream;
};

const quote = (name: string) => `"${name}"`;

/** The wire value of a stored column, computed in SQL (as the server's wire types do). */
function wireSql(column: Column): string {
  const source = `t.${quote(column.name)}`;
  if (column.kind === 'time') return `(extract(epoch from ${source}) * 1000)::bigint`;
  if (column.kind === 'date') return `coalesce(to_char(${source}, 'YYYY-MM-DD'), '')`;
  if (column.kind === 'decimal') return `${source}::text`;
  return source;
}

function selectSql(table: Table): string {
  return `SELECT t.id, ${table.columns.map(wireSql).join(', ')} FROM ${quote(table.name)} t WHERE NOT t._deleted`;
}

/** COPY text format: `\N` is null, backslash escapes otherwise. */
function unescapeCopy(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, code: string) => {
    const simple: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
    if (code[0] === 'x') return String.fromCharCode(parseInt(code.slice(1), 16));
    if (/^[0-7]/.test(code)) return String.fromCharCode(parseInt(code, 8));
    return simple[code] ?? code;
  });
}

/** A text value as SQLite stores it on the device (booleans 0/1, numbers as numbers). */
function fromText(column: Column, text: string | null): unknown {
  if (text === null) return null;
  if (column.kind === 'boolean') return text === 't' ? 1 : 0;
  if (column.kind === 'time' || column.kind === 'float') return Number(text);
  return text;
}

function fromPglite(column: Column, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.kind === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  return value;
}

function createTables(db: BetterSqlite3.Database): Map<string, BetterSqlite3.Statement> {
  const inserts = new Map<string, BetterSqlite3.Statement>();
  for (const table of syncedTables) {
    const columns = ['id', ...table.columns.map((c) => c.name)].map(quote);
    db.exec(
      `CREATE TABLE ${quote(table.name)} (${columns.map((c, i) => (i === 0 ? `${c} TEXT PRIMARY KEY NOT NULL` : c)).join(', ')})`,
    );
    inserts.set(
      table.name,
      db.prepare(`INSERT INTO ${quote(table.name)} VALUES (${columns.map(() => '?').join(', ')})`),
    );
  }
  return inserts;
}

async function copyFromPostgres(
  url: string,
  inserts: Map<string, BetterSqlite3.Statement>,
): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let rows = 0;
  try {
    for (const table of syncedTables) {
      const insert = inserts.get(table.name)!;
      const stream = client.query(copyTo(`COPY (${selectSql(table)}) TO STDOUT`));
      for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
        const fields = line.split('\t');
        const values: unknown[] = [unescapeCopy(fields[0]!)];
        table.columns.forEach((column, i) =>
          values.push(fromText(column, unescapeCopy(fields[i + 1]!))),
        );
        insert.run(values);
        rows++;
      }
    }
  } finally {
    await client.end();
  }
  return rows;
}

async function copyFromPglite(
  db: PGlite,
  inserts: Map<string, BetterSqlite3.Statement>,
): Promise<number> {
  let rows = 0;
  for (const table of syncedTables) {
    const insert = inserts.get(table.name)!;
    let after = '';
    for (;;) {
      const result = await db.query<unknown[]>(
        `${selectSql(table)} AND t.id > $1 ORDER BY t.id LIMIT 20000`,
        [after],
        { rowMode: 'array' },
      );
      for (const row of result.rows) {
        insert.run([row[0], ...table.columns.map((column, i) => fromPglite(column, row[i + 1]))]);
      }
      rows += result.rows.length;
      if (result.rows.length < 20000) break;
      after = String(result.rows.at(-1)![0]);
    }
  }
  return rows;
}

runPeer(async () => {
  const input = peerInput<Input>();
  const db = new Database(input.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const inserts = createTables(db);
  // Opening PGlite (starting PostgreSQL in WASM) is setup, like the server's start: not timed.
  const pglite = input.databaseUrl
    ? undefined
    : await (await import('@electric-sql/pglite')).PGlite.create(input.dataDir!);
  const started = performance.now();
  db.exec('BEGIN');
  const records = pglite
    ? await copyFromPglite(pglite, inserts)
    : await copyFromPostgres(input.databaseUrl!, inserts);
  db.exec('COMMIT');
  const ms = performance.now() - started;
  db.close();
  await pglite?.close();
  return { ms, records };
});
