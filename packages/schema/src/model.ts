import { tableSpecs } from './tables.generated.js';
import type { ColumnSpec, SyncDirection, TableSpec } from './table-spec.js';

export type TableName = (typeof tableSpecs)[number]['name'];

/**
 * How a column is stored and checked. The spec only says string/number/
 * boolean/decimal; the kind adds what the server needs to store each value
 * in a native PostgreSQL type that round-trips exactly:
 * - `time`: epoch milliseconds on the wire, `timestamptz` in storage;
 * - `date`: `YYYY-MM-DD` (or '' for unknown) on the wire, `date` in storage;
 * - `json`: a JSON-encoded string, kept byte for byte;
 * - `float`, `boolean`, `text`, `decimal` (a string on the wire, `numeric` in storage).
 */
export type ColumnKind = 'text' | 'json' | 'time' | 'date' | 'float' | 'boolean' | 'decimal';

export interface Column extends ColumnSpec {
  readonly kind: ColumnKind;
  readonly optional: boolean;
}

export interface Table {
  readonly name: TableName;
  readonly sync: SyncDirection;
  readonly columns: readonly Column[];
  readonly columnsByName: ReadonlyMap<string, Column>;
  /** Parent tables and the column of this table that points at each. */
  readonly parents: readonly { readonly table: TableName; readonly column: string }[];
}

// Number columns holding instants. The spec types them `number`; their names
// are the only signal, so the rule is explicit and checked by a test.
const timeColumnPattern = /(_at|_date|^timestamp|_timestamp|^date_value|^last_modified)$/;

function kindOf(column: ColumnSpec): ColumnKind {
  if (column.json) return 'json';
  switch (column.type) {
    case 'boolean':
      return 'boolean';
    case 'decimal':
      return 'decimal';
    case 'number':
      return timeColumnPattern.test(column.name) ? 'time' : 'float';
    case 'string':
      return column.name === 'date_of_birth' ? 'date' : 'text';
  }
}

/** `patients` → `patient_id`: how a child row names its parent. */
export function foreignKeyFor(parent: string): string {
  return `${parent.replace(/s$/, '')}_id`;
}

function buildTable(spec: TableSpec): Table {
  const columns = spec.columns.map((c): Column => ({
    ...c,
    optional: c.optional === true,
    kind: kindOf(c),
  }));
  const columnsByName = new Map(columns.map((c) => [c.name, c]));
  const parents = (spec.parents ?? []).map((parent) => {
    const column = foreignKeyFor(parent);
    if (!columnsByName.has(column)) {
      throw new Error(`schema: ${spec.name} names parent ${parent} but has no ${column} column`);
    }
    return { table: parent as TableName, column };
  });
  return { name: spec.name as TableName, sync: spec.sync, columns, columnsByName, parents };
}

/** Every table of the spec, in spec order. */
export const tables: readonly Table[] = tableSpecs.map(buildTable);

const tablesByName = new Map<string, Table>(tables.map((t) => [t.name, t]));

/** The table named `name`, or undefined for a name the schema does not know. */
export function findTable(name: string): Table | undefined {
  return tablesByName.get(name);
}

/** The table named `name`; throws for an unknown name (a programming error). */
export function getTable(name: TableName): Table {
  const table = tablesByName.get(name);
  if (!table) throw new Error(`unknown table ${name}`);
  return table;
}

/** Tables that travel between devices and server (not `device_only`). */
export const syncedTables: readonly Table[] = tables.filter((t) => t.sync !== 'device_only');

/**
 * Synced tables ordered parents before children, so a push can write parents
 * first and a delete can cascade in one pass.
 */
export const syncedTablesParentFirst: readonly Table[] = (() => {
  const ordered: Table[] = [];
  const visit = (table: Table, path: Set<string>) => {
    if (ordered.includes(table)) return;
    if (path.has(table.name)) throw new Error(`schema: parent cycle at ${table.name}`);
    path.add(table.name);
    for (const parent of table.parents) visit(getTable(parent.table), path);
    path.delete(table.name);
    ordered.push(table);
  };
  for (const table of syncedTables) visit(table, new Set());
  return ordered;
})();

/** The tables that list `parent` among their parents. */
export function childrenOf(parent: TableName): readonly { table: Table; column: string }[] {
  return syncedTablesParentFirst.flatMap((t) =>
    t.parents.filter((p) => p.table === parent).map((p) => ({ table: t, column: p.column })),
  );
}
