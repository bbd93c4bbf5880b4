import Database from 'better-sqlite3';
import { unpackRows } from '../driver/packed-rows.js';
import type { SqlDriver, SqlStatement, SqlValue } from '../driver/sql-driver.js';
import { searchFunctions, textArgument } from '../search/search-functions.js';

export interface NodeDriverOptions {
  /** A database file, created if missing; `:memory:` (the default) for a private in-memory one. */
  readonly file?: string;
}

/** A driver on better-sqlite3, with the connection for direct checks (`PRAGMA integrity_check`). */
export interface NodeDriver extends SqlDriver {
  readonly database: Database.Database;
}

// Statements are kept prepared by SQL text; the store's SQL is a small fixed
// set per table, but app queries vary, so the cache is bounded.
const maxCachedStatements = 500;

/**
 * Opens a better-sqlite3 connection as a SqlDriver. A file database runs in
 * WAL mode with `synchronous = NORMAL`: a batch is atomic and survives a
 * killed process; only a power cut may lose the last committed batches,
 * never half of one. Errors: better-sqlite3's (file not writable, not a
 * database) thrown at once; query and batch errors reject their promise.
 *
 * @example
 * const driver = createNodeDriver({ file: 'clinic.db' });
 * const store = await openStore(driver);
 */
export function createNodeDriver(options: NodeDriverOptions = {}): NodeDriver {
  const file = options.file ?? ':memory:';
  const database = new Database(file);
  if (file !== ':memory:' && file !== '') {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
  }
  database.pragma('busy_timeout = 5000');
  for (const { name, apply } of searchFunctions) {
    database.function(name, { deterministic: true }, (value: unknown) =>
      apply(textArgument(value)),
    );
  }

  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= maxCachedStatements) cache.clear();
      statement = database.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };

  const runBatch = database.transaction((statements: readonly SqlStatement[]) => {
    for (const statement of statements) {
      const prepared = prepare(statement.sql);
      if ('rows' in statement) {
        for (const row of statement.rows) prepared.run(row);
      } else if ('packed' in statement) {
        for (const row of unpackRows(statement.packed)) prepared.run(row);
      } else {
        prepared.run(statement.params ?? []);
      }
    }
  });

  return {
    database,
    async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
      const statement = prepare(sql);
      if (!statement.reader) {
        statement.run(params);
        return [];
      }
      return statement.all(params) as Row[];
    },
    async batch(statements: readonly SqlStatement[]): Promise<void> {
      runBatch(statements);
    },
    async close(): Promise<void> {
      cache.clear();
      if (database.open) database.close();
    },
  };
}
