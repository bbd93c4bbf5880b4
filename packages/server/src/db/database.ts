/** Something SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one statement with `$1…` parameters and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Transaction extends Queryable {
  /** Runs a script of several statements without parameters (migrations). */
  execScript(sql: string): Promise<void>;
  /**
   * Streams the rows of `sql` in batches through a server-side cursor, so a
   * large result never sits in memory whole.
   */
  cursor<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[],
    batchSize: number,
  ): AsyncIterable<Row[]>;
}

export type Isolation = 'read committed' | 'repeatable read';

/** Settings for one transaction (`SET LOCAL name = value`), e.g. `{ jit: 'off' }`. */
export type LocalSettings = Readonly<Record<string, string>>;

/** `SET LOCAL` statements for `settings`, each ending in a semicolon. */
export function setLocalSql(settings: LocalSettings | undefined): string {
  return Object.entries(settings ?? {})
    .map(([name, value]) => `SET LOCAL ${name} = ${value};`)
    .join(' ');
}

export type Engine = 'pglite' | 'postgres';

/**
 * The storage both engines implement. The server speaks only PostgreSQL SQL;
 * PGlite runs it in process, node-postgres sends it to a server.
 */
export interface Database extends Queryable {
  readonly engine: Engine;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back
   * when it throws. `settings` (constants of the code, never input) are set
   * for the transaction alone, sent with its BEGIN in one round trip.
   */
  transaction<T>(
    work: (tx: Transaction) => Promise<T>,
    isolation?: Isolation,
    settings?: LocalSettings,
  ): Promise<T>;
  close(): Promise<void>;
}

let cursorCount = 0;

/** The cursor loop both engines share: DECLARE, FETCH until empty, CLOSE. */
export async function* fetchWithCursor<Row>(
  tx: Queryable,
  sql: string,
  params: readonly unknown[],
  batchSize: number,
): AsyncIterable<Row[]> {
  const name = `cs_cursor_${++cursorCount}`;
  await tx.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, params);
  try {
    for (;;) {
      const rows = await tx.query<Row>(`FETCH ${batchSize} FROM ${name}`);
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < batchSize) return;
    }
  } finally {
    await tx.query(`CLOSE ${name}`).catch(() => undefined);
  }
}
