import { tables } from './model.js';
import { schemaVersion } from './tables.generated.js';

/** What WatermelonDB's `tableSchema()` takes for one column. */
export interface WatermelonColumnInput {
  name: string;
  type: 'string' | 'number' | 'boolean';
  isOptional?: boolean;
  isIndexed?: boolean;
}

/** What WatermelonDB's `tableSchema()` takes for one table. */
export interface WatermelonTableInput {
  name: string;
  columns: WatermelonColumnInput[];
}

/**
 * The schema v9 tables in the shape WatermelonDB's `tableSchema()` takes.
 * `decimal` columns are strings on a device, as in the Hikma app.
 */
export const watermelonTables: readonly WatermelonTableInput[] = tables.map((table) => ({
  name: table.name,
  columns: table.columns.map((column) => ({
    name: column.name,
    type: column.type === 'decimal' ? 'string' : column.type,
    ...(column.optional ? { isOptional: true } : {}),
    ...(column.indexed ? { isIndexed: true } : {}),
  })),
}));

/**
 * Builds the WatermelonDB `appSchema` for version 9 with WatermelonDB's own
 * functions, so this package does not depend on WatermelonDB.
 *
 * @example
 * const { appSchema, tableSchema } = require('@nozbe/watermelondb');
 * const schema = buildWatermelonAppSchema({ appSchema, tableSchema });
 */
export function buildWatermelonAppSchema<TableSchema, AppSchema>(watermelon: {
  appSchema: (spec: { version: number; tables: TableSchema[] }) => AppSchema;
  tableSchema: (spec: WatermelonTableInput) => TableSchema;
}): AppSchema {
  return watermelon.appSchema({
    version: schemaVersion,
    tables: watermelonTables.map((table) => watermelon.tableSchema(table)),
  });
}
