import type { PushedRecord, Table } from '@clinicsync/schema';
import type { Operation } from './check-permissions.js';
import type { StoredRecord } from './read-push-scope.js';
import { patientColumn, text } from './record-links.js';

/** A record's value in a column (undefined: not known). */
export type Values = (column: string) => unknown;

/** What one pushed record would change: its operation and its values before and after. */
export interface RecordView {
  readonly operation: Operation;
  readonly stored: StoredRecord | undefined;
  readonly before: Values;
  readonly after: Values;
  /** Whether the write sets `column` to a value other than the stored one. */
  changes(column: string): boolean;
}

/**
 * A pushed record against what the server holds: an edit when the id is
 * stored (live or deleted), else a create. An edit writes only the columns
 * in `_changed` (all it sent when absent), as merge-columns.ts does; a
 * create writes every column it sent.
 */
export function viewOf(record: PushedRecord, stored: StoredRecord | undefined): RecordView {
  const { row, changed } = record;
  const written = (c: string) => c in row && (!stored || changed === null || changed.includes(c));
  return {
    operation: stored ? 'edit' : 'create',
    stored,
    before: (c) => (c === 'id' ? row.id : stored?.values[c]),
    after: (c) => (c === 'id' ? row.id : written(c) ? row[c] : stored?.values[c]),
    changes: (c) => written(c) && (!stored || text(row[c]) !== text(stored.values[c])),
  };
}

/** The values of a stored record, for a delete. */
export function storedValues(id: string, stored: StoredRecord): Values {
  return (c) => (c === 'id' ? id : stored.values[c]);
}

/** The patient a record with `values` hangs under ('' when none). */
export function patientOf(table: Table, values: Values): string {
  const column = patientColumn(table);
  return column ? text(values(column)) : '';
}
