import type { Column, Table } from '@clinicsync/schema';

/** A quoted SQL identifier. Names come from the schema, never from a request. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The composite type whose `row_to_json` is a table's wire row. */
export function wireTypeName(table: Table): string {
  return ident(`wire_${table.name}`);
}

/** The PostgreSQL type a column is stored in. */
export function storageType(column: Column): string {
  switch (column.kind) {
    case 'text':
    case 'json':
      return 'text';
    case 'time':
      return 'timestamptz';
    case 'date':
      return 'date';
    case 'float':
      return 'double precision';
    case 'boolean':
      return 'boolean';
    case 'decimal':
      return 'numeric';
  }
}

/** The PostgreSQL type a column has on the wire (in the wire composite and in pushed JSON). */
export function wireType(column: Column): string {
  switch (column.kind) {
    case 'time':
      return 'bigint';
    case 'float':
      return 'double precision';
    case 'boolean':
      return 'boolean';
    case 'text':
    case 'json':
    case 'date':
    case 'decimal':
      return 'text';
  }
}

/** SQL turning the stored `source` (e.g. `t."created_at"`) into its wire value. */
export function toWireSql(column: Column, source: string): string {
  switch (column.kind) {
    case 'time':
      // extract() is numeric (exact) since PostgreSQL 14.
      return `(extract(epoch from ${source}) * 1000)::bigint`;
    case 'date':
      // An unknown date travels as '' (WatermelonDB's default for a string).
      return `coalesce(to_char(${source}, 'YYYY-MM-DD'), '')`;
    case 'decimal':
      return `${source}::text`;
    default:
      return source;
  }
}

/** SQL turning a wire value `source` (typed as `wireType`) into its stored value. */
export function fromWireSql(column: Column, source: string): string {
  switch (column.kind) {
    case 'time':
      // Whole seconds through to_timestamp, then the milliseconds as an
      // interval: exact for every year 0001–9999, unlike ms * interval.
      return `(to_timestamp(div(${source}, 1000)) + mod(${source}, 1000) * interval '1 millisecond')`;
    case 'date':
      return `nullif(${source}, '')::date`;
    case 'decimal':
      return `${source}::numeric`;
    default:
      return source;
  }
}

/**
 * `ROW(...)::wire_t` for the table aliased `alias`: `row_to_json` of it is the
 * wire row. `replaced` gives SQL to send instead of some columns' values.
 */
export function wireRowSql(
  table: Table,
  alias: string,
  replaced?: Readonly<Record<string, string>>,
): string {
  const fields = [
    `${alias}.id`,
    ...table.columns.map((c) => replaced?.[c.name] ?? toWireSql(c, `${alias}.${ident(c.name)}`)),
  ];
  return `ROW(${fields.join(', ')})::${wireTypeName(table)}`;
}
