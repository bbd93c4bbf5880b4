import { z } from 'zod';
import { checkValue, datePattern, decimalPattern, maxTimeMs, minTimeMs } from '../check-value.js';
import { getTable, syncedTables } from '../model.js';
import type { Column, Table, TableName } from '../model.js';
import type { AnyWireRow } from '../wire-types.js';
import { recordId } from './record-id.js';

/** The JSON type (and pattern or range, for readers) of a column's values. */
function columnType(column: Column): z.ZodType {
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
      return z.union([z.literal(''), z.string().regex(datePattern, "'YYYY-MM-DD' or ''")]);
    case 'float':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'decimal':
      return z.string().regex(decimalPattern, "a decimal such as '12.50'");
  }
}

/**
 * A column's values: its type, nullable where the column is optional, held
 * to `checkValue` (the rule the server and devices store values by: a real
 * calendar date, valid JSON text, no U+0000), so the documented row accepts
 * exactly what is stored.
 */
function columnSchema(column: Column): z.ZodType {
  const type = columnType(column);
  return (column.optional ? type.nullable() : type).superRefine((value, ctx) => {
    const problem = checkValue(column, value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

function columnsOf(table: Table, wrap: (schema: z.ZodType) => z.ZodType = (s) => s) {
  return Object.fromEntries(table.columns.map((c) => [c.name, wrap(columnSchema(c))]));
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
        ...columnsOf(table, (schema) => schema.optional()),
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
