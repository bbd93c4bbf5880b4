import { findTable, syncedTablesParentFirst } from '@clinicsync/schema';
import type { Table } from '@clinicsync/schema';
import type { SqlDriver } from '../driver/sql-driver.js';
import { columnList, decodeRow } from '../store/encode-values.js';
import { overruledTable, quote } from '../store/local-schema.js';

/** One record to push, as read (the snapshot its marking is compared with). */
export interface LocalChange {
  readonly table: Table;
  readonly kind: 'created' | 'updated' | 'deleted';
  readonly id: string;
  /** The row's `_rev` when read: mark-as-synced only marks it if unchanged since. */
  readonly rev: number;
  /** The wire JSON of the record: a raw with `_status`/`_changed`, or the id of a delete. */
  readonly json: string;
  /** An edit a pulled delete overruled (see overruledTable): sent so the server logs it. */
  readonly overruled?: true;
}

const readSize = 500;

/**
 * Yields every record waiting to be pushed, tables parents first (so a
 * split push sends patients before their visits), in id order, reading 500
 * rows at a time: a device with many offline changes never holds them all;
 * then the edits pulled deletes overruled.
 * Records written while this runs may or may not be included; those that
 * are not wait for the next sync. `device_only` tables are never read.
 */
export async function* fetchLocalChanges(driver: SqlDriver): AsyncGenerator<LocalChange> {
  for (const table of syncedTablesParentFirst) {
    let after = '';
    for (;;) {
      const rows = await driver.query<Record<string, unknown>>(
        `SELECT ${columnList(table)}, _status, _changed, _rev FROM ${quote(table.name)} WHERE _status != 'synced' AND id > ? ORDER BY id LIMIT ${readSize}`,
        [after],
      );
      for (const raw of rows) {
        const { _status, _changed, _rev, ...row } = raw;
        const id = row['id'] as string;
        const kind = _status as LocalChange['kind'];
        const json =
          kind === 'deleted'
            ? JSON.stringify(id)
            : JSON.stringify({ ...decodeRow(table, row), _status, _changed });
        yield { table, kind, id, rev: _rev as number, json };
      }
      if (rows.length < readSize) break;
      after = rows.at(-1)?.['id'] as string;
    }
  }
  // Few, and small: a record deleted on the server while edited here.
  const overruled = await driver.query<{ table_name: string; id: string; raw: string }>(
    `SELECT table_name, id, raw FROM ${overruledTable} ORDER BY table_name, id`,
  );
  for (const { table_name, id, raw } of overruled) {
    const table = findTable(table_name);
    if (!table) continue;
    const kind =
      (JSON.parse(raw) as { _status?: string })._status === 'created' ? 'created' : 'updated';
    yield { table, kind, id, rev: 0, json: raw, overruled: true };
  }
}
