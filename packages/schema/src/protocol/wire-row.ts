import { z } from 'zod';
import { maxTimeMs, minTimeMs } from '../check-value.js';
import { getTable, syncedTables } from '../model.js';
import type { Column, Table, TableName } from '../model.js';
import type { AnyWireRow } from '../wire-types.js';
import { recordId } from './record-id.js';

function columnSchema(column: Column): z.ZodType {
  switch (column.kind) {
    case 'text':
      return z.string();
    case 'json':
      return z.string().meta({ description: 'JSON-encoded text, returned byte for byte' });
    case 'time':
      return z
        .number()
        .int()
        .min(minTimeMs)
        .max(maxTimeMs)
        .meta({ description: 'epoch milliseconds' });
    case 'date':
      return z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, "'YYYY-MM-DD' or ''");
    case 'float':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'decimal':
      return z.string().regex(/^-?(0|[1-9]\d*)(\.\d+)?$/, "a decimal such as '12.50'");
  }
}

function columnsOf(table: Table): Record<string, z.ZodType> {
  return Object.fromEntries(
    table.columns.map((column) => {
      const schema = columnSchema(column);
      return [column.name, column.optional ? schema.nullable() : schema];
    }),
  );
}

const pulledRows = new Map<TableName, z.ZodObject>();
const pushedRows = new Map<TableName, z.ZodObject>();

/**
 * A pulled row of `table`, generated from the data model: every column,
 * `null` only where the column is optional; the OpenAPI component
 * `<table>.Row`. Built on first use: devices never need it (pulls are not
 * parsed with these, see `pulledRow`), and the per-table schemas are most of
 * the protocol's memory. Tests hold the server to them.
 *
 * @example
 * wireRowSchema('patients').parse(row); // throws a ZodError naming the column
 */
export function wireRowSchema(name: TableName): z.ZodObject {
  let schema = pulledRows.get(name);
  if (!schema) {
    const table = getTable(name);
    schema = z
      .strictObject({ id: recordId, ...columnsOf(table) })
      .meta({ id: `${table.name}.Row`, description: `A ${table.name} row as pulled.` });
    pulledRows.set(name, schema);
  }
  return schema;
}

/**
 * A pushed raw of `table`: any subset of the columns (a missing one keeps
 * the server's value, or WatermelonDB's default on a create), plus
 * WatermelonDB's `_status` and `_changed`, which the server reads and never
 * stores; the OpenAPI component `<table>.PushedRow`. Pushes are checked by
 * `validatePush`, generated from the same model, which also checks and then
 * ignores the tables that never leave a device. Built on first use.
 */
export function pushedRowSchema(name: TableName): z.ZodObject {
  let schema = pushedRows.get(name);
  if (!schema) {
    const table = getTable(name);
    schema = z
      .strictObject({
        id: recordId,
        ...z.object(columnsOf(table)).partial().shape,
        _status: z.unknown().optional().meta({ description: "WatermelonDB's; read, never stored" }),
        _changed: z
          .string()
          .nullable()
          .optional()
          .meta({ description: 'comma-separated names of the columns the device edited' }),
      })
      .meta({ id: `${table.name}.PushedRow`, description: `A ${table.name} raw as pushed.` });
    pushedRows.set(name, schema);
  }
  return schema;
}

function isRow(value: unknown): value is AnyWireRow {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { id?: unknown }).id === 'string'
  );
}

/**
 * A row in a pull answer, as a device checks it on arrival: an object with a
 * string id. Its values are checked column by column as they are stored,
 * and a table this device does not know is skipped (a newer server), so the
 * envelope stays cheap: a check per row, not per value.
 */
export const pulledRow = z.custom<AnyWireRow>(isRow, 'A row must be an object with an id.').meta({
  description: 'A row of the table it is listed under: see the `<table>.Row` schemas.',
  anyOf: syncedTables.map((t) => ({ $ref: `#/components/schemas/${t.name}.Row` })),
});
