import type { Transaction } from '../../db/database.js';
import { pullTableSql } from './pull-sql.js';
import type { ChangeKind, PullScope } from './pull-sql.js';
import { TableJsonWriter } from './table-json-writer.js';

const batchSize = 2000;

export type PullCounts = Record<string, Partial<Record<ChangeKind, number>>>;

/**
 * Streams the `changes` object of an unpaged pull as JSON text, table by
 * table and kind by kind. Rows become wire JSON in SQL and arrive through a
 * cursor, so the server never holds a change set as objects. A table with
 * nothing to send is left out.
 */
export async function* readChanges(
  tx: Transaction,
  scope: PullScope,
  counts: PullCounts,
): AsyncGenerator<string> {
  yield '{';
  let anyTable = false;
  for (const table of scope.tables) {
    const writer = new TableJsonWriter(table.name, anyTable);
    const { sql, params } = pullTableSql(table, scope);
    const tableCounts = (counts[table.name] ??= {});
    for await (const rows of tx.cursor<{ k: ChangeKind; j: string }>(sql, params, batchSize)) {
      // Rows arrive ordered by kind: write each run of one kind at once.
      let start = 0;
      while (start < rows.length) {
        const kind = rows[start]!.k;
        let end = start;
        while (end < rows.length && rows[end]!.k === kind) end++;
        yield writer.rows(
          kind,
          rows.slice(start, end).map((r) => r.j),
        );
        tableCounts[kind] = (tableCounts[kind] ?? 0) + end - start;
        start = end;
      }
    }
    if (writer.started) {
      yield writer.end();
      anyTable = true;
    }
  }
  yield '}';
}
