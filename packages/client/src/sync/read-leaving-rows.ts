import type { Table } from '@clinicsync/schema';
import { columnList, decodeRow } from '../store/encode-values.js';
import { quote } from '../store/local-schema.js';
import type { StoreInternals } from '../store/store-internals.js';

/** What the device holds of the rows a pulled page deletes. */
export interface LeavingRows {
  /** Ids the device shows now: the rows the page removes from sight. */
  readonly present: readonly string[];
  /** Of those, the ones with local changes not pushed yet, each with the raw it would have pushed. */
  readonly changed: readonly { id: string; raw: string }[];
  /** For `patients`: the name each removed patient had, for the departures table. */
  readonly patients: readonly { id: string; given_name: string | null; surname: string | null }[];
}

/**
 * Reads, before a page deletes `ids` of `table`, which of them the device
 * has: one query in the usual case (every row synced), a second one for
 * the whole rows of those edited here. A local tombstone (`deleted`) is
 * not present: the app no longer shows it and its delete is pushed next.
 */
export async function readLeavingRows(
  store: StoreInternals,
  table: Table,
  ids: readonly string[],
): Promise<LeavingRows> {
  const names = table.name === 'patients' ? ', given_name, surname' : '';
  const rows = await store.driver.query<{
    id: string;
    _status: string;
    given_name?: string | null;
    surname?: string | null;
  }>(
    `SELECT id, _status${names} FROM ${quote(table.name)} WHERE _status != 'deleted' AND id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(ids)],
  );
  const edited = rows.filter((row) => row._status !== 'synced').map((row) => row.id);
  const changed =
    edited.length === 0
      ? []
      : (
          await store.driver.query<Record<string, unknown>>(
            `SELECT ${columnList(table)}, _status, _changed FROM ${quote(table.name)} WHERE id IN (SELECT value FROM json_each(?))`,
            [JSON.stringify(edited)],
          )
        ).map(({ _status, _changed, ...row }) => ({
          id: row['id'] as string,
          raw: JSON.stringify({ ...decodeRow(table, row), _status, _changed }),
        }));
  return {
    present: rows.map((row) => row.id),
    changed,
    patients:
      table.name === 'patients'
        ? rows.map((row) => ({
            id: row.id,
            given_name: row.given_name ?? null,
            surname: row.surname ?? null,
          }))
        : [],
  };
}
