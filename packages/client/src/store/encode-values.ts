import { checkValue, defaultValue, idPattern } from '@clinicsync/schema';
import type { AnyWireRow, Column, ColumnKind, Table } from '@clinicsync/schema';
import type { SqlValue } from '../driver/sql-driver.js';
import { ClinicSyncError } from '../errors.js';
import { quote } from './local-schema.js';

type WireValue = string | number | boolean | null;

/** SQLite has no booleans: they are stored as 0/1, like WatermelonDB does. */
export function toSql(value: WireValue): SqlValue {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/** `id, "col", …`: the columns a record is read with (no sync columns). */
export function columnList(table: Table): string {
  return ['id', ...table.columns.map((c) => quote(c.name))].join(', ');
}

const booleanColumns = new Map<string, readonly string[]>();

function booleansOf(table: Table): readonly string[] {
  let names = booleanColumns.get(table.name);
  if (!names) {
    names = table.columns.filter((c) => c.kind === 'boolean').map((c) => c.name);
    booleanColumns.set(table.name, names);
  }
  return names;
}

/** Turns a row read with `columnList` back into wire values, in place. */
export function decodeRow(table: Table, raw: Record<string, unknown>): AnyWireRow {
  for (const name of booleansOf(table)) {
    const value = raw[name];
    if (value !== null && value !== undefined) raw[name] = value !== 0;
  }
  return raw as AnyWireRow;
}

/** Throws `invalid_id` unless `id` is an id devices and the server accept. */
export function checkId(table: Table, id: unknown): asserts id is string {
  if (typeof id !== 'string' || !idPattern.test(id)) {
    throw new ClinicSyncError(
      'invalid_id',
      `${table.name}: the id ${JSON.stringify(id)} is not valid; use 1 to 64 of A-Z a-z 0-9 _ . -`,
    );
  }
}

/** The column `name` of `table`; throws `unknown_column` for a name the schema lacks. */
export function columnOf(table: Table, name: string): Column {
  const column = table.columnsByName.get(name);
  if (!column) {
    throw new ClinicSyncError('unknown_column', `${table.name} has no column "${name}".`);
  }
  return column;
}

/** Checks a value an app writes with the schema's rule; throws `invalid_value`, nothing is written. */
export function checkWrite(table: Table, column: Column, value: unknown, id: string): SqlValue {
  const problem = value === undefined ? 'must not be undefined' : checkValue(column, value);
  if (problem) {
    throw new ClinicSyncError('invalid_value', `${table.name}.${column.name} ${problem}.`, {
      details: { table: table.name, id, column: column.name, value },
    });
  }
  return toSql(value as WireValue);
}

/** The JSON type a pulled value of each column kind has on the wire. */
export const wireTypeOf: Record<ColumnKind, 'string' | 'number' | 'boolean'> = {
  text: 'string',
  json: 'string',
  date: 'string',
  decimal: 'string',
  time: 'number',
  float: 'number',
  boolean: 'boolean',
};

/**
 * Encodes a pulled value. The server validated it on the way in, so only
 * the type is checked (a full `checkValue` would parse every JSON column of
 * a first sync); a wrong type means a server we cannot trust: `bad_response`.
 * A missing column gets WatermelonDB's default, as its `sanitizeRaw` does.
 */
export function encodePulled(table: Table, column: Column, value: unknown, id: string): SqlValue {
  if (value === null && column.optional) return null;
  if (value === undefined) return toSql(defaultValue(column));
  if (typeof value === wireTypeOf[column.kind]) return toSql(value as WireValue);
  throw new ClinicSyncError(
    'bad_response',
    `The server sent ${table.name} ${id} with ${column.name} = ${JSON.stringify(value)}, which is not a valid ${column.kind}; sync stopped so nothing wrong is stored. Tell your administrator.`,
    { details: { table: table.name, id, column: column.name } },
  );
}
