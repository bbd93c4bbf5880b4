import type { Table } from '@clinicsync/schema';
import type { Transaction } from '../db/database.js';
import { changedTablesSql, pullTableSql, pulledTables } from './pull-query.js';
import type { ChangeKind, PullScope } from './pull-query.js';

export const changeKinds: readonly ChangeKind[] = ['created', 'updated', 'deleted'];
const batchSize = 2000;

export type PullCounts = Record<string, Partial<Record<ChangeKind, number>>>;

/**
 * Writes one table's `{"created":[…],"updated":[…],"deleted":[…]}` as rows
 * arrive kind by kind; all three arrays are always present, as WatermelonDB expects.
 */
class TableJsonWriter {
  private open = -1;
  private rowsInOpen = 0;

  constructor(
    private readonly name: string,
    private readonly leadingComma: boolean,
  ) {}

  get started(): boolean {
    return this.open >= 0;
  }

  /** The text that precedes `rows` of `kind` (opening the table and skipped kinds). */
  rows(kind: ChangeKind, rows: readonly string[]): string {
    const target = changeKinds.indexOf(kind);
    let text = '';
    if (this.open < 0) text += `${this.leadingComma ? ',' : ''}${JSON.stringify(this.name)}:{`;
    if (this.open !== target) {
      text += this.closeThrough(target - 1);
      text += `${target > 0 ? ',' : ''}"${kind}":[`;
      this.open = target;
      this.rowsInOpen = 0;
    }
    text += (this.rowsInOpen > 0 ? ',' : '') + rows.join(',');
    this.rowsInOpen += rows.length;
    return text;
  }

  /** Closes the open array, and writes empty arrays for the kinds up to `last`. */
  private closeThrough(last: number): string {
    let text = this.open >= 0 ? ']' : '';
    for (let i = Math.max(this.open, -1) + 1; i <= last; i++) {
      text += `${i > 0 ? ',' : ''}"${changeKinds[i]}":[]`;
    }
    return text;
  }

  end(): string {
    if (this.open < 0) return '';
    return `${this.closeThrough(changeKinds.length - 1)}}`;
  }
}

/** The tables worth querying: on an incremental pull, only those with newer versions. */
async function tablesToRead(tx: Transaction, scope: PullScope): Promise<readonly Table[]> {
  if (scope.since === 0 || scope.migration) return pulledTables;
  const rows = await tx.query<{ name: string }>(changedTablesSql(pulledTables), [scope.since]);
  const changed = new Set(rows.map((r) => r.name));
  return pulledTables.filter((t) => changed.has(t.name));
}

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
  for (const table of await tablesToRead(tx, scope)) {
    const writer = new TableJsonWriter(table.name, anyTable);
    const sql = pullTableSql(table, scope);
    if (!sql) continue;
    const tableCounts = (counts[table.name] ??= {});
    for await (const rows of tx.cursor<{ k: ChangeKind; j: string }>(
      sql,
      [scope.since, scope.userId],
      batchSize,
    )) {
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

export { TableJsonWriter };
